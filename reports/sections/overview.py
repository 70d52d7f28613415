"""Children on roll, families on Triangle, complete records: the headline numbers, per room."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Count, DurationField, Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import CarerLink, Child, Invitation, KeyPersonAssignment
from families.params import is_id
from families.selectors import incomplete_filter, with_completeness

from .. import charts
from ..aggregates import as_days, percentiles, ratio
from .base import Cell, Drill, Figure, Result, Section, Table, TrendFigure


def end_of(day, setting):
    return timezone.make_aware(datetime.combine(day, time.max), setting.tz)


def on_triangle(period_end_dt, child_ref="pk"):
    """A child whose family has at least one unrestricted carer with an account by then."""
    return Exists(CarerLink.objects.filter(
        child=OuterRef(child_ref), is_restricted=False, carer__user__isnull=False,
        carer__user__date_joined__lte=period_end_dt,
    ))


def _on_roll_q(period):
    return Q(start_date__lte=period.end) & (Q(leave_date__isnull=True) | Q(leave_date__gte=period.start))


class Overview(Section):
    key = "overview"
    title = gettext_lazy("Children and families")
    description = gettext_lazy(
        "Each child's family is counted once: a family here means the carers linked to one child."
    )

    drilldowns = {
        "on_roll": (gettext_lazy("Children on roll"), lambda ctx, value: _room(ctx.children(), value)),
        "on_triangle": (
            gettext_lazy("Families with a carer on Triangle"),
            lambda ctx, value: _room(ctx.children().filter(on_triangle(end_of(ctx.period.end, ctx.setting))), value),
        ),
        "not_on_triangle": (
            gettext_lazy("Families with no carer on Triangle"),
            lambda ctx, value: _room(ctx.children().exclude(on_triangle(end_of(ctx.period.end, ctx.setting))), value),
        ),
        "incomplete": (
            gettext_lazy("Children whose record is incomplete"),
            lambda ctx, value: _room(ctx.children().filter(
                pk__in=with_completeness(Child.objects.filter(pk__in=ctx.children().values("pk")))
                .filter(incomplete_filter()).values("pk")), value),
        ),
        "single_carer": (gettext_lazy("Children with one known carer or none"),
                         lambda ctx, value: _room(ctx.children().filter(pk__in=_single_carer_ids(ctx)), value)),
        "no_key_person": (gettext_lazy("Children without a key person"),
                          lambda ctx, value: _room(ctx.children().exclude(_has_key_person(ctx)), value)),
        "starters": (gettext_lazy("Children who started in the period"),
                     lambda ctx, value: ctx.children().filter(start_date__gte=ctx.period.start)),
        "leavers": (gettext_lazy("Children who left in the period"),
                    lambda ctx, value: ctx.children().filter(leave_date__lte=ctx.period.end)),
    }

    def compute(self, ctx) -> Result:
        period = ctx.period
        end_dt = end_of(period.end, ctx.setting)
        incomplete_ids = with_completeness(Child.objects.filter(pk__in=ctx.children().values("pk"))).filter(
            incomplete_filter()).values("pk")
        per_room = list(
            ctx.children().annotate(_on=on_triangle(end_dt))
            .values("room_id", "room__name")
            .annotate(
                children=Count("pk"),
                on_triangle=Count("pk", filter=Q(_on=True)),
                incomplete=Count("pk", filter=Q(pk__in=incomplete_ids)),
                starters=Count("pk", filter=Q(start_date__gte=period.start)),
                leavers=Count("pk", filter=Q(leave_date__lte=period.end)),
                single=Count("pk", filter=Q(pk__in=_single_carer_ids(ctx))),
                no_key_person=Count("pk", filter=~Q(_has_key_person(ctx))),
            )
            .order_by("room__name")
        )
        total = {k: sum(r[k] for r in per_room) for k in ("children", "on_triangle", "incomplete", "starters", "leavers",
                                                        "single", "no_key_person")}
        rows = []
        for r in per_room:
            room = str(r["room_id"]) if r["room_id"] else "none"
            rows.append([
                r["room__name"] or _("No room"),
                Cell(r["children"], Drill("on_roll", room)),
                Cell(r["on_triangle"], Drill("on_triangle", room)),
                ratio(r["on_triangle"], r["children"]),
                Cell(r["children"] - r["on_triangle"], Drill("not_on_triangle", room),
                     warn=r["children"] > r["on_triangle"]),
                Cell(r["incomplete"], Drill("incomplete", room), warn=r["incomplete"] > 0),
            ])
        table = Table(
            "rooms", _("Children and families by room"),
            [_("Room"), _("Children on roll"), _("Families on Triangle"), _("% on Triangle"),
             _("Families not on Triangle"), _("Incomplete records")],
            rows, empty=_("No children in this scope and period."),
        )
        chart = charts.BarChart(
            "on_triangle_by_room_chart", _("Families on Triangle by room (%)"),
            _("Share of families with at least one carer using Triangle, per room."),
            [r[0] for r in rows], [(_("% on Triangle"), [r[3] for r in rows])], unit="%", max_value=100,
            table_key="rooms",
        )
        joining = percentiles(
            Invitation.objects.filter(
                kind=Invitation.Kind.CARER, accepted_at__isnull=False,
                accepted_at__date__gte=period.start, accepted_at__date__lte=period.end,
                carer__links__child__in=ctx.children().values("pk"),
            ).distinct(),
            F("accepted_at") - F("created_at"), output_field=DurationField(),
        )
        figures = [
            Figure("on_roll", _("children on roll"), total["children"], Drill("on_roll")),
            Figure("on_triangle", _("% of families on Triangle"), ratio(total["on_triangle"], total["children"])),
            Figure("not_on_triangle", _("families with no carer on Triangle"),
                   total["children"] - total["on_triangle"], Drill("not_on_triangle"),
                   warn=total["children"] > total["on_triangle"]),
            Figure("incomplete", _("incomplete records"), total["incomplete"], Drill("incomplete"),
                   warn=total["incomplete"] > 0),
            Figure("single_carer", _("children with one known carer or none"), total["single"],
                   Drill("single_carer"), warn=total["single"] > 0),
            Figure("no_key_person", _("children without a key person"), total["no_key_person"],
                   Drill("no_key_person"), warn=total["no_key_person"] > 0),
            Figure("starters", _("started in the period"), total["starters"], Drill("starters")),
            Figure("leavers", _("left in the period"), total["leavers"], Drill("leavers")),
        ]
        joining_table = Table(
            "joining", _("How long carers take to accept their invitation to Triangle (days)"),
            [_("Invitations accepted in the period"), _("Median days"), _("90th percentile days")],
            [[joining["count"], as_days(joining[0.5]), as_days(joining[0.9])]], numeric_from=0,
        )
        return Result(figures=figures, tables=[table, joining_table], charts=[chart])

    def trend(self, ctx, current, previous):
        # The rule of on_triangle, as one grouped join (the earliest account among the unrestricted carers) rather
        # than a correlated EXISTS per child and period.
        joined = ctx.scope_children().annotate(_joined=Min(
            "carer_links__carer__user__date_joined", filter=Q(carer_links__is_restricted=False)))
        counts = joined.aggregate(
            now=Count("pk", filter=_on_roll_q(current)),
            before=Count("pk", filter=_on_roll_q(previous)),
            now_on=Count("pk", filter=_on_roll_q(current) & Q(_joined__lte=end_of(current.end, ctx.setting))),
            before_on=Count("pk", filter=_on_roll_q(previous) & Q(_joined__lte=end_of(previous.end, ctx.setting))),
        )
        return [
            TrendFigure("on_roll", _("Children on roll"), counts["now"], counts["before"]),
            TrendFigure("on_triangle", _("Families on Triangle"), ratio(counts["now_on"], counts["now"]),
                        ratio(counts["before_on"], counts["before"]), unit="%"),
        ]


def _single_carer_ids(ctx):
    return Child.objects.filter(pk__in=ctx.children().values("pk")).annotate(
        _carers=Count("carer_links", filter=Q(carer_links__is_restricted=False))
    ).filter(_carers__lte=1).values("pk")


def _has_key_person(ctx):
    return Exists(KeyPersonAssignment.objects.active(ctx.as_of).filter(child=OuterRef("pk")))


def _room(children, value):
    if value == "none":
        return children.filter(room__isnull=True)
    if is_id(value):
        return children.filter(room_id=int(value))
    return children
