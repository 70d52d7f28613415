"""THE visibility rules: which children a user sees, and what of each (DESIGN section 3).

Every view that touches family data comes through here. Anything the viewer may not see raises
Http404, exactly as if it did not exist, so a URL never tells a stranger that a child is there.

Rules, in one place:
- A manager sees every child of their setting.
- A practitioner (DSL or not) sees the children of their rooms and their own key children.
- A family carer sees only children they are linked to, and of each only what the link allows.
- A restricted link (e.g. a court order) shows nothing; it is checked on every request, so a carer
  loses access at their next request after the restriction is set.
- Staff of another setting see nothing of this one.
- A promise made to one carer is seen by that carer's household, not the other one
  (`commitments_visible_to_family`).
- A child who left: the family reads (never adds) until `Child.access_ends_on` (leave date + the setting's leaver
  days); after it the family sees nothing, and of the staff only managers see the child.
- Every staff member counts: anyone on the setting's staff (a cook, a receptionist, staff with no room) may find
  any current child of the setting by name, log a conversation with that child's family and raise a safeguarding
  record; nothing else of the child. That narrow right is `children_found_by` / `child_to_talk_about_or_404`;
  it is not a ChildAccess, so no other page opens with it.
Safeguarding records add one more rule on top: only the setting's DSL and the managers named on a record
read it (not the practitioner who recorded it, never a family). It lives in
`safeguarding_records_visible_to` / `safeguarding_record_or_404` at the end, next to the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .models import (
    AuthorisedCollector,
    CarerLink,
    Child,
    Invitation,
    KeyPersonAssignment,
    Membership,
    Room,
    Setting,
)

# What a view needs of a child. Names are the permissions a carer link grants, plus staff levels.
SEE = "see"  # anything at all: the child's name and people
DIARY = "diary"
CONTRIBUTE = "contribute"
CONCERNS = "concerns"
PARENTAL_RESPONSIBILITY = "parental_responsibility"
STAFF = "staff"
MANAGER = "manager"
NEEDS = {SEE, DIARY, CONTRIBUTE, CONCERNS, PARENTAL_RESPONSIBILITY, STAFF, MANAGER}


class NotAllowed(PermissionDenied):
    """A service refusing because of who asks, not what they typed: the one "not allowed" of every app.

    Services raise it (a ValidationError stays what it is: bad input, shown on the form). Views do not catch
    it: the 403 handler (families/view_helpers.py `permission_denied`) answers it with the same 404 as a
    missing page, so a refusal never tells a stranger that the record exists.
    """


def _not_found():
    return Http404("Not found")


# --- staff ---------------------------------------------------------------------------------------


def memberships_of(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("setting")


def staff_membership(user, setting: Setting | int | None = None) -> Membership | None:
    """The user's active staff membership (in `setting`, when given), or None for families.

    All of a user's memberships are read once per user object (one query per request), whichever
    setting is asked about afterwards.
    """
    if not user.is_authenticated:
        return None
    memberships = user.__dict__.get("_triangle_memberships")
    if memberships is None:
        memberships = list(memberships_of(user).order_by("pk"))
        user.__dict__["_triangle_memberships"] = memberships
    setting_id = setting.pk if isinstance(setting, Setting) else setting
    if setting_id is None:
        # Someone in two settings sees the one they chose (CurrentSettingMiddleware), else their first.
        chosen = user.__dict__.get("_triangle_current_setting_id")
        current = next((m for m in memberships if m.setting_id == chosen), None)
        if current is not None:
            return current
    return next((m for m in memberships if setting_id is None or m.setting_id == setting_id), None)


def choose_setting(user, setting_id) -> None:
    """Make `setting_id` the user's current setting for this request (ignored unless they work there)."""
    try:
        user.__dict__["_triangle_current_setting_id"] = int(setting_id)
    except (TypeError, ValueError):
        user.__dict__.pop("_triangle_current_setting_id", None)


def staff_settings_of(user) -> list[Setting]:
    """The settings the user works in, for the switcher (from the one memberships query per request)."""
    staff_membership(user)
    return [m.setting for m in user.__dict__.get("_triangle_memberships", [])]


