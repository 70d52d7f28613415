"""Who the family carers are: relationships per room, and children with a single known carer."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import CarerLink
from families.params import is_id

from .. import charts
from .base import Cell, Drill, Result, Section, Table

R = CarerLink.Relationship


def _with_relationship(ctx, value):
    """value = "<relationship>" or "<relationship>|<room id or none>"."""
    value, _sep, room = value.partition("|")
    if value not in R.values:
        return ctx.children().none()
    children = ctx.children().filter(carer_links__relationship=value, carer_links__is_restricted=False).distinct()
    if room == "none":
        return children.filter(room__isnull=True)
    if is_id(room):
        return children.filter(room_id=int(room))
    return children


class Carers(Section):
    key = "carers"
    title = gettext_lazy("Family carers")
    description = gettext_lazy(
        "Every adult linked to a child (restricted links are left out): mothers, fathers, grandparents, nannies…"
    )
    drilldowns = {
        "relationship": (gettext_lazy("Children with a carer of this relationship"), _with_relationship),
    }

    def value_label(self, ctx, metric, value):
        from .base import room_label

        rel, _sep, room = value.partition("|")
        label = str(dict(R.choices).get(rel, ""))
        return f"{label} · {room_label(ctx, room)}" if room else label

    def compute(self, ctx) -> Result:
        rows = list(
            CarerLink.objects.filter(child__in=ctx.children().values("pk"), is_restricted=False)
            .values("relationship", "child__room__name", "child__room_id")
            .annotate(
                links=Count("pk"),
                pr=Count("pk", filter=Q(parental_responsibility=True)),
                collect=Count("pk", filter=Q(may_collect=True)),
                account=Count("pk", filter=Q(carer__user__isnull=False)),
            )
        )
        labels = dict(R.choices)
        rooms = sorted({r["child__room__name"] or _("No room") for r in rows})
        by_rel: dict[str, dict] = {}
        room_ids: dict[str, str] = {}
        for r in rows:
            entry = by_rel.setdefault(r["relationship"], {"links": 0, "pr": 0, "collect": 0, "account": 0, "rooms": {}})
            for k in ("links", "pr", "collect", "account"):
                entry[k] += r[k]
            room = r["child__room__name"] or _("No room")
            entry["rooms"][room] = entry["rooms"].get(room, 0) + r["links"]
            room_ids[room] = str(r["child__room_id"]) if r["child__room_id"] else "none"
        order = [value for value in R.values if value in by_rel]
        table = Table(
            "relationships", _("Carers by relationship"),
            [_("Relationship"), _("Carers linked"), _("With parental responsibility"), _("May collect"),
             _("On Triangle")],
            [[labels[v], Cell(by_rel[v]["links"], Drill("relationship", v)), by_rel[v]["pr"], by_rel[v]["collect"],
              by_rel[v]["account"]] for v in order],
            empty=_("No carers linked yet."),
        )
        per_room = Table(
            "relationships_by_room", _("Carers by relationship and room"),
            [_("Relationship")] + rooms,
            [[labels[v]] + [Cell(by_rel[v]["rooms"].get(room, 0), Drill("relationship", f"{v}|{room_ids[room]}"))
                            for room in rooms] for v in order],
            empty=_("No carers linked yet."),
        )
        chart = charts.BarChart(
            "relationships_chart", _("Carers by relationship"),
            _("How many carers of each relationship are linked to the children, and how many use Triangle."),
            [labels[v] for v in order],
            [(_("Carers linked"), [by_rel[v]["links"] for v in order]),
             (_("On Triangle"), [by_rel[v]["account"] for v in order])],
            table_key="relationships",
        )
        return Result(tables=[table, per_room], charts=[chart])
