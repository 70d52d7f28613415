"""Who is looking, at which children, over which period: the one object every section receives.

Access: a manager reports on their setting (or one room, or one key person's children). A practitioner
reports only on the rooms they work in. Families and staff of other settings get nothing (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import cached_property

from families.models import Child, KeyPersonAssignment, Membership, Room

from .periods import Period


def overlooked_days() -> int:
    return getattr(settings, "REPORTS_OVERLOOKED_DAYS", 14)


def on_roll(children: QuerySet[Child], period: Period) -> QuerySet[Child]:
    """Children who attended at some point of the period: started by its end and not left before its start."""
    return children.filter(start_date__lte=period.end).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=period.start)
    )


@dataclass
class ReportContext:
    viewer: object
    membership: Membership
    period: Period
    comparison: Period
    room: Room | None = None
    key_person: Membership | None = None
    today: date | None = None
    extra: dict = field(default_factory=dict)  # sections may memoise shared results here

    @property
    def setting(self):
        return self.membership.setting

    @property
    def is_manager(self) -> bool:
        return self.membership.is_manager

    @property
    def is_dsl(self) -> bool:
        return self.membership.is_dsl

    @property
    def as_of(self) -> date:
        return self.period.as_of(self.today)

    @cached_property
    def allowed_rooms(self) -> QuerySet[Room]:
        """Rooms whose figures the viewer may see: the setting's for managers, their own for practitioners."""
        if self.is_manager:
            return Room.objects.filter(setting_id=self.membership.setting_id)
        return self.membership.rooms.filter(setting_id=self.membership.setting_id)

    def scope_children(self) -> QuerySet[Child]:
        """Every child of the chosen scope, whatever the period (a lazy queryset, used as a subquery)."""
        children = Child.objects.filter(setting_id=self.membership.setting_id)
        if not self.is_manager:
            children = children.filter(room__in=self.allowed_rooms.values("pk"))
        if self.room is not None:
            children = children.filter(room=self.room)
        if self.key_person is not None:
            children = children.filter(Exists(
                KeyPersonAssignment.objects.active(self.as_of).filter(child=OuterRef("pk"), staff=self.key_person)
            ))
        return children

    def children(self, period: Period | None = None) -> QuerySet[Child]:
        """Children of the scope on roll during the period (the selected one by default)."""
        return on_roll(self.scope_children(), period or self.period)

    @property
    def scope_label(self) -> str:
        from django.utils.translation import gettext as _

        if self.key_person is not None:
            return _("Key children of %(name)s") % {"name": self.key_person.user}
        if self.room is not None:
            return _("Room: %(room)s") % {"room": self.room.name}
        if self.is_manager:
            return _("Whole setting: %(setting)s") % {"setting": self.setting.name}
        return _("My rooms")