def manager_membership_or_404(user) -> Membership:
    membership = staff_membership(user)
    if membership is None or not membership.is_manager:
        raise _not_found()
    return membership


def staff_membership_or_404(user) -> Membership:
    membership = staff_membership(user)
    if membership is None:
        raise _not_found()
    return membership


def _staff_child_filter(membership: Membership, today: date | None = None) -> Q:
    if membership.is_manager:
        return Q(setting_id=membership.setting_id)
    today = today or date.today()
    key_children = KeyPersonAssignment.objects.active(today).filter(staff_id=membership.pk, child=OuterRef("pk"))
    return Q(setting_id=membership.setting_id) & (
        Q(room__in=_room_ids_of(membership)) | Q(Exists(key_children))
    ) & _leaver_still_open(today)


def _leaver_still_open(today: date) -> Q:
    """Below manager: a leaver's records narrow to the managers once the family's read access has ended."""
    return ~Q(access_ends_on__lt=today)


def _room_ids_of(membership: Membership) -> QuerySet:
    """The ids of the membership's rooms, read from the link table alone: the same rows as membership.rooms, without
    the join to the rooms (and a third of the time the ORM spends building it, on every page that uses the rule)."""
    return Membership.rooms.through.objects.filter(membership_id=membership.pk).values("room_id")


def rooms_visible_to(user) -> QuerySet[Room]:
    membership = staff_membership(user)
    if membership is None:
        return Room.objects.none()
    if membership.is_manager:
        return Room.objects.filter(setting_id=membership.setting_id)
    return Room.objects.filter(pk__in=_room_ids_of(membership))


def room_or_404(user, room_id) -> Room:
    room = rooms_visible_to(user).filter(pk=room_id).select_related("setting").first()
    if room is None:
        raise _not_found()
    room._triangle_seen_by = staff_membership(user).pk  # for room_children: this room passed the rule
    return room


def room_children(user, room: Room) -> QuerySet[Child]:
    """`staff_children(user)` in `room`. For a room that room_or_404 gave this user every child in it passes the
    rule's room test, so only the rest of the rule is asked (the setting, a leaver's access): the room board reads
    its children without the rule's subqueries. Any other room goes through the whole rule."""
    membership = staff_membership(user)
    if membership is None or getattr(room, "_triangle_seen_by", None) != membership.pk:
        return staff_children(user).filter(room=room)
    children = Child.objects.filter(setting_id=membership.setting_id, room=room)
    return children if membership.is_manager else children.filter(_leaver_still_open(date.today()))


# --- families ------------------------------------------------------------------------------------


def links_of(user) -> QuerySet[CarerLink]:
    """The user's unrestricted links to children: what makes someone a family carer in Triangle."""
    if not user.is_authenticated:
        return CarerLink.objects.none()
    return _open_links(CarerLink.objects.filter(carer__user=user, is_restricted=False))


def _open_links(links: QuerySet[CarerLink]) -> QuerySet[CarerLink]:
    """A leaver's family keeps read access until the child's `access_ends_on` (leave date + the setting's leaver
    days, 90 by default), then loses it on its own."""
    return links.exclude(child__access_ends_on__lt=date.today())


def is_family_carer(user) -> bool:
    """Read once per user object (one query per request: the home view and the nav both ask)."""
    found = user.__dict__.get("_triangle_is_family_carer")
    if found is None:
        found = user.__dict__["_triangle_is_family_carer"] = links_of(user).exists()
    return found


def read_links_of(user, links: QuerySet[CarerLink]) -> list[CarerLink]:
    """Read `links` (`links_of(user)` with what the page shows selected); whether there are any answers
    `is_family_carer` for the rest of the request (the family home reads them all anyway)."""
    found = list(links)
    user.__dict__["_triangle_is_family_carer"] = bool(found)
    return found


# --- children ------------------------------------------------------------------------------------


def children_visible_to(user) -> QuerySet[Child]:
    """Every child the user may see at all: staff scope plus unrestricted family links."""
    if not user.is_authenticated:
        return Child.objects.none()
    q = Q(Exists(links_of(user).filter(child=OuterRef("pk"))))
    membership = staff_membership(user)
    if membership is not None:
        q |= _staff_child_filter(membership)
    return Child.objects.filter(q)


