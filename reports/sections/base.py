"""What a dashboard section is made of. A section computes in the database and returns these plain objects.

The generic template (reports/_section.html) draws figures, charts and tables; the CSV export and the
print view use the same objects, so a section written once appears everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from families.params import is_id


@dataclass
class Drill:
    """A link from a number to the children behind it: section key, metric, optional value (e.g. a district)."""

    metric: str
    value: str = ""


@dataclass
class Cell:
    value: Any
    drill: Drill | None = None
    url: str = ""  # filled in by the view from `drill`
    warn: bool = False

    def __str__(self):
        return "" if self.value is None else str(self.value)


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[Any]]  # plain values or Cells
    empty: str = ""
    numeric_from: int = 1  # columns from this index are right-aligned numbers
    detail: bool = False  # one row per family: folded away on the dashboard, left to the CSV in the print view

    def cells(self):
        return [[c if isinstance(c, Cell) else Cell(c) for c in row] for row in self.rows]

    def body_html(self, printing=False):
        """The <tbody> rows, built here rather than in the template: a per-cell template costs ~10x more."""
        from django.utils.formats import localize
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        from reports.numbers import figure_text

        rows = []
        for row in self.cells():
            parts = []
            for i, cell in enumerate(row):
                text = "" if cell.value is None else localize(figure_text(cell.value))
                if cell.url and not printing:
                    inner = format_html('<a href="{}"{}>{}</a>', cell.url,
                                        mark_safe(' class="text-danger fw-semibold"') if cell.warn else "", text)
                elif cell.warn:
                    inner = format_html('<span class="text-danger fw-semibold">{}</span>', text)
                else:
                    inner = format_html("{}", text)
                if i == 0 and self.numeric_from > 0:
                    parts.append(format_html('<th scope="row" class="fw-normal">{}</th>', inner))
                elif i >= self.numeric_from:
                    parts.append(format_html('<td class="text-end">{}</td>', inner))
                else:
                    parts.append(format_html("<td>{}</td>", inner))
            rows.append(("".join(parts),))
        return format_html_join("\n", "<tr>{}</tr>", ((mark_safe(r[0]),) for r in rows))

    @property
    def body_html_print(self):
        return self.body_html(printing=True)

    def plain_rows(self):
        return [["" if (v.value if isinstance(v, Cell) else v) is None else (v.value if isinstance(v, Cell) else v)
                 for v in row] for row in self.rows]


@dataclass
class Figure:
    key: str
    label: str
    value: Any
    drill: Drill | None = None
    hint: str = ""
    url: str = ""
    warn: bool = False


@dataclass
class TrendFigure:
    key: str
    label: str
    current: Any
    previous: Any
    unit: str = ""  # "%" or "" or " days"
    higher_is_better: bool = True

    @property
    def change(self):
        if self.current is None or self.previous is None:
            return None
        return round(self.current - self.previous, 1)

    @property
    def direction(self):
        change = self.change
        if not change:
            return "same"
        good = (change > 0) == self.higher_is_better
        return "better" if good else "worse"


@dataclass
class Result:
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list = field(default_factory=list)  # charts.BarChart
    notes: list[str] = field(default_factory=list)

    def table(self, key):
        for table in self.tables:
            if table.key == key:
                return table
        return None


class Section:
    """Subclass, set `key` and `title`, implement compute(ctx). Register in sections/__init__.py.

    - compute(ctx) -> Result: a bounded number of queries whatever the volume (aggregate in SQL).
    - drilldowns: {metric: (label, callable(ctx, value) -> Child queryset)} for the numbers' links.
    - trend(ctx, current, previous) -> list[TrendFigure] for the headline trend (optional).
    - visible(ctx) -> bool: e.g. safeguarding only for the DSL.
    """

    key = ""
    title = ""
    description = ""
    drilldowns: dict[str, tuple[str, Callable[..., QuerySet]]] = {}

    def visible(self, ctx) -> bool:
        return True

    def describe(self) -> str:
        return self.description

    def compute(self, ctx) -> Result:
        raise NotImplementedError

    def trend(self, ctx, current, previous) -> list[TrendFigure]:
        return []

    def value_label(self, ctx, metric: str, value: str) -> str:
        """What a drill-down's value means, for its heading: a room value becomes the room's name."""
        return room_label(ctx, value)


def room_label(ctx, value: str) -> str:
    """A drill-down room value ("<room id>", "none", "") as the room's name (only a room of the setting)."""
    from django.utils.translation import gettext as _

    from families.models import Room

    if value == "none":
        return _("No room")
    if is_id(value):
        room = Room.objects.filter(setting_id=ctx.setting.pk, pk=int(value)).values_list("name", flat=True).first()
        return room or ""
    return value
