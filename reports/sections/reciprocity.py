"""Reciprocity: is the exchange both ways? Items each way per room, and how long each side takes to answer."""

from __future__ import annotations

from django.db.models import CharField, DurationField, ExpressionWrapper, F, OuterRef, Subquery, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import charts
from ..aggregates import duration_stats, hours, ratio
from ..facts import Windows, facts_for, families_for, in_room, room_value
from .base import Cell, Drill, Figure, Result, Section, Table

STAFF_TO_FAMILY = {
    "sf:diary_entry": gettext_lazy("Diary entries"),
    "sf:comment": gettext_lazy("Staff comments"),
    "sf:conversation": gettext_lazy("Conversations staff started"),
    "sf:request": gettext_lazy("Requests sent"),
    "sf:concern": gettext_lazy("Concerns shared with the family"),
    "sf:activity": gettext_lazy("Take-home activities"),
}
FAMILY_TO_STAFF = {
    "fs:handover": gettext_lazy("Morning handovers sent by the family"),
    "fs:comment": gettext_lazy("Family comments"),
    "fs:home_observation": gettext_lazy("Home observations"),
    "fs:conversation": gettext_lazy("Conversations the family started"),
    "fs:request_answer": gettext_lazy("Answers to requests"),
    "fs:family_concern": gettext_lazy("Concerns the family raised"),
    "fs:activity_response": gettext_lazy("Replies to take-home activities"),
}
ANSWER_TIMES = {
    "request": gettext_lazy("Families answering requests"),
    "comment": gettext_lazy("Staff answering family comments"),
    "handover": gettext_lazy("Staff acknowledging morning handovers"),
    "home_observation": gettext_lazy("Staff acknowledging home observations"),
    "family_concern": gettext_lazy("Staff acknowledging a family's concern or question"),
}


def _sum(facts, child_id, kinds):
    return sum(facts.of(child_id).n(k) for k in kinds)


def _one_way(ctx, value):
    facts = facts_for(ctx)
    ids = [f.pk for f in families_for(ctx)
           if f.in_period and in_room(f, value) and not _sum(facts, f.pk, FAMILY_TO_STAFF)]
    return ctx.children().filter(pk__in=ids)


def answer_time_parts(ctx, w: Windows):
    from diaries.models import EntryComment, Handover, HomeObservation
    from partnerships.models import FamilyConcern, RequestRecipient

    ids = ctx.scope_children().values("pk")

    def part(queryset, kind, answered, asked):
        return (
            queryset.annotate(_kind=Value(kind, output_field=CharField()),
                              _d=ExpressionWrapper(answered - F(asked), output_field=DurationField()))
            .values("_kind", "_d").order_by()
        )

    first_staff_reply = (
        EntryComment.objects.filter(entry=OuterRef("entry"), by_staff=True, created_at__gte=OuterRef("created_at"))
        .order_by("created_at").values("created_at")[:1]
    )
    return [
        part(RequestRecipient.objects.filter(child__in=ids).filter(w.in_period("sent_at")), "request",
             F("answered_at"), "sent_at"),
        part(EntryComment.objects.on_family_visible_entries().filter(child__in=ids, by_staff=False)
             .filter(w.in_period("created_at")), "comment", Subquery(first_staff_reply), "created_at"),
        part(Handover.objects.filter(child__in=ids, source=Handover.Source.FAMILY).filter(w.in_period("created_at")),
             "handover", F("acknowledged_at"), "created_at"),
        part(HomeObservation.objects.filter(child__in=ids).filter(w.in_period("created_at")), "home_observation",
             F("acknowledged_at"), "created_at"),
        part(FamilyConcern.objects.filter(child__in=ids).filter(w.in_period("created_at")), "family_concern",
             F("acknowledged_at"), "created_at"),
    ]


