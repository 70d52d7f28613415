def section(response, key):
    for report in response.context["dashboard"].sections:
        if report.section.key == key:
            return report.result
    raise AssertionError(f"no section {key}")


def figure(result, key):
    for f in result.figures:
        if f.key == key:
            return f.value
    raise AssertionError(f"no figure {key}")


def table(result, key):
    t = result.table(key)
    assert t is not None, f"no table {key}"
    return {str(row[0]): [getattr(c, "value", c) for c in row[1:]] for row in t.rows}
