"""Key-person workload: key children per staff member, and what is waiting on each of them."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import Child, KeyPersonAssignment
from families.params import is_id
from families.selectors import incomplete_filter, with_completeness

from .. import charts
from .base import Cell, Drill, Result, Section, Table
from .overview import end_of, on_triangle


def _key_children(ctx, value):
    if not is_id(value):
        return ctx.children().none()
    return ctx.children().filter(Exists(
        KeyPersonAssignment.objects.active(ctx.as_of).filter(child=OuterRef("pk"), staff_id=int(value))))


def _key_incomplete(ctx, value):
    children = _key_children(ctx, value)
    return children.filter(pk__in=with_completeness(Child.objects.filter(pk__in=children.values("pk")))
                           .filter(incomplete_filter()).values("pk"))


def _key_not_on_triangle(ctx, value):
    return _key_children(ctx, value).exclude(on_triangle(end_of(ctx.period.end, ctx.setting)))


def overdue_by_user(ctx) -> dict:
    """{user id: (promises overdue, concern actions overdue)} for the scope's children, in one query."""
    from django.db.models import CharField, F, Value

    from ..facts import AVAILABLE

    if not AVAILABLE:
        return {}
    from partnerships.models import Commitment, ConcernAction

    ids = ctx.scope_children().values("pk")
    commitments = (Commitment.objects.filter(child__in=ids, done_at__isnull=True, due_on__lt=ctx.as_of)
                   .values(_user=F("owner_id")).annotate(_kind=Value("promise", output_field=CharField()),
                                                         _n=Count("pk")).order_by())
    actions = (ConcernAction.objects.filter(concern__child__in=ids, done_at__isnull=True, due_on__lt=ctx.as_of,
                                            owner_staff__isnull=False)
               .values(_user=F("owner_staff_id")).annotate(_kind=Value("action", output_field=CharField()),
                                                           _n=Count("pk")).order_by())
    result: dict = {}
    for row in commitments.union(actions, all=True):
        promises, acts = result.get(row["_user"], (0, 0))
        result[row["_user"]] = (promises + row["_n"], acts) if row["_kind"] == "promise" else (promises, acts + row["_n"])
    return result


class Workload(Section):
    key = "workload"
    title = gettext_lazy("Key-person workload")
    description = gettext_lazy("Key children per staff member on the last day of the period, and their open items.")
    drilldowns = {
        "key_children": (gettext_lazy("Key children of this staff member"), _key_children),
        "key_incomplete": (gettext_lazy("Key children of this staff member with an incomplete record"),
                           _key_incomplete),
        "key_not_on_triangle": (gettext_lazy("Key children of this staff member whose family is not on Triangle"),
                                _key_not_on_triangle),
    }

    def value_label(self, ctx, metric, value):
        from families.models import Membership

        if not is_id(value):
            return ""
        staff = Membership.objects.filter(setting_id=ctx.setting.pk, pk=int(value)).select_related("user").first()
        return str(staff.user) if staff else ""

    def compute(self, ctx) -> Result:
        children = ctx.children()
        incomplete_ids = with_completeness(Child.objects.filter(pk__in=children.values("pk"))).filter(
            incomplete_filter()).values("pk")
        rows = list(
            KeyPersonAssignment.objects.active(ctx.as_of)
            .filter(child__in=children.values("pk"))
            .annotate(_on=on_triangle(end_of(ctx.period.end, ctx.setting), child_ref="child_id"))
            .values("staff_id", "staff__user_id", "staff__user__full_name", "staff__user__email")
            .annotate(
                children=Count("child_id", distinct=True),
                incomplete=Count("child_id", distinct=True, filter=Q(child_id__in=incomplete_ids)),
                not_on=Count("child_id", distinct=True, filter=Q(_on=False)),
            )
            .order_by("-children", "staff__user__full_name")
        )
        from ..facts import AVAILABLE

        overdue = overdue_by_user(ctx)
        table_rows = []
        for r in rows:
            name = r["staff__user__full_name"] or r["staff__user__email"]
            row = [name, Cell(r["children"], Drill("key_children", str(r["staff_id"]))),
                   Cell(r["incomplete"], Drill("key_incomplete", str(r["staff_id"])), warn=r["incomplete"] > 0),
                   Cell(r["not_on"], Drill("key_not_on_triangle", str(r["staff_id"])), warn=r["not_on"] > 0)]
            if AVAILABLE:
                promises, actions = overdue.get(r["staff__user_id"], (0, 0))
                row += [Cell(promises, warn=promises > 0), Cell(actions, warn=actions > 0)]
            table_rows.append(row)
        table = Table(
            "key_people", _("Key children per key person"),
            [_("Key person"), _("Key children"), _("Incomplete records"), _("Families not on Triangle")]
            + ([_("Promises overdue"), _("Concern actions overdue")] if AVAILABLE else []),
            table_rows, empty=_("No key people assigned in this scope."),
        )
        chart = charts.BarChart(
            "key_people_chart", _("Key children per key person"), _("How the key-person role is shared out."),
            [r[0] for r in table_rows], [(_("Key children"), [r[1].value for r in table_rows])],
            table_key="key_people",
        )
        return Result(tables=[table], charts=[chart])
