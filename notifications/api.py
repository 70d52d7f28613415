"""The one door other apps use to tell people something. Call it inside the transaction that made the thing.

Diaries and partnerships call these when something happens; the notifications app owns the outbox,
the wording (one template per kind), languages, channels, quiet hours, digests and exactly-once sending.
The recipient's right to see `about` is checked again when the message is rendered and sent, so a
caller can never leak a record by naming the wrong people.

Kinds used so far (the notifications app renders each, see kinds.py):
  families: handover_acknowledged, comment_reply, end_of_day_summary, accident_recorded,
            medicine_dose_given, home_observation_acknowledged, activity_response_acknowledged,
            activity_suggested, concern_update, settling_plan_ready, settling_review_waiting,
            request_sent, event_reminder (and, from reminder sources: accident_chaser, request_reminder,
            request_due_today)
  staff:    carer_rights_changed, family_comment, activity_reported_back, family_handover, family_concern_raised, commitment_due, concern_action_due,
            concern_review_due, complaint_deadline, accident_unacknowledged, settling_review_due,
            incomplete_records (and concern_action_overdue, complaint_deadline_passed,
            family_concern_unacknowledged, invitation_unaccepted)

When what a notification asked of a family is done (answered, booked, acknowledged), the service that recorded it
calls `mark_read_about`, so the family's to-do list (families/todo.py) and their unread badge agree.
Who to tell comes from families/audiences.py (carers by the right they need, key person, room staff, managers,
DSLs); which child a record is about from families/records.py.
A safeguarding record (`access.is_safeguarding_record`) is never queued for a family, and for staff only when the
safeguarding rule in families/access.py allows it (`safeguarding_record_readable`), checked again at send time;
its text names no child.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from families import access, audiences
from families.models import Setting
from families.records import child_of

from . import badge, kinds, outbox
from .models import Notification

log = logging.getLogger(__name__)


def notify_child_family(*, child, kind: str, about, need: str = access.DIARY, exclude_user=None,
                        due_at: datetime | None = None, key: str = "") -> int:
    """Queue `kind` about `about` for every unrestricted family carer of `child` whose link allows `need`.

    Returns how many notifications were queued. `key` makes the call idempotent (same key, no second row).
    """
    spec = kinds.get(kind)
    if access.is_safeguarding_record(about):
        log.error("Refused to notify a family about a safeguarding record (%s)", kind)
        return 0
    about_child = child_of(about)
    if about_child is not None and about_child.pk != child.pk:
        raise ValueError("`about` belongs to another child: a family is never told about someone else's child")
    if spec.need == access.CONCERNS or need == access.CONCERNS:
        need = access.CONCERNS  # concern updates go only to carers with concern rights, whatever the caller said
    recipients = audiences.carers_to_tell(child, need, exclude_user=exclude_user)
    return outbox.queue(recipients=recipients, kind=kind, about=about, child=child, setting=child.setting,
                        need=need, due_at=due_at, key=key)


def notify_staff(*, users, kind: str, about, due_at: datetime | None = None, key: str = "") -> int:
    """Queue `kind` about `about` for each staff user in `users` (lists from families/audiences.py)."""
    spec = kinds.get(kind)
    child = child_of(about)
    setting = getattr(about, "setting", None) or (child.setting if child is not None else None)
    if setting is None and isinstance(about, Setting):
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
        if access.is_safeguarding_record(about) and not access.safeguarding_record_readable(user, about):
            continue
        recipients.append((user, None))
    return outbox.queue(recipients=recipients, kind=kind, about=about, child=child, setting=setting,
                        need=spec.need, due_at=due_at, key=key)


def mark_read_about(*, about, child, need: str = access.SEE, users=None) -> int:
    """What `about` asked of a family is done (answered, booked, acknowledged): the notifications about it are read.

    `users` are those it was done for; by default every carer of `child` whose link allows `need` (whoever answers
    for the family clears it for all of them). Call it inside the transaction that recorded the answer.
    Returns how many notifications it marked.
    """
    if users is None:
        user_ids = set(access.family_links_of_child(child, need).filter(carer__user__isnull=False)
                       .values_list("carer__user_id", flat=True))
    else:
        user_ids = {getattr(user, "pk", user) for user in users}
    if not user_ids:
        return 0
    rows = Notification.objects.filter(recipient_id__in=user_ids, content_type=Notification.content_type_for(about),
                                       object_id=about.pk, read_at__isnull=True)
    readers = set(rows.values_list("recipient_id", flat=True))
    marked = rows.update(read_at=timezone.now())
    if readers:
        transaction.on_commit(lambda: badge.forget(*readers))
    return marked


def notify_carer(*, child, user, kind: str, about, need: str = access.DIARY, due_at: datetime | None = None,
                 key: str = "") -> int:
    """Queue `kind` for one family carer of `child` (e.g. the person who asked for something), if their link
    allows `need`; anyone else gets nothing."""
    if access.is_safeguarding_record(about):
        log.error("Refused to notify a family about a safeguarding record (%s)", kind)
        return 0
    recipients = [(u, carer) for u, carer in audiences.carers_to_tell(child, need) if u.pk == user.pk]
    return outbox.queue(recipients=recipients, kind=kind, about=about, child=child, setting=child.setting,
                        need=need, due_at=due_at, key=key)