class Reciprocity(Section):
    key = "reciprocity"
    title = gettext_lazy("Reciprocity")
    description = gettext_lazy(
        "What staff send to families and what families send back, and how long each side takes to answer."
    )
    drilldowns = {"one_way": (gettext_lazy("Families who sent nothing to the setting in the period"), _one_way)}

    def compute(self, ctx) -> Result:
        facts = facts_for(ctx)
        families = [f for f in families_for(ctx) if f.in_period]
        rooms: dict = {}
        for family in families:
            room = rooms.setdefault(family.room or _("No room"), {"sf": 0, "fs": 0, "families": 0, "quiet": 0,
                                                                  "value": room_value(family)})
            sf, fs = _sum(facts, family.pk, STAFF_TO_FAMILY), _sum(facts, family.pk, FAMILY_TO_STAFF)
            room["sf"] += sf
            room["fs"] += fs
            room["families"] += 1
            room["quiet"] += 0 if fs else 1
        room_names = sorted(rooms)
        room_table = Table(
            "rooms", _("Items each way, by room"),
            [_("Room"), _("Staff → family"), _("Family → staff"), _("Family share %"),
             _("Families who sent nothing")],
            [[name, rooms[name]["sf"], rooms[name]["fs"], ratio(rooms[name]["fs"], rooms[name]["sf"] + rooms[name]["fs"]),
              Cell(rooms[name]["quiet"], Drill("one_way", rooms[name]["value"]), warn=rooms[name]["quiet"] > 0)]
             for name in room_names],
            empty=_("No children in this scope and period."),
        )
        kinds = [(label, sum(facts.of(f.pk).n(k) for f in families), _("staff → family"))
                 for k, label in STAFF_TO_FAMILY.items()]
        kinds += [(label, sum(facts.of(f.pk).n(k) for f in families), _("family → staff"))
                  for k, label in FAMILY_TO_STAFF.items()]
        kind_table = Table("kinds", _("Items by kind"), [_("Item"), _("Count"), _("Direction")],
                           [[label, n, direction] for label, n, direction in kinds])
        stats = duration_stats(answer_time_parts(ctx, facts.windows))
        time_rows = []
        for kind, label in ANSWER_TIMES.items():
            s = stats.get(kind, {"count": 0, "answered": 0, 0.5: None, 0.9: None})
            time_rows.append([label, s["count"], s["answered"], Cell(s["count"] - s["answered"],
                              warn=s["count"] > s["answered"]), hours(s[0.5]), hours(s[0.9])])
        time_table = Table(
            "answer_times", _("How long it takes to answer (hours)"),
            [_("Who answers what"), _("Asked in the period"), _("Answered"), _("Not answered yet"), _("Median hours"),
             _("90th percentile hours")], time_rows,
        )
        sf_total, fs_total = sum(r["sf"] for r in rooms.values()), sum(r["fs"] for r in rooms.values())
        quiet = sum(r["quiet"] for r in rooms.values())
        figures = [
            Figure("staff_to_family", _("items staff → families"), sf_total),
            Figure("family_to_staff", _("items families → staff"), fs_total),
            Figure("family_share", _("% of items from families"), ratio(fs_total, sf_total + fs_total)),
            Figure("one_way", _("families who sent nothing"), quiet, Drill("one_way"), warn=quiet > 0),
        ]
        room_chart = charts.BarChart(
            "each_way_by_room_chart", _("Items each way, by room"), _("Staff to family against family to staff."),
            room_names, [(_("Staff → family"), [rooms[n]["sf"] for n in room_names]),
                         (_("Family → staff"), [rooms[n]["fs"] for n in room_names])], table_key="rooms",
        )
        time_chart = charts.BarChart(
            "answer_times_chart", _("Median and 90th percentile hours to answer"),
            _("Shorter bars are quicker answers."), [str(r[0]) for r in time_rows],
            [(_("Median"), [r[4] for r in time_rows]), (_("90th percentile"), [r[5] for r in time_rows])],
            unit=" h", table_key="answer_times",
        )
        return Result(figures=figures, tables=[room_table, time_table, kind_table], charts=[room_chart, time_chart])
