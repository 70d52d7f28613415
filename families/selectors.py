"""Reads for children, carers and staff. Each takes the viewer and goes through access.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import access
from .models import AuthorisedCollector, CarerLink, Child, KeyPersonAssignment, Membership

# What the EYFS child record counts among a child's carer links: each count's name and the link fields it asks
# for (None: the related row is missing). The one home of these rules: `with_completeness` counts them in the
# database, `completeness_from` among links a page has read anyway (the child profile).
RECORD_LINK_COUNTS = {
    "pr_count": {"is_restricted": False, "parental_responsibility": True},
    "pr_without_address": {"parental_responsibility": True, "carer__household": None},
    "lives_with_count": {"lives_with_child": True},
    "emergency_count": {"is_restricted": False, "emergency_contact": True},
    "collector_links": {"is_restricted": False, "may_collect": True},
}


def _link_q(fields: dict) -> Q:
    return Q(**{f"carer_links__{name}" + ("__isnull" if value is None else ""): True if value is None else value
                for name, value in fields.items()})


def _link_has(link: CarerLink, fields: dict) -> bool:
    for name, value in fields.items():
        *path, last = name.split("__")
        obj = link
        for step in path:
            obj = getattr(obj, step)
        found = getattr(obj, f"{last}_id") if value is None else getattr(obj, last)
        if (found is not None) if value is None else found != value:
            return False
    return True


def with_completeness(children: QuerySet[Child]) -> QuerySet[Child]:
    """Annotate what the EYFS child record needs, counted in the database."""
    return children.annotate(
        **{name: Count("carer_links", filter=_link_q(fields), distinct=True)
           for name, fields in RECORD_LINK_COUNTS.items()},
        has_active_collector=Exists(AuthorisedCollector.objects.filter(child=OuterRef("pk"), is_active=True)),
        has_key_person=Exists(KeyPersonAssignment.objects.active().filter(child=OuterRef("pk"))),
    )


def completeness_from(child: Child, *, links, active_collectors, active_assignments) -> Child:
    """`with_completeness` for one child whose links (carers and their households selected), active collectors
    and active key-person assignments the caller has read: the same counts, set on the child, no query."""
    for name, fields in RECORD_LINK_COUNTS.items():
        setattr(child, name, sum(1 for link in links if _link_has(link, fields)))
    child.has_active_collector = bool(active_collectors)
    child.has_key_person = bool(active_assignments)
    return child


def incomplete_filter() -> Q:
    """Children (annotated by with_completeness) whose record misses something the EYFS asks for."""
    return (
        Q(pr_count=0)
        | Q(pr_without_address__gt=0)
        | Q(lives_with_count=0)
        | Q(emergency_count__lt=2)
        | (Q(collector_links=0) & Q(has_active_collector=False))
        | Q(has_key_person=False)
    )


@dataclass(frozen=True)
class CompletenessItem:
    label: str
    ok: bool


def record_completeness(child: Child) -> list[CompletenessItem]:
    """The EYFS child-record checklist for one annotated child (see with_completeness)."""
    return [
        CompletenessItem(_("Legal name and date of birth"), bool(child.legal_last_name and child.date_of_birth)),
        CompletenessItem(_("At least one carer with parental responsibility"), child.pr_count > 0),
        CompletenessItem(_("Every carer with parental responsibility has an address"), child.pr_without_address == 0),
        CompletenessItem(_("Who the child lives with"), child.lives_with_count > 0),
        CompletenessItem(_("At least two emergency contacts"), child.emergency_count >= 2),
        CompletenessItem(_("Who may collect"), child.collector_links > 0 or child.has_active_collector),
        CompletenessItem(_("An active key person"), child.has_key_person),
    ]


def key_person_prefetch() -> Prefetch:
    return Prefetch(
        "key_person_assignments",
        queryset=KeyPersonAssignment.objects.active().select_related("staff__user"),
        to_attr="active_key_person_assignments",
    )


def key_person_of(child: Child) -> Membership | None:
    """The active key person, using the prefetch when the caller made one."""
    assignments = getattr(child, "active_key_person_assignments", None)
    if assignments is None:
        assignments = list(KeyPersonAssignment.objects.active().filter(child=child).select_related("staff__user"))
    return assignments[0].staff if assignments else None


@dataclass
class StaffHome:
    membership: Membership
    key_children: list
    rooms: list
    children_count: int
    incomplete_count: int
    leaving_soon: list


def staff_home_for(*, viewer) -> StaffHome:
    membership = access.staff_membership_or_404(viewer)
    today = membership.setting.today()
    visible = access.staff_children_by_id(viewer).filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
    # One read of every child in the viewer's care, annotated once: the counts, the key children and the
    # leavers come from it (was four queries, each compiling the same scope and record checks again).
    # Whether a record is complete is worked out here from the counts (record_completeness), not compiled into
    # the query a second time as incomplete_filter.
    children = list(
        with_completeness(visible)
        .annotate(is_key=Exists(KeyPersonAssignment.objects.active(today).filter(child=OuterRef("pk"),
                                                                                 staff_id=membership.pk)))
        .select_related("room")
    )
    for child in children:
        child.is_incomplete = not all(item.ok for item in record_completeness(child))
    key_children = [child for child in children if child.is_key]
    # A room the viewer sees shows all of its children to them, so its count comes from the children just read.
    in_room = Counter(child.room_id for child in children)
    rooms = list(access.rooms_visible_to(viewer))
    for room in rooms:
        room.children_count = in_room[room.pk]
    leavers = sorted((child for child in children if child.leave_date is not None), key=lambda c: (c.leave_date,))
    return StaffHome(
        membership=membership,
        key_children=key_children,
        rooms=rooms,
        children_count=len(children),
        incomplete_count=sum(1 for child in children if child.is_incomplete),
        leaving_soon=leavers[:5],
    )


def room_children_for(*, viewer, room) -> list[Child]:
    today = room.setting.today()
    children = (
        with_completeness(access.room_children(viewer, room))
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
        .prefetch_related(key_person_prefetch())
    )
    result = list(children)
    for child in result:
        child.is_incomplete = not all(item.ok for item in record_completeness(child))
        child.key_person = key_person_of(child)
    return result


@dataclass
class ChildProfile:
    access: access.ChildAccess
    child: Child
    links: list
    collectors: list
    key_person: Membership | None
    key_person_history: list
    completeness: list
    is_complete: bool


def child_profile_for(*, viewer, child_id) -> ChildProfile:
    child_access = access.child_access_or_404(viewer, child_id, need=access.STAFF)
    child = child_access.child
    links = list(
        CarerLink.objects.filter(child=child).select_related("carer__household", "carer__user")
    )
    history = list(KeyPersonAssignment.objects.filter(child=child).select_related("staff__user"))
    collectors = list(child.collectors.filter(is_active=True))
    # The active key person is in the history just read, and the record's counts are counted among the links,
    # collectors and assignments the page shows anyway: no query of their own.
    child.active_key_person_assignments = [a for a in history if a.is_active_on(date.today())]
    completeness_from(child, links=links, active_collectors=collectors,
                      active_assignments=child.active_key_person_assignments)
    completeness = record_completeness(child)
    return ChildProfile(
        access=child_access,
        child=child,
        links=links,
        collectors=collectors,
        key_person=key_person_of(child),
        key_person_history=history,
        completeness=completeness,
        is_complete=all(item.ok for item in completeness),
    )


@dataclass
class FamilyChild:
    child: Child
    link: CarerLink
    key_person: Membership | None
    people: list  # other unrestricted links, as the family sees them


def family_home_for(*, viewer) -> list[FamilyChild]:
    """The viewer's own children with their key person and the people around them (never restricted ones)."""
    links = access.read_links_of(viewer, (
        access.links_of(viewer)
        .select_related("child__room", "child__setting", "carer")
        .prefetch_related(
            Prefetch(
                "child__carer_links",
                queryset=CarerLink.objects.filter(is_restricted=False).select_related("carer"),
                to_attr="visible_links",
            ),
            Prefetch(
                "child__key_person_assignments",
                queryset=KeyPersonAssignment.objects.active().select_related("staff__user"),
                to_attr="active_key_person_assignments",
            ),
        )
        .order_by("child__legal_first_name")
    ))
    return [
        FamilyChild(
            child=link.child,
            link=link,
            key_person=key_person_of(link.child),
            people=[other for other in link.child.visible_links],
        )
        for link in links
    ]


@dataclass
class RightsChange:
    when: object
    by: object
    field: str
    label: str
    old: object
    new: object
    reason: str
    is_flag: bool  # yes/no; otherwise a text such as the restriction note, shown as written
    at_linking: bool  # what the link was given when it was made


def carer_link_rights_history(*, link: CarerLink) -> list[RightsChange]:
    """Every change of rights on a link, newest first: who, when, from what to what, and why a restriction
    was lifted. Read from the link's history, which every save writes."""
    from .models import RIGHTS_FIELDS

    records = list(link.history.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    previous = None
    for record in records:
        for name in RIGHTS_FIELDS:
            old = getattr(previous, name) if previous is not None else None
            new = getattr(record, name)
            if previous is None and new in (False, ""):
                continue  # a new link: only what it was given
            if previous is not None and old == new:
                continue
            changes.append(RightsChange(
                when=record.history_date, by=record.history_user, field=name,
                label=CarerLink._meta.get_field(name).verbose_name, old=old, new=new,
                reason=record.history_change_reason or "" if name == "is_restricted" else "",
                is_flag=isinstance(new, bool), at_linking=previous is None,
            ))
        previous = record
    return changes[::-1]
