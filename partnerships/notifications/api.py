"""The one door other apps use to tell people something. Call it inside the transaction that made the thing.

Diaries and partnerships call these when something happens; the notifications app owns the outbox,
the wording (one template per kind), languages, channels, quiet hours, digests and exactly-once sending.
The recipient's right to see `about` is checked again when the message is rendered and sent, so a
caller can never leak a record by naming the wrong people.

Kinds used so far (the notifications app renders each):
  families: handover_acknowledged, comment_reply, end_of_day_summary, accident_recorded,
            medicine_dose_given, home_observation_acknowledged, activity_suggested, concern_update,
            request_sent, event_reminder
  staff:    family_comment, family_handover, family_concern_raised, commitment_due, concern_action_due,
            concern_review_due, complaint_deadline, accident_unacknowledged, settling_review_due,
            incomplete_records
"""

from __future__ import annotations

from datetime import datetime

from families import access


def notify_child_family(*, child, kind: str, about, need: str = access.DIARY, exclude_user=None,
                        due_at: datetime | None = None, key: str = "") -> int:
    """Queue `kind` about `about` for every unrestricted family carer of `child` whose link allows `need`.

    Returns how many notifications were queued. `key` makes the call idempotent (same key, no second row).
    """
    return 0  # Filled in by the notifications app (issue 5).


def notify_staff(*, users, kind: str, about, due_at: datetime | None = None, key: str = "") -> int:
    """Queue `kind` about `about` for each staff user in `users`."""
    return 0  # Filled in by the notifications app (issue 5).