def staff_children(user) -> QuerySet[Child]:
    membership = staff_membership(user)
    if membership is None:
        return Child.objects.none()
    return Child.objects.filter(_staff_child_filter(membership))


def staff_children_by_id(user) -> QuerySet[Child]:
    """`staff_children`, its ids read once a request (per user object and day): for a page that filters by the
    viewer's children several times (the staff home's cards), so it pays one small query and compiles the
    rule's subqueries once, not in every card. A single use is cheaper as `staff_children`."""
    membership = staff_membership(user)
    if membership is None:
        return Child.objects.none()
    if membership.is_manager:
        return Child.objects.filter(_staff_child_filter(membership))
    today = date.today()
    known = membership.__dict__.setdefault("_triangle_child_ids", {})
    if today not in known:
        known[today] = list(Child.objects.filter(_staff_child_filter(membership, today)).values_list("pk", flat=True))
    return Child.objects.filter(pk__in=known[today])


def family_children(user, need: str = SEE) -> QuerySet[Child]:
    links = _links_allowing(links_of(user), need)
    return Child.objects.filter(Exists(links.filter(child=OuterRef("pk"))))


def _links_allowing(links: QuerySet[CarerLink], need: str) -> QuerySet[CarerLink]:
    if need in LINK_FLAGS:
        links = links.filter(**{LINK_FLAGS[need]: True})
    return links


def family_links_of_child(child: Child | int, need: str = SEE) -> QuerySet[CarerLink]:
    """The unrestricted carer links to `child` that allow `need`: the family side of who sees this child."""
    return family_links_of_children([child.pk if isinstance(child, Child) else child], need)


def family_links_of_children(child_ids, need: str = SEE) -> QuerySet[CarerLink]:
    """`family_links_of_child` for many children in one query."""
    return _links_allowing(_open_links(CarerLink.objects.filter(child_id__in=child_ids, is_restricted=False)), need)


LINK_FLAGS = {
    DIARY: "can_see_diary",
    CONTRIBUTE: "can_contribute",
    CONCERNS: "can_see_concerns",
    PARENTAL_RESPONSIBILITY: "parental_responsibility",
}


@dataclass(frozen=True)
class ChildAccess:
    """What one viewer may do with one child. Staff get every family permission; families what their link says."""

    child: Child
    membership: Membership | None = None
    link: CarerLink | None = None

    @property
    def is_staff(self) -> bool:
        return self.membership is not None

    @property
    def is_manager(self) -> bool:
        return self.membership is not None and self.membership.is_manager

    @property
    def is_dsl(self) -> bool:
        return self.membership is not None and self.membership.is_dsl

    @property
    def is_family(self) -> bool:
        return self.membership is None and self.link is not None

    def allows(self, need: str) -> bool:
        if need not in NEEDS:
            raise ValueError(f"Unknown access need {need!r}")
        if need == SEE:
            return True
        if need == STAFF:
            return self.is_staff
        if need == MANAGER:
            return self.is_manager
        if self.is_staff:
            # Staff act for the setting; parental responsibility is a family fact they never hold.
            return need != PARENTAL_RESPONSIBILITY
        if need == CONTRIBUTE and self.child.has_left():
            return False  # a leaver's family reads what there is; nothing new is added
        return bool(getattr(self.link, LINK_FLAGS[need]))

    can_see_diary = property(lambda self: self.allows(DIARY))
    can_contribute = property(lambda self: self.allows(CONTRIBUTE))
    can_see_concerns = property(lambda self: self.allows(CONCERNS))
    has_parental_responsibility = property(lambda self: self.allows(PARENTAL_RESPONSIBILITY))


def own_links_allowing(links, need: str) -> list[CarerLink]:
    """Of a family carer's own links (from `links_of`, children selected), those that allow `need`.

    The family to-do list (families/todo.py) asks this per item: a consent waits only for a carer with parental
    responsibility, a settling-in review for one who may contribute, and so on.
    """
    return [link for link in links if not link.is_restricted and ChildAccess(child=link.child, link=link).allows(need)]


