"""THE "who is told about this child" rules: every notification's list of people comes from here.

`families/access.py` decides who may *see* a child; this module decides who *hears* about one. The two agree by
construction: carers are chosen by the same link flags access.py grants (`access.family_links_of_child`), and
the outbox checks access again at send time, so a list here can only ever narrow who is told.

- carers_to_tell(child, need): unrestricted, active family carers whose link allows `need`
- key_people(child): the child's active key person(s)
- room_staff(child): active staff of the child's room
- family_message_staff(child, author=): key person and room staff (and the entry's author), who hear about what a
  family writes in the diary
- key_person_and_managers(child): who hears about a family-raised concern
- managers_of(setting): who hears about deadlines and unacknowledged things
- dsls_of(setting): designated safeguarding leads, who hear about every safeguarding record
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from . import access
from .models import KeyPersonAssignment, Membership, Setting


def _setting_id(setting: Setting | int) -> int:
    return setting.pk if isinstance(setting, Setting) else setting


def carers_to_tell(child, need: str = access.DIARY, *, exclude_user=None) -> list[tuple]:
    """(user, carer) for every family carer of `child` with an active account whose link allows `need`."""
    if need in (access.STAFF, access.MANAGER):
        raise ValueError(f"need={need!r} is staff-only; families are never told about it")
    links = (access.family_links_of_child(child, need)
             .filter(carer__user__isnull=False, carer__user__is_active=True).select_related("carer", "carer__user"))
    if exclude_user is not None:
        links = links.exclude(carer__user=exclude_user)
    return [(link.carer.user, link.carer) for link in links]


def _active_key_assignments(child, on: date | None):
    on = on or child.setting.today()
    return KeyPersonAssignment.objects.active(on).filter(child=child, staff__is_active=True)


def key_people(child, on: date | None = None) -> list:
    """The child's key person on `on` (the setting's today by default)."""
    return [a.staff.user for a in _active_key_assignments(child, on).select_related("staff__user")]


def room_staff(child) -> list:
    if not child.room_id:
        return []
    members = Membership.objects.filter(setting_id=child.setting_id, is_active=True, rooms=child.room_id)
    return [m.user for m in members.select_related("user")]


def family_message_staff(child, *, author=None) -> list:
    """Who hears about a family's message in the diary: the child's key person and the staff of the child's room,
    plus `author`, the staff member who wrote what the family is answering."""
    users = {u.pk: u for u in room_staff(child)}
    users.update({u.pk: u for u in key_people(child)})
    found = sorted(users.values(), key=lambda u: u.pk)
    if author is not None and author.pk not in users:
        found.append(author)
    return found


def key_person_and_managers(child) -> list:
    """Who hears about family-raised concerns: the child's key person and the setting's managers."""
    key_staff = _active_key_assignments(child, None).values("staff")
    members = Membership.objects.filter(setting_id=child.setting_id, is_active=True).filter(
        Q(role=Membership.Role.MANAGER) | Q(pk__in=key_staff)
    )
    return [m.user for m in members.select_related("user")]


def managers_of(setting: Setting | int) -> list:
    """The active managers of a setting: who hears about deadlines and unacknowledged things."""
    members = Membership.objects.filter(setting_id=_setting_id(setting), role=Membership.Role.MANAGER, is_active=True)
    return [m.user for m in members.select_related("user")]


def dsls_of(setting: Setting | int) -> list:
    """The setting's designated safeguarding leads: they hear about every safeguarding record."""
    members = Membership.objects.filter(setting_id=_setting_id(setting), is_active=True, is_dsl=True)
    return [m.user for m in members.select_related("user")]
