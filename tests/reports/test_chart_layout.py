"""The bar charts' text stays inside the drawing and apart: seen cut and overlapping in the term report PDF, whose
DejaVu Sans is wider than the browsers' faces (reports/charts.py)."""

from reports.charts import LABEL_CHARS, LABEL_WIDTH, LEGEND_CHAR, LEGEND_CHARS, BarChart


def _chart(categories, series):
    return BarChart(key="k", title="t", description="d", categories=categories, series=series)


def test_legend_names_are_spaced_by_their_length_and_stay_inside_the_chart():
    chart = _chart(["a"], [("Autumn term 2026", [1]), ("Summer term 2026", [2]), ("Spring term 2026 (part)", [3])])
    items = chart.legend
    for before, after in zip(items, items[1:], strict=False):
        room = after["x"] - before["text_x"]
        assert room >= LEGEND_CHAR * len(before["name"]), (before, after)
    last = items[-1]
    assert last["text_x"] + LEGEND_CHAR * len(last["name"]) <= chart.width
    assert all(len(item["name"]) <= LEGEND_CHARS for item in items)  # a long name is cut, not run off the edge


def test_a_long_category_label_is_cut_to_fit_its_column():
    long = "Families with two-way contact in the period"
    row = _chart([long, "Babies"], [("now", [1, 2])]).rows
    assert row[0].label == long[:LABEL_CHARS - 1] + "…" and row[1].label == "Babies"
    assert LABEL_CHARS * 8 <= LABEL_WIDTH - 6  # 8px a character at 12px: the cut label fits beside the bars