def child_access(user, child: Child | int, children: QuerySet[Child] | None = None) -> ChildAccess | None:
    """The viewer's access to a child, or None when they may not see it at all.

    Given an id, the child is read with the access check; `children` is the queryset to read it from when the
    page needs more of it (annotations), so the page does not read the child a second time.
    """
    if not user.is_authenticated:
        return None
    child_id = child.pk if isinstance(child, Child) else child
    membership = staff_membership(user)  # the current setting's: staff of two settings see one at a time
    if membership is None and not isinstance(child, Child):
        # A family carer sees a child through their link alone: the link and its child in one query.
        link = links_of(user).filter(child_id=child_id).select_related("carer", "child__setting", "child__room").first()
        if link is None:
            return None
        user.__dict__["_triangle_is_family_carer"] = True  # the nav asks the same: one query saved
        return ChildAccess(child=link.child, link=link)
    staff_sees = None
    if not isinstance(child, Child):
        children = (Child.objects.all() if children is None else children).select_related("setting", "room").filter(
            pk=child_id)
        if membership is not None and not membership.is_manager:
            # Whether this staff member's scope holds the child, read with the child (one query, not two).
            children = children.annotate(_staff_sees=Exists(
                Child.objects.filter(pk=OuterRef("pk")).filter(_staff_child_filter(membership))))
        child = children.first()
        if child is None:
            return None
        staff_sees = child.__dict__.pop("_staff_sees", None)
    if membership is not None and membership.setting_id == child.setting_id:
        if staff_sees is None and not membership.is_manager:
            staff_sees = Child.objects.filter(pk=child_id).filter(_staff_child_filter(membership)).exists()
        if membership.is_manager or staff_sees:
            return ChildAccess(child=child, membership=membership)
    link = links_of(user).filter(child_id=child_id).select_related("carer").first()
    if link is not None:
        user.__dict__["_triangle_is_family_carer"] = True  # the nav asks the same: one query saved
        return ChildAccess(child=child, link=link)
    return None


def child_access_or_404(user, child_id, need: str = SEE, children: QuerySet[Child] | None = None) -> ChildAccess:
    access = child_access(user, child_id, children)
    if access is None or not access.allows(need):
        raise _not_found()
    return access


def child_object_or_404(user, queryset: QuerySet, pk, need: str = SEE, child_field: str = "child"):
    """Load any record that belongs to a child, then check the viewer's access to that child.

    Other apps use this for their own records: `entry, access = child_object_or_404(user,
    DiaryEntry.objects, pk, need=DIARY)`. Returns (object, ChildAccess).
    """
    obj = queryset.select_related(child_field).filter(pk=pk).first()
    if obj is None:
        raise _not_found()
    child = obj
    for part in child_field.split("__"):  # "activity__child": a record that belongs to a child's record
        child = getattr(child, part)
    access = child_access_or_404(user, child, need)
    return obj, access


def carer_link_or_404(user, link_id, need: str = STAFF) -> tuple[CarerLink, ChildAccess]:
    return child_object_or_404(user, CarerLink.objects.select_related("carer"), link_id, need=need)


def rights_history_readable(user, link: CarerLink) -> bool:
    """What changed on a carer's rights: the child's staff, and every DSL of the child's setting, who is told of
    each change wherever the child's room is (DESIGN section 3)."""
    found = child_access(user, link.child)
    if found is not None and found.is_staff:
        return True
    membership = staff_membership(user, link.child.setting_id)
    return membership is not None and membership.is_dsl


RIGHTS_CHANGED = "carer_rights_changed"  # the notification kind a DSL reads beyond their rooms


def notices_beyond_rooms(membership: Membership) -> Q:
    """Notifications a staff member reads about children outside their rooms: a DSL, every change of rights."""
    if membership.is_dsl:
        return Q(kind=RIGHTS_CHANGED, setting_id=membership.setting_id)
    return Q(pk__in=[])


