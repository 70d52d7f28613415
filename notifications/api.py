"""The one door other apps use to tell people something. Call it inside the transaction that made the thing.

Diaries and partnerships call these when something happens; the notifications app owns the outbox,
the wording (one template per kind), languages, channels, quiet hours, digests and exactly-once sending.
The recipient's right to see `about` is checked again when the message is rendered and sent, so a
caller can never leak a record by naming the wrong people.

Kinds used so far (the notifications app renders each, see kinds.py):
  families: handover_acknowledged, comment_reply, end_of_day_summary, accident_recorded,
            medicine_dose_given, home_observation_acknowledged, activity_suggested, concern_update,
            request_sent, event_reminder (and, from reminder sources: accident_chaser, request_reminder,
            request_due_today)
  staff:    family_comment, family_handover, family_concern_raised, commitment_due, concern_action_due,
            concern_review_due, complaint_deadline, accident_unacknowledged, settling_review_due,
            incomplete_records (and concern_action_overdue, complaint_deadline_passed,
            family_concern_unacknowledged, invitation_unaccepted)

A safeguarding record (model SafeguardingRecord, or attribute `is_safeguarding_record = True`) is never
queued for a family, and for staff only when the safeguarding rule in families/access.py allows it
(`safeguarding_records_visible_to`), checked again at send time; its text names no child.
"""

from __future__ import annotations

import logging
from datetime import datetime

from families import access
from families.models import CarerLink, Membership

from . import kinds, outbox

log = logging.getLogger(__name__)


def is_safeguarding(obj) -> bool:
    if obj is None:
        return False
    return bool(getattr(obj, "is_safeguarding_record", False)) or type(obj).__name__ == "SafeguardingRecord"


def safeguarding_readable(user, record) -> bool:
    """The safeguarding rule lives in families/access.py; without it, nobody is told anything."""
    readable = getattr(access, "safeguarding_record_readable", None)
    if readable is not None:
        return bool(readable(user, record))
    visible_to = getattr(access, "safeguarding_records_visible_to", None)
    if visible_to is not None:
        return visible_to(user).filter(pk=record.pk).exists()
    return False


CHILD_PATHS = ("child", "concern.child", "plan.child", "recipient.child")


def _child_of(about):
    """The child a record is about: its own `child`, or its parent record's (a concern action, a session)."""
    if about is None:
        return None
    for path in CHILD_PATHS:
        value = about
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def notify_child_family(*, child, kind: str, about, need: str = access.DIARY, exclude_user=None,
                        due_at: datetime | None = None, key: str = "") -> int:
    """Queue `kind` about `about` for every unrestricted family carer of `child` whose link allows `need`.

    Returns how many notifications were queued. `key` makes the call idempotent (same key, no second row).
    """
    spec = kinds.get(kind)
    if is_safeguarding(about):
        log.error("Refused to notify a family about a safeguarding record (%s)", kind)
        return 0
    about_child = _child_of(about)
    if about_child is not None and about_child.pk != child.pk:
        raise ValueError("`about` belongs to another child: a family is never told about someone else's child")
    if spec.need == access.CONCERNS or need == access.CONCERNS:
        need = access.CONCERNS  # concern updates go only to carers with concern rights, whatever the caller said
    if need in (access.STAFF, access.MANAGER):
        raise ValueError(f"need={need!r} is staff-only; families are never told about it")
    links = CarerLink.objects.filter(child=child, is_restricted=False, carer__user__isnull=False,
                                     carer__user__is_active=True).select_related("carer", "carer__user")
    if need in access.LINK_FLAGS:
        links = links.filter(**{access.LINK_FLAGS[need]: True})
    if exclude_user is not None:
        links = links.exclude(carer__user=exclude_user)
    recipients = [(link.carer.user, link.carer) for link in links]
    return outbox.queue(recipients=recipients, kind=kind, about=about, child=child, setting=child.setting,
                        need=need, due_at=due_at, key=key)


def notify_staff(*, users, kind: str, about, due_at: datetime | None = None, key: str = "") -> int:
    """Queue `kind` about `about` for each staff user in `users`."""
    spec = kinds.get(kind)
    child = _child_of(about)
    setting = getattr(about, "setting", None) or (child.setting if child is not None else None)
    if setting is None and about is not None and about.__class__.__name__ == "Setting":
        setting = about
    recipients = []
    for user in users:
        if user is None:
            continue
        membership = access.staff_membership(user, setting) if setting is not None else access.staff_membership(user)
        if membership is None:
            continue  # not staff here: a family member or another setting's staff never gets a staff message
        if setting is None:
            setting = membership.setting
        if spec.need == access.MANAGER and not membership.is_manager:
            continue
        if is_safeguarding(about) and not safeguarding_readable(user, about):
            continue
        recipients.append((user, None))
    return outbox.queue(recipients=recipients, kind=kind, about=about, child=child, setting=setting,
                        need=spec.need, due_at=due_at, key=key)


def managers_of(setting):
    """The active managers of a setting: who hears about deadlines and unacknowledged things."""
    return [m.user for m in Membership.objects.filter(setting=setting, role=Membership.Role.MANAGER, is_active=True)
            .select_related("user")]
