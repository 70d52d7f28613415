"""Commitments (partnerships.Commitment): "I'll get back to you tomorrow" — remind the owner on the due date
and every day after until it is done (for two weeks)."""

from datetime import timedelta

from ..api import notify_staff
from . import reached, require_model, settings_with_local_today

CHASE_DAYS = 14


def collect(now) -> int:
    Commitment = require_model("partnerships", "Commitment")
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        due = Commitment.objects.filter(child__setting=setting, done_at__isnull=True, due_on__lte=today,
                                        due_on__gte=today - timedelta(days=CHASE_DAYS)).select_related("owner", "child")
        for commitment in due:
            queued += notify_staff(users=[commitment.owner], kind="commitment_due", about=commitment,
                                   due_at=now, key=f"commitment_due:{commitment.pk}:{today.isoformat()}")
    return queued