def rights_history_or_404(user, link_id) -> CarerLink:
    link = CarerLink.objects.select_related("carer", "child__setting").filter(pk=link_id).first()
    if link is None or not rights_history_readable(user, link):
        raise _not_found()
    return link


def collector_or_404(user, collector_id, need: str = STAFF) -> tuple[AuthorisedCollector, ChildAccess]:
    return child_object_or_404(user, AuthorisedCollector.objects, collector_id, need=need)


def staff_member_or_404(user, membership_id) -> Membership:
    """A colleague's membership, for a manager of the same setting."""
    manager = manager_membership_or_404(user)
    member = Membership.objects.filter(pk=membership_id, setting_id=manager.setting_id).select_related("user").first()
    if member is None:
        raise _not_found()
    return member


def staff_photo_visible(user, membership_id) -> Membership:
    """Staff photos: colleagues in the setting, and families whose child has this person as key person."""
    member = Membership.objects.filter(pk=membership_id).select_related("user").first()
    if member is None:
        raise _not_found()
    if staff_membership(user, member.setting_id) is not None:
        return member
    keyed = KeyPersonAssignment.objects.active().filter(staff=member, child__in=family_children(user))
    if not keyed.exists():
        raise _not_found()
    return member


def invitation_for_manager_or_404(user, invitation_id) -> Invitation:
    manager = manager_membership_or_404(user)
    invitation = Invitation.objects.filter(pk=invitation_id, setting_id=manager.setting_id).first()
    if invitation is None:
        raise _not_found()
    return invitation


# --- promises to one carer -----------------------------------------------------------------------


def commitments_visible_to_family(link: CarerLink, commitments: QuerySet) -> QuerySet:
    """The promises ("I'll get back to you by...") a family carer sees among `commitments` of their child.

    A promise belongs to the carers it was said to and their household: a parent in the other household does not
    see what was promised to someone else, unless it was said to someone of theirs too (about both of them). A
    carer with no household sees only what was said to them. A promise that names no one is for the whole family.
    A promise made in a concern (or a family's concern) reaches only carers who see concerns.
    """
    if not link.can_see_concerns:  # promises made in a concern stay with those who see concerns
        commitments = commitments.exclude(source_type__model__in=["concern", "familyconcern"])
    carer = link.carer
    q = Q(said_to__isnull=True) | Q(said_to=carer)
    if carer.household_id is not None:
        q |= Q(said_to__household_id=carer.household_id)
    return commitments.filter(pk__in=commitments.filter(q).values("pk"))


# --- every staff member counts --------------------------------------------------------------------


def _current_children_of(membership: Membership) -> QuerySet[Child]:
    today = membership.setting.today()
    return Child.objects.filter(setting_id=membership.setting_id).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=today))


def children_found_by(user, name: str) -> QuerySet[Child]:
    """Current children of the user's setting whose names contain every word of `name` (any staff member).

    The narrow right of DESIGN section 3: finding a child to talk with the family or to raise a safeguarding
    record. An empty search finds nobody; families and strangers find nobody.
    """
    membership = staff_membership(user)
    words = name.split()[:5]
    if membership is None or not words:
        return Child.objects.none()
    children = _current_children_of(membership)
    for word in words:
        children = children.filter(Q(preferred_name__icontains=word) | Q(legal_first_name__icontains=word)
                                   | Q(legal_last_name__icontains=word))
    return children


def child_to_talk_about_or_404(user, child_id) -> Child:
    """A child of this staff member's setting, whose family they may log a conversation with (whatever their rooms).

    A child who has left is found too: the conversation service then says why nothing new can be added.
    """
    membership = staff_membership(user)
    child = None
    if membership is not None:
        child = Child.objects.filter(setting_id=membership.setting_id, pk=child_id).select_related(
            "setting", "room").first()
    if child is None:
        raise _not_found()
    return child


# --- records written by staff and shared with the family; photos of several children --------------


# The date that shares each record staff write with the family, by model ("app_label.modelname").
_SHARED_ON = {"partnerships.concern": "shared_with_family_at", "partnerships.progresscheck": "shared_on",
              "partnerships.transition": "shared_with_family_at"}


