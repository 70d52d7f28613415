def section(response, key):
    """A section's result. The overview links to one page per section, so from an overview response this
    follows the link to that section's page (same viewer, same scope and period)."""
    if "dashboard" in response.context:
        for report in response.context["dashboard"].sections:
            if report.section.key == key:
                return report.result
        raise AssertionError(f"no section {key}")
    from django.urls import reverse

    params = response.wsgi_request.GET.dict()
    match = response.wsgi_request.resolver_match
    if match.url_name == "room":
        params["room"] = match.kwargs["room_id"]
    page = response.client.get(reverse("reports:section", args=[key]), params)
    if page.status_code == 404 or page.context.get("report") is None:
        raise AssertionError(f"no section {key}")
    return page.context["report"].result


def figure(result, key):
    for f in result.figures:
        if f.key == key:
            return f.value
    raise AssertionError(f"no figure {key}")


def table(result, key):
    t = result.table(key)
    assert t is not None, f"no table {key}"
    return {str(row[0]): [getattr(c, "value", c) for c in row[1:]] for row in t.rows}
