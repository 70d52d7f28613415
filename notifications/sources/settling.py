"""Settling-in (partnerships.SettlingSession): at the end of a session's day, remind the child's key person
to review it with the parent, while the plan is open and the session unreviewed."""

from datetime import timedelta

from ..api import notify_staff
from . import key_people, reached, require_model, settings_with_local_today


def collect(now) -> int:
    SettlingSession = require_model("partnerships", "SettlingSession")
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        sessions = SettlingSession.objects.filter(
            plan__child__setting=setting, reviewed_at__isnull=True, plan__settled_on__isnull=True,
            date__lte=today, date__gte=today - timedelta(days=7),
        ).select_related("plan__child")
        for session in sessions:
            if session.date == today and not reached(setting, today, rs.end_of_day, now):
                continue
            queued += notify_staff(users=key_people(session.plan.child, today), kind="settling_review_due",
                                   about=session, due_at=now, key=f"settling_review_due:{session.pk}")
    return queued
