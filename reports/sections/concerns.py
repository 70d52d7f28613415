"""Concerns and complaints: open concerns, overdue actions, days to close; complaints against their deadline.
Safeguarding counts appear only for the designated safeguarding lead (DSL)."""

from __future__ import annotations

from django.db.models import Count, DurationField, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families import access

from .. import charts
from ..aggregates import as_days, percentiles
from ..facts import facts_for, families_for
from .base import Cell, Drill, Figure, Result, Section, Table


def _with(kind, use_m=False):
    def children(ctx, value):
        facts = facts_for(ctx)
        ids = [f.pk for f in families_for(ctx) if f.in_period
               and (facts.of(f.pk).previous.get(kind, 0) if use_m else facts.of(f.pk).n(kind))]
        return ctx.children().filter(pk__in=ids)
    return children


def _closed(ctx, value):
    from partnerships.models import Concern

    w = facts_for(ctx).windows
    closed = Concern.objects.filter(child__in=ctx.scope_children().values("pk"), closed_at__isnull=False).filter(
        w.in_period("closed_at")).values("child_id")
    return ctx.scope_children().filter(pk__in=closed)


class ConcernsAndComplaints(Section):
    key = "concerns"
    title = gettext_lazy("Concerns and complaints")
    description = gettext_lazy(
        "Concerns staff raised with families, complaints against their deadline (28 days for a written EYFS "
        "complaint), and safeguarding counts for the designated safeguarding lead only."
    )
    drilldowns = {
        "open": (gettext_lazy("Children with an open concern"), _with("concern_open")),
        "review_overdue": (gettext_lazy("Children whose concern review is overdue"), _with("concern_open", True)),
        "actions_overdue": (gettext_lazy("Children with overdue agreed actions"), _with("action_overdue")),
        "family_actions": (gettext_lazy("Children whose family has an overdue agreed action"),
                           _with("action_overdue", True)),
        "closed": (gettext_lazy("Children with a concern closed in the period"), _closed),
    }

    def compute(self, ctx) -> Result:
        from partnerships.models import Complaint, Concern

        facts = facts_for(ctx)
        w = facts.windows
        families = [f for f in families_for(ctx) if f.in_period]
        open_ = sum(facts.of(f.pk).n("concern_open") for f in families)
        review_overdue = sum(facts.of(f.pk).previous.get("concern_open", 0) for f in families)
        actions_overdue = sum(facts.of(f.pk).n("action_overdue") for f in families)
        family_actions = sum(facts.of(f.pk).previous.get("action_overdue", 0) for f in families)
        ids = ctx.scope_children().values("pk")
        closing = percentiles(
            Concern.objects.filter(child__in=ids, closed_at__isnull=False).filter(w.in_period("closed_at")),
            F("closed_at") - F("created_at"), output_field=DurationField(),
        )
        complaints = Complaint.objects.filter(setting_id=ctx.setting.pk)
        if ctx.room is not None or ctx.key_person is not None or not ctx.is_manager:
            complaints = complaints.filter(child__in=ids)
        received = w.in_period("received_at")
        told = Q(complainant_told_on__isnull=False)
        c = complaints.aggregate(
            received=Count("pk", filter=received),
            in_time=Count("pk", filter=received & told & Q(complainant_told_on__lte=F("respond_by"))),
            late=Count("pk", filter=received & told & Q(complainant_told_on__gt=F("respond_by"))),
            open_in_time=Count("pk", filter=Q(complainant_told_on__isnull=True, respond_by__gte=w.as_of_day)),
            open_late=Count("pk", filter=Q(complainant_told_on__isnull=True, respond_by__lt=w.as_of_day)),
        )
        concern_table = Table(
            "concerns", _("Concerns"), [_("Figure"), _("Count")],
            [[_("Open at the end of the period"), Cell(open_, Drill("open"))],
             [_("Open with the review date passed"), Cell(review_overdue, Drill("review_overdue"),
                                                          warn=review_overdue > 0)],
             [_("Agreed actions overdue"), Cell(actions_overdue, Drill("actions_overdue"), warn=actions_overdue > 0)],
             [_("… of which the family's actions"), Cell(family_actions, Drill("family_actions"))],
             [_("Closed in the period"), Cell(closing["count"], Drill("closed"))],
             [_("Median days to close"), as_days(closing[0.5])],
             [_("90th percentile days to close"), as_days(closing[0.9])]],
        )
        complaint_table = Table(
            "complaints", _("Complaints"), [_("Figure"), _("Count")],
            [[_("Received in the period"), c["received"]],
             [_("Answered within the deadline"), c["in_time"]],
             [_("Answered after the deadline"), Cell(c["late"], warn=c["late"] > 0)],
             [_("Open, deadline still ahead"), c["open_in_time"]],
             [_("Open, deadline passed"), Cell(c["open_late"], warn=c["open_late"] > 0)]],
        )
        chart = charts.BarChart(
            "complaints_chart", _("Complaints against their deadline"), _("Answered and open, in and out of time."),
            [str(r[0]) for r in complaint_table.rows[1:]],
            [(_("Complaints"), [getattr(r[1], "value", r[1]) for r in complaint_table.rows[1:]])],
            table_key="complaints",
        )
        figures = [
            Figure("open", _("open concerns"), open_, Drill("open")),
            Figure("actions_overdue", _("overdue concern actions"), actions_overdue, Drill("actions_overdue"),
                   warn=actions_overdue > 0),
            Figure("days_to_close", _("median days to close a concern"), as_days(closing[0.5])),
            Figure("complaints_late", _("complaints past their deadline"), c["late"] + c["open_late"],
                   warn=(c["late"] + c["open_late"]) > 0),
        ]
        tables = [concern_table, complaint_table]
        if ctx.is_dsl:
            tables.append(self._safeguarding(ctx, ids, w))
        return Result(figures=figures, tables=tables, charts=[chart])

    def _safeguarding(self, ctx, ids, w):
        from partnerships.models import SafeguardingRecord

        S = SafeguardingRecord.Status
        # The records counted are exactly those the viewer may read (access.py holds that rule).
        s = access.safeguarding_records_visible_to(ctx.viewer).filter(child__in=ids).aggregate(
            new=Count("pk", filter=w.in_period("created_at")),
            open=Count("pk", filter=Q(status=S.OPEN)),
            referred=Count("pk", filter=Q(status=S.REFERRED)),
            closed=Count("pk", filter=Q(status=S.CLOSED)),
        )
        return Table(
            "safeguarding", _("Safeguarding records (shown to the designated safeguarding lead only)"),
            [_("Figure"), _("Count")],
            [[_("Recorded in the period"), s["new"]], [_("Open now"), s["open"]], [_("Referred on"), s["referred"]],
             [_("Closed"), s["closed"]]],
        )
