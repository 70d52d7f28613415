"""Requests: what each family still has to answer, and how complete the consents are."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import charts
from ..aggregates import ratio
from ..facts import facts_for, families_for, in_room, room_value
from .base import Cell, Drill, Figure, Result, Section, Table


def _outstanding(ctx, value):
    facts = facts_for(ctx)
    key = "overdue" if value.partition(":")[0] == "overdue" else "open"  # "overdue" / "open", ":<room>" optional
    ids = [f.pk for f in families_for(ctx) if f.in_period and in_room(f, value.partition(":")[2])
           and (facts.of(f.pk).previous.get("req_open", 0) if key == "overdue" else facts.of(f.pk).n("req_open"))]
    return ctx.children().filter(pk__in=ids)


def _consents_missing(ctx, value):
    facts = facts_for(ctx)
    ids = [f.pk for f in families_for(ctx) if f.in_period and in_room(f, value)
           and facts.of(f.pk).n("req_consent") > facts.of(f.pk).previous.get("req_consent", 0)]
    return ctx.children().filter(pk__in=ids)


class Requests(Section):
    key = "requests"
    title = gettext_lazy("Requests and consents")
    description = gettext_lazy("Requests still waiting for an answer at the end of the period, per family.")
    drilldowns = {
        "outstanding": (gettext_lazy("Families with requests to answer"), _outstanding),
        "consents_missing": (gettext_lazy("Families with consents not yet answered"), _consents_missing),
    }

    def value_label(self, ctx, metric, value):
        from .base import room_label

        which, _sep, room = value.partition(":") if metric == "outstanding" else ("", "", value)
        parts = [_("past their date")] if which == "overdue" else []
        return " · ".join(parts + ([room_label(ctx, room)] if room else []))

    def compute(self, ctx) -> Result:
        facts = facts_for(ctx)
        rows, rooms = [], {}
        sent = answered = 0
        for f in families_for(ctx):
            if not f.in_period:
                continue
            c = facts.of(f.pk)
            open_, overdue = c.n("req_open"), c.previous.get("req_open", 0)
            consents, consents_answered = c.n("req_consent"), c.previous.get("req_consent", 0)
            sent += consents
            answered += consents_answered
            room = rooms.setdefault(f.room or _("No room"), [0, 0, room_value(f), 0, 0])
            room[0] += consents
            room[1] += consents_answered
            room[3] += 1 if consents > consents_answered else 0
            room[4] += 1 if open_ else 0
            if open_ or consents > consents_answered:
                rows.append([f.name, f.room, f.key_person, open_, Cell(overdue, warn=overdue > 0),
                             f"{consents_answered}/{consents}" if consents else "–"])
        rows.sort(key=lambda r: (-r[4].value, -r[3], r[0]))
        names = sorted(rooms)
        table = Table("families", _("Families with requests to answer"),
                      [_("Child"), _("Room"), _("Key person"), _("Outstanding"), _("Past their date"),
                       _("Consents answered")], rows, numeric_from=3,
                      empty=_("Every family has answered every request."))
        room_table = Table("consents", _("Consent completeness by room"),
                           [_("Room"), _("Consents asked"), _("Answered"), _("% complete"),
                            _("Families with consents to answer"), _("Families with requests to answer")],
                           [[n, rooms[n][0], rooms[n][1], ratio(rooms[n][1], rooms[n][0]),
                             Cell(rooms[n][3], Drill("consents_missing", rooms[n][2]), warn=rooms[n][3] > 0),
                             Cell(rooms[n][4], Drill("outstanding", "open:" + rooms[n][2]), warn=rooms[n][4] > 0)]
                            for n in names])
        chart = charts.BarChart("consents_chart", _("Consent completeness by room (%)"),
                                _("Share of consent requests answered."), names,
                                [(_("% complete"), [ratio(rooms[n][1], rooms[n][0]) for n in names])],
                                unit="%", max_value=100, table_key="consents")
        families_open = sum(1 for r in rows if r[3])
        overdue = sum(1 for r in rows if r[4].value)
        figures = [
            Figure("outstanding", _("families with requests to answer"), families_open, Drill("outstanding"),
                   warn=families_open > 0),
            Figure("overdue", _("families past a request's date"), overdue, Drill("outstanding", "overdue"),
                   warn=overdue > 0),
            Figure("consents", _("% of consents answered"), ratio(answered, sent), Drill("consents_missing")),
        ]
        return Result(figures=figures, tables=[table, room_table], charts=[chart])
