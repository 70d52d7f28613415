"""Diary read rate per family: of the days with a diary the family may see, on how many did a carer open it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import charts
from ..aggregates import ratio
from ..facts import facts_for, families_for, in_room, room_value
from .base import Cell, Drill, Figure, Result, Section, Table

LOW = 50  # % read below which a family is listed


def _low(ctx, value):
    facts = facts_for(ctx)
    ids = []
    for f in families_for(ctx):
        c = facts.of(f.pk)
        days = c.distinct_days.get("sf:diary_entry", 0)
        if f.in_period and in_room(f, value) and days and ratio(c.n("diary_read"), days) < LOW:
            ids.append(f.pk)
    return ctx.children().filter(pk__in=ids)


class Diary(Section):
    key = "diary"
    title = gettext_lazy("Diary reading")
    description = gettext_lazy("Days with diary entries in the period, and the days a family carer opened them.")
    drilldowns = {"low": (gettext_lazy("Families reading fewer than half of their child's diary days"), _low)}

    def compute(self, ctx) -> Result:
        facts = facts_for(ctx)
        rows, rooms = [], {}
        for f in families_for(ctx):
            if not f.in_period:
                continue
            c = facts.of(f.pk)
            days, read = c.distinct_days.get("sf:diary_entry", 0), c.n("diary_read")
            rate = ratio(read, days)
            rows.append([f.name, f.room, f.key_person, days, read, Cell(rate, warn=rate is not None and rate < LOW)])
            room = rooms.setdefault(f.room or _("No room"), [0, 0, room_value(f), 0])
            room[0] += days
            room[1] += read
            room[3] += 1 if rate is not None and rate < LOW else 0
        rows.sort(key=lambda r: (r[5].value if r[5].value is not None else 101, r[0]))
        names = sorted(rooms)
        low = sum(1 for r in rows if r[5].value is not None and r[5].value < LOW)
        total_days, total_read = sum(r[0] for r in rooms.values()), sum(r[1] for r in rooms.values())
        # The headline % drills to the families below half (the number a manager acts on).
        table = Table("families", _("Diary read rate per family"),
                      [_("Child"), _("Room"), _("Key person"), _("Diary days"), _("Days read"), _("% read")], rows,
                      numeric_from=3, empty=_("No children in this scope and period."), detail=True)
        room_table = Table("rooms", _("Diary read rate by room"), [_("Room"), _("Diary days"), _("Days read"),
                                                                   _("% read"), _("Families reading under half")],
                           [[n, rooms[n][0], rooms[n][1], ratio(rooms[n][1], rooms[n][0]),
                             Cell(rooms[n][3], Drill("low", rooms[n][2]), warn=rooms[n][3] > 0)] for n in names])
        chart = charts.BarChart("read_rate_by_room_chart", _("Diary read rate by room (%)"),
                                _("Share of diary days a family carer opened."), names,
                                [(_("% read"), [ratio(rooms[n][1], rooms[n][0]) for n in names])], unit="%",
                                max_value=100, table_key="rooms")
        figures = [
            Figure("read_rate", _("% of diary days read"), ratio(total_read, total_days), Drill("low")),
            Figure("low", _("families reading under half"), low, Drill("low"), warn=low > 0),
        ]
        return Result(figures=figures, tables=[room_table, table], charts=[chart])
