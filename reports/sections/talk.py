"""Who we talk to: drop-offs, pick-ups and conversations by relationship, and the one-week "Dad Challenge".

The Pre-school Learning Alliance's Dad Challenge: keep an accurate tally for a week of the family members
who actually come to the setting, and compare it with who staff talk to. The week is the seven days
ending on the period's last day (or today).

Pick-ups use the carer link staff chose at check-out. Drop-offs record who brought the child as text:
it is matched to the child's carers by name or by what the child calls them, then by common words
("Mum", "Dad", "Grandma"...); anything else counts as "someone else".
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Lower, Trim
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import CarerLink

from .. import charts
from ..aggregates import ratio
from ..facts import day_end, day_start
from ..numbers import day_text
from .base import Cell, Drill, Figure, Result, Section, Table

COLLECTOR = "collector"
OTHER = "other_person"
WORDS = {
    "mother": ("mum", "mummy", "mom", "mommy", "mother", "mama", "ma"),
    "father": ("dad", "daddy", "father", "papa", "da"),
    "grandparent": ("gran", "granny", "grandma", "grandmother", "nan", "nana", "nanna", "grandad", "grandpa",
                    "grandfather", "grandparent", "grandparents", "grampy"),
    "nanny": ("nanny",),
    "childminder": ("childminder",),
    "older_sibling": ("brother", "sister", "sibling"),
    "aunt_uncle": ("aunt", "auntie", "aunty", "uncle"),
}


def labels():
    names = dict(CarerLink.Relationship.choices)
    names[COLLECTOR] = _("Authorised collector")
    names[OTHER] = _("Someone else")
    return names


def dad_week(ctx):
    """The seven days ending on the "as of" day (the period's last day, or today)."""
    return ctx.as_of - timedelta(days=6), ctx.as_of


def tally(ctx):
    """[(room, relationship, kind, n in period, n in the Dad Challenge week, child id)], from ONE grouped query.

    Drop-offs are grouped by (child, who brought them) in the database; the few distinct names per child
    are then matched to that child's carers, collectors and common words here.
    """
    from diaries.models import Attendance
    from families.models import AuthorisedCollector
    from partnerships.models import Conversation

    from ..facts import families_for

    tz = ctx.setting.tz
    week_start, week_end = dad_week(ctx)
    first, last = min(ctx.period.start, week_start), max(ctx.period.end, week_end)
    ids = ctx.scope_children().values("pk")
    in_period = Q(day__gte=ctx.period.start, day__lte=ctx.period.end)
    in_week = Q(day__gte=week_start, day__lte=week_end)
    attendance = Attendance.objects.filter(child__in=ids, day__gte=first, day__lte=last)

    def grouped(queryset, child, key, kind, n=None, w=None):
        kind = kind if hasattr(kind, "resolve_expression") else Value(kind, output_field=CharField())
        return (queryset.values(_child=F(child), _key=key, _kind=kind)
                .annotate(_n=n if n is not None else Count("pk"), _w=w if w is not None else Count("pk"))
                .order_by())

    said = Lower(Trim("brought_by"))
    drop_offs = grouped(attendance, "child_id", said, "drop_off", Count("pk", filter=in_period),
                        Count("pk", filter=in_week))
    pick_ups = grouped(
        attendance.filter(out_at__isnull=False), "child_id",
        Coalesce(F("collected_by_link__relationship"),
                 Case(When(collected_by_collector__isnull=False, then=Value(COLLECTOR)), default=Value(None),
                      output_field=CharField()), Value(OTHER), output_field=CharField()),
        "pick_up", Count("pk", filter=in_period), Count("pk", filter=in_week),
    )
    through = Conversation.carers.through.objects.filter(
        conversation__child__in=ids, conversation__happened_at__gte=day_start(first, tz),
        conversation__happened_at__lte=day_end(last, tz))
    link_rel = CarerLink.objects.filter(child=OuterRef("conversation__child"), carer=OuterRef("carer")).values(
        "relationship")[:1]
    talks = grouped(
        through, "conversation__child_id",
        Coalesce(Subquery(link_rel, output_field=CharField()), Value(OTHER), output_field=CharField()),
        "conversation",
        Count("pk", filter=Q(conversation__happened_at__gte=day_start(ctx.period.start, tz),
                             conversation__happened_at__lte=day_end(ctx.period.end, tz))),
        Count("pk", filter=Q(conversation__happened_at__gte=day_start(week_start, tz),
                             conversation__happened_at__lte=day_end(week_end, tz))),
    )
    links = CarerLink.objects.filter(child__in=ids, is_restricted=False)
    names = grouped(links, "child_id", Lower(Trim("carer__full_name")), Concat(Value("name:"), "relationship"))
    calls = grouped(links.exclude(child_calls_them=""), "child_id", Lower(Trim("child_calls_them")),
                    Concat(Value("name:"), "relationship"))
    collectors = grouped(AuthorisedCollector.objects.filter(child__in=ids), "child_id", Lower(Trim("full_name")),
                         f"name:{COLLECTOR}")
    rows = list(drop_offs.union(pick_ups, talks, names, calls, collectors, all=True))

    known: dict = {}
    for r in rows:
        if r["_kind"].startswith("name:"):
            known.setdefault((r["_child"], r["_key"]), r["_kind"][5:])
    words = {word: rel for rel, ws in WORDS.items() for word in ws}
    room_of = {f.pk: f.room for f in families_for(ctx)}
    result = []
    for r in rows:
        kind = r["_kind"]
        if kind.startswith("name:"):
            continue
        rel = r["_key"]
        if kind == "drop_off":
            rel = known.get((r["_child"], rel)) or words.get(rel) or OTHER
        result.append((room_of.get(r["_child"], ""), rel or OTHER, kind, r["_n"], r["_w"], r["_child"]))
    return result


KINDS = ("drop_off", "pick_up", "conversation")


def _by_room(ctx, value):
    """value = "<room>|<relationship>|<kind>": children with such a drop-off, pick-up or conversation in the period."""
    from ..facts import families_for, in_room

    room, _sep, rest = value.partition("|")
    rel, _sep, kind = rest.partition("|")
    families = {f.pk: f for f in families_for(ctx) if f.in_period and in_room(f, room)}
    ids = {child for _r, r_rel, r_kind, n, _w, child in tally(ctx)
           if n and r_rel == rel and (r_kind == kind or kind not in KINDS) and child in families}
    return ctx.children().filter(pk__in=ids)


def _week(ctx, value):
    """value = "<relationship>|came" or "<relationship>|talked": children behind the Dad Challenge week's tally."""
    rel, _sep, what = value.partition("|")
    ids = {child for _r, r_rel, kind, _n, w, child in tally(ctx)
           if w and r_rel == rel and ((kind == "conversation") == (what == "talked"))}
    return ctx.scope_children().filter(pk__in=ids)


class WhoWeTalkTo(Section):
    key = "talk"
    title = gettext_lazy("Who we talk to")
    description = gettext_lazy(
        "Drop-offs, pick-ups and conversations by the carer's relationship to the child. The Dad Challenge "
        "compares, for one week, who actually comes to the setting with who staff talk to."
    )
    drilldowns = {
        "by_room": (gettext_lazy("Children brought, collected or talked about by this relationship"), _by_room),
        "week": (gettext_lazy("Children behind the Dad Challenge week's tally"), _week),
    }

    def value_label(self, ctx, metric, value):
        from .base import room_label

        names = labels()
        kinds = {"drop_off": _("Drop-offs"), "pick_up": _("Pick-ups"), "conversation": _("Conversations"),
                 "came": _("drop-offs and pick-ups this week"), "talked": _("conversations this week")}
        parts = value.split("|")
        if metric == "by_room" and len(parts) == 3:
            return " · ".join(str(p) for p in (room_label(ctx, parts[0]), names.get(parts[1], ""), kinds.get(parts[2], "")))
        if metric == "week" and len(parts) == 2:
            return " · ".join(str(p) for p in (names.get(parts[0], ""), kinds.get(parts[1], "")))
        return ""

    def compute(self, ctx) -> Result:
        from ..facts import families_for, room_value

        room_values = {f.pk: room_value(f) for f in families_for(ctx)}
        names = labels()
        order = list(CarerLink.Relationship.values) + [COLLECTOR, OTHER]
        rows = tally(ctx)
        by_room: dict = {}
        week: dict = {}
        for room, rel, kind, n, w, child in rows:
            entry = by_room.setdefault((room or _("No room"), rel), {"drop_off": 0, "pick_up": 0, "conversation": 0,
                                                                    "room": room_values.get(child, "none")})
            entry[kind] += n
            wk = week.setdefault(rel, {"came": 0, "talked": 0})
            wk["talked" if kind == "conversation" else "came"] += w
        room_rows = [[room, names.get(rel, rel)] + [Cell(v[k], Drill("by_room", f"{v['room']}|{rel}|{k}")) for k in KINDS]
                     for (room, rel), v in sorted(by_room.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])
                                                                                   if kv[0][1] in order else 99))
                     if any(v[k] for k in KINDS)]
        room_table = Table("by_room", _("Drop-offs, pick-ups and conversations by relationship and room"),
                           [_("Room"), _("Relationship"), _("Drop-offs"), _("Pick-ups"), _("Conversations")],
                           room_rows, numeric_from=2, empty=_("No attendance or conversations recorded."))
        came_total = sum(v["came"] for v in week.values())
        talked_total = sum(v["talked"] for v in week.values())
        rels = [r for r in order if r in week and (week[r]["came"] or week[r]["talked"])]
        week_rows = [[names.get(r, r), Cell(week[r]["came"], Drill("week", f"{r}|came")),
                      ratio(week[r]["came"], came_total), Cell(week[r]["talked"], Drill("week", f"{r}|talked")),
                      ratio(week[r]["talked"], talked_total)] for r in rels]
        start, end = dad_week(ctx)
        caption = _("The Dad Challenge, week of %(start)s to %(end)s: who comes, and who we talk to") % {
            "start": day_text(start, end.year), "end": day_text(end)}
        week_table = Table("dad_challenge", caption,
                           [_("Relationship"), _("Drop-offs and pick-ups"), _("% of comings"), _("Conversations"),
                            _("% of conversations")], week_rows, empty=_("Nobody recorded this week."))
        chart = charts.BarChart(
            "dad_challenge_chart", caption,
            _("For each relationship: share of drop-offs and pick-ups, against share of conversations."),
            [r[0] for r in week_rows], [(_("% of comings"), [r[2] for r in week_rows]),
                                        (_("% of conversations"), [r[4] for r in week_rows])],
            unit="%", max_value=100, table_key="dad_challenge",
        )
        fathers = week.get("father", {"came": 0, "talked": 0})
        figures = [
            Figure("father_came", _("drop-offs and pick-ups by fathers this week"), fathers["came"],
                   Drill("week", "father|came")),
            Figure("father_share", _("% of comings by fathers"), ratio(fathers["came"], came_total)),
            Figure("father_talk_share", _("% of conversations with fathers"), ratio(fathers["talked"], talked_total),
                   warn=(ratio(fathers["talked"], talked_total) or 0) < (ratio(fathers["came"], came_total) or 0)),
        ]
        return Result(figures=figures, tables=[week_table, room_table], charts=[chart])
