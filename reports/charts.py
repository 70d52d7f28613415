"""Server-rendered horizontal bar charts (SVG). No JavaScript, no external tiles or fonts.

Each chart is an <svg role="img"> with a <title> and <desc>, and every bar is labelled with its value,
so it reads without colour; the section's table with the same numbers sits next to it.

In a right-to-left language (Arabic, Urdu) the chart is mirrored when the page is read: labels on the right,
bars growing leftwards from beside them, each value just left of its bar's end. The <svg> carries
direction="rtl", so the same text-anchor ("end" = towards the bars for labels, "start" = away from the bar for
values) is right in both directions. Numbers are formatted in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation

from .numbers import figure_text

LABEL_WIDTH = 220
BAR_AREA = 360
VALUE_WIDTH = 70
BAR_HEIGHT = 18
SERIES_GAP = 2
ROW_GAP = 10
# The text is 12px (the PDF's DejaVu Sans is wider than the browsers' faces): a label of more characters than fit
# its column is cut with "…" (the table beside the chart has it whole), and legend names are spaced by their length.
LABEL_CHARS = 26
LEGEND_CHARS = 22
LEGEND_CHAR = 8


def _cut(text, chars: int) -> str:
    text = str(text)
    return text if len(text) <= chars else text[:chars - 1] + "…"
PALETTE = ("#2f5d62", "#c8743a", "#6a4c93", "#1f77b4")


@dataclass
class Bar:
    x: float  # the rect's left edge
    y: float
    width: float
    value_text: str
    fill: str
    series: str
    value_x: float = 0  # where the value's text is anchored (just past the bar's end, in reading order)


@dataclass
class Row:
    label: str
    y: float
    bars: list[Bar]
    url: str = ""
    label_x: float = 0  # where the label is anchored (beside the bars)


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
    # A card's small chart: no label column (the card names the figure), a narrow drawing whose text stays
    # readable at the card's width, the legend one series per line.
    compact: bool = False

    @property
    def label_width(self):
        return 0 if self.compact else LABEL_WIDTH

    @property
    def bar_area(self):
        return 200 if self.compact else BAR_AREA

    @property
    def value_width(self):
        return 60 if self.compact else VALUE_WIDTH

    @property
    def rtl(self):
        """Whether the reader's language reads right to left (decided when the page is rendered)."""
        return translation.get_language_bidi()

    @property
    def direction(self):
        return "rtl" if self.rtl else "ltr"

    def _x(self, x, width=0):
        """x (of something `width` wide) in reading order: mirrored for a right-to-left reader."""
        return round(self.width - x - width, 1) if self.rtl else x

    @property
    def width(self):
        return self.label_width + self.bar_area + self.value_width

    @property
    def row_height(self):
        n = len(self.series)
        return n * BAR_HEIGHT + (n - 1) * SERIES_GAP + ROW_GAP

    @property
    def legend_height(self):
        if len(self.series) < 2:
            return 0
        return 18 * len(self.series) + 6 if self.compact else 24

    @property
    def height(self):
        return max(self.legend_height + len(self.categories) * self.row_height + 4, 30)

    @property
    def legend(self):
        if len(self.series) < 2:
            return []  # one series: its name is the chart's title
        items = []
        # Side by side, each name after the one before however long it is, from above the bars, or from the left
        # edge when they would not fit there.
        names = [_cut(name, LEGEND_CHARS) for name, _values in self.series]
        widths = [16 + LEGEND_CHAR * len(name) + 20 for name in names]
        across = self.label_width if self.label_width + sum(widths) <= self.width else 0
        for i, name in enumerate(names):
            x, y = (0, 18 * i) if self.compact else (across, 0)
            across += widths[i]
            items.append({"name": name, "fill": PALETTE[i % len(PALETTE)], "x": self._x(x, 12),
                          "text_x": self._x(x + 16), "y": y + 4, "text_y": y + 14})
        return items

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
                width = 0 if value is None else max(self.bar_area * float(value) / float(top), 0)
                text = "–" if value is None else f"{figure_text(value)}{self.unit}"
                width = round(width, 1)
                bars.append(Bar(self._x(self.label_width, width), y + s * (BAR_HEIGHT + SERIES_GAP), width, text,
                                PALETTE[s % len(PALETTE)], name, value_x=self._x(self.label_width + width + 4)))
            url = self.urls[i] if i < len(self.urls) else ""
            text = str(label)
            rows.append(Row(_cut(text, LABEL_CHARS), y, bars, url,
                            label_x=self._x(self.label_width - 6)))
            y += self.row_height
        return rows

    @property
    def text_offset(self):
        return BAR_HEIGHT - 5