def _shared_field(model) -> str | None:
    label = model if isinstance(model, str) else model._meta.label_lower
    return _SHARED_ON.get(label.lower())


def shared_with_family(model, path: str = "") -> Q:
    """THE rule for a record staff write and then share (a concern, the progress check at two, the transition
    summary), as a filter on `model` (a class or "app_label.Model"): a family may see it once it is shared.
    `path` reaches the record from another model ("concern__" for a concern's observations); the same Q filters the
    record's history (the subject access copy, dataprotection/held.py)."""
    return Q(**{f"{path}{_shared_field(model)}__isnull": False})


def is_shared_with_family(record) -> bool:
    """`shared_with_family` for a record already loaded."""
    return getattr(record, _shared_field(type(record))) is not None


def shared_record_visible(child_access: ChildAccess, record) -> bool:
    """A record staff write and then share (the progress check at two, the transition summary): the child's
    staff always; a family carer once it is shared, and only with parental responsibility."""
    return not child_access.is_family or (is_shared_with_family(record) and child_access.has_parental_responsibility)


def shared_records_visible_to_family(link: CarerLink, records: QuerySet) -> QuerySet:
    """`shared_record_visible` as a filter for one family link: the shared ones, with parental responsibility."""
    return records.filter(shared_with_family(records.model)) if link.parental_responsibility else records.none()


def shared_records_visible_to_links(links, records: QuerySet) -> QuerySet:
    """`shared_records_visible_to_family` for all of a carer's own links at once (from `links_of`, children
    selected): the shared records of the children they hold parental responsibility for (the family to-do list)."""
    children = [link.child_id for link in own_links_allowing(links, PARENTAL_RESPONSIBILITY)]
    return records.filter(shared_with_family(records.model), child_id__in=children)


def concern_visible(child_access: ChildAccess, concern) -> bool:
    """A staff-raised concern (read with the CONCERNS right): its child's staff always, a family once it is shared."""
    return not child_access.is_family or is_shared_with_family(concern)


def concerns_visible_to_family(link: CarerLink, concerns: QuerySet) -> QuerySet:
    """The concerns a family link sees in its child's partnership page: none without the concern right; of the
    staff-raised ones only those shared with the family; all those the family raised."""
    if not link.can_see_concerns:
        return concerns.none()
    return concerns.filter(shared_with_family(concerns.model)) if _shared_field(concerns.model) else concerns


def request_answerable_by(link: CarerLink, request) -> bool:
    """Whether a family carer answers a request (and it waits on their home): a consent only with parental
    responsibility, anything else any carer of the child."""
    return request.kind != request.Kind.CONSENT or link.parental_responsibility


def settling_plan_visible(child_access: ChildAccess, plan) -> bool:
    """The settling-in plan page: staff may open it to start one; a family sees it only once there is a plan."""
    return plan is not None or not child_access.is_family


def photo_visible_to_family(tagged) -> bool:
    """A photo of several children reaches a family only when every tagged child's photo consent allows it."""
    return len(tagged) <= 1 or all(child.photo_consent for child in tagged)


# --- safeguarding --------------------------------------------------------------------------------


def safeguarding_records_visible_to(user):
    """Safeguarding records the user may read: as the setting's DSL, or as a manager named on the record.

    Families, other practitioners and the recorder (unless DSL or named) get none. Reads are audited by the
    caller (partnerships.selectors.safeguarding_record_for), never here, so listing stays cheap.
    """
    from partnerships.models import SafeguardingRecord

    membership = staff_membership(user)
    if membership is None:
        return SafeguardingRecord.objects.none()
    records = SafeguardingRecord.objects.filter(setting_id=membership.setting_id)
    if membership.is_dsl:
        return records
    if membership.is_manager:
        return records.filter(named_managers=user)
    return SafeguardingRecord.objects.none()


def safeguarding_list_reader_or_404(user) -> Membership:
    """The safeguarding list is open to the DSL and to managers (who see on it the records naming them)."""
    membership = staff_membership(user)
    if membership is None or not (membership.is_dsl or membership.is_manager):
        raise _not_found()
    return membership


