"""Server-rendered horizontal bar charts (SVG). No JavaScript, no external tiles or fonts.

Each chart is an <svg role="img"> with a <title> and <desc>, and every bar is labelled with its value,
so it reads without colour; the section's table with the same numbers sits next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABEL_WIDTH = 220
BAR_AREA = 360
VALUE_WIDTH = 70
BAR_HEIGHT = 18
SERIES_GAP = 2
ROW_GAP = 10
PALETTE = ("#2f5d62", "#c8743a", "#6a4c93", "#1f77b4")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    value_text: str
    fill: str
    series: str


@dataclass
class Row:
    label: str
    y: float
    bars: list[Bar]
    url: str = ""


@dataclass
class BarChart:
    key: str
    title: str
    description: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]  # (name, one value per category)
    unit: str = ""
    max_value: float | None = None
    urls: list[str] = field(default_factory=list)  # optional drill-down per category
    table_key: str = ""  # the table holding the same numbers

    @property
    def label_width(self):
        return LABEL_WIDTH

    @property
    def width(self):
        return LABEL_WIDTH + BAR_AREA + VALUE_WIDTH

    @property
    def row_height(self):
        n = len(self.series)
        return n * BAR_HEIGHT + (n - 1) * SERIES_GAP + ROW_GAP

    @property
    def legend_height(self):
        return 24 if len(self.series) > 1 else 0

    @property
    def height(self):
        return max(self.legend_height + len(self.categories) * self.row_height + 4, 30)

    @property
    def legend(self):
        if len(self.series) < 2:
            return []  # one series: its name is the chart's title
        return [{"name": name, "fill": PALETTE[i % len(PALETTE)], "x": LABEL_WIDTH + i * 150}
                for i, (name, _values) in enumerate(self.series)]

    @property
    def rows(self) -> list[Row]:
        values = [v for _name, vs in self.series for v in vs if v is not None]
        top = self.max_value or (max(values) if values else 0) or 1
        rows = []
        y = self.legend_height
        for i, label in enumerate(self.categories):
            bars = []
            for s, (name, vs) in enumerate(self.series):
                value = vs[i] if i < len(vs) else None
                width = 0 if value is None else max(BAR_AREA * float(value) / float(top), 0)
                text = "–" if value is None else f"{_fmt(value)}{self.unit}"
                bars.append(Bar(LABEL_WIDTH, y + s * (BAR_HEIGHT + SERIES_GAP), round(width, 1), text,
                                PALETTE[s % len(PALETTE)], name))
            url = self.urls[i] if i < len(self.urls) else ""
            text = str(label)
            rows.append(Row(text if len(text) <= 28 else text[:27] + "…", y, bars, url))
            y += self.row_height
        return rows

    @property
    def text_offset(self):
        return BAR_HEIGHT - 5


def _fmt(value):
    """A bar's number in the reader's language: digit grouping and decimal mark (1,500 / 1.500 / 1 500)."""
    from django.utils.formats import number_format

    if isinstance(value, float):
        value = round(value, 1)
        if value.is_integer():
            value = int(value)
        else:
            return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(value, force_grouping=True)