def is_safeguarding_record(obj) -> bool:
    """Whether `obj` is a safeguarding record (the model says so with `is_safeguarding_record = True`)."""
    return obj is not None and bool(getattr(obj, "is_safeguarding_record", False))


def safeguarding_record_readable(user, record) -> bool:
    return safeguarding_records_visible_to(user).filter(pk=record.pk).exists()


def can_record_safeguarding(user, child) -> bool:
    """Any staff member of the child's setting may record a concern for the DSL."""
    return staff_membership(user, child.setting_id) is not None


def safeguarding_record_or_404(user, pk):
    record = safeguarding_records_visible_to(user).select_related("child", "recorded_by").filter(pk=pk).first()
    if record is None:
        raise _not_found()
    return record


def child_access_many(pairs) -> dict:
    """`child_access` for many (user, child) pairs at once, by the same rules, in a handful of queries.

    For senders that check hundreds of recipients in one go (the notification outbox). Returns
    {(user_id, child_id): ChildAccess or None}. Users must be authenticated User rows.
    """
    pairs = list(pairs)
    if not pairs:
        return {}
    users = {user.pk: user for user, _child in pairs}
    children = {child.pk: child for _user, child in pairs}
    memberships = {}
    for m in Membership.objects.filter(user_id__in=users, is_active=True,
                                       setting_id__in={c.setting_id for c in children.values()}).order_by("pk"):
        memberships.setdefault((m.user_id, m.setting_id), m)
    seen_by_staff = {}
    for m in {m.pk: m for m in memberships.values() if not m.is_manager}.values():
        ids = [c.pk for c in children.values() if c.setting_id == m.setting_id]
        seen_by_staff[m.pk] = set(Child.objects.filter(pk__in=ids).filter(_staff_child_filter(m))
                                  .values_list("pk", flat=True))
    links = {}
    for link in (_open_links(CarerLink.objects.filter(carer__user_id__in=users, child_id__in=children,
                                                      is_restricted=False)).select_related("carer").order_by("pk")):
        links.setdefault((link.carer.user_id, link.child_id), link)
    result = {}
    for user, child in pairs:
        key = (user.pk, child.pk)
        membership = memberships.get((user.pk, child.setting_id))
        if membership is not None and (membership.is_manager or child.pk in seen_by_staff.get(membership.pk, ())):
            result[key] = ChildAccess(child=child, membership=membership)
        elif key in links:
            result[key] = ChildAccess(child=child, link=links[key])
        else:
            result[key] = None
    return result


# --- subject access (dataprotection) -------------------------------------------------------------


def may_ask_for_subject_access(user, child) -> bool:
    """A family carer with parental responsibility asks for their child's records from the family pages."""
    access = child_access(user, child)
    return access is not None and access.is_family and access.has_parental_responsibility


def subject_access_requests_visible_to(user):
    """Subject access requests the user may open: a manager or the DSL sees their setting's; a family carer the
    family copies they asked for themselves, while their link still holds parental responsibility."""
    from dataprotection.models import SubjectAccessRequest

    if not user.is_authenticated:
        return SubjectAccessRequest.objects.none()
    q = Q(copy=SubjectAccessRequest.Copy.FAMILY, requester__user=user) & Q(
        Exists(links_of(user).filter(child=OuterRef("child"), parental_responsibility=True)))
    membership = staff_membership(user)
    if membership is not None and (membership.is_manager or membership.is_dsl):
        q |= Q(setting_id=membership.setting_id)
    return SubjectAccessRequest.objects.filter(q)


def subject_access_request_or_404(user, pk, *, staff_only: bool = False):
    requests = subject_access_requests_visible_to(user)
    if staff_only:
        membership = staff_membership(user)
        if membership is None or not (membership.is_manager or membership.is_dsl):
            raise _not_found()
        requests = requests.filter(setting_id=membership.setting_id)
    found = requests.select_related("child", "setting", "requester").filter(pk=pk).first()
    if found is None:
        raise _not_found()
    return found


def dsl_membership_or_404(user) -> Membership:
    membership = staff_membership(user)
    if membership is None or not membership.is_dsl:
        raise _not_found()
    return membership
