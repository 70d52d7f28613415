"""Data protection's reminder sources, registered in DataProtectionConfig.ready() (notifications/reminders.py)."""

from datetime import timedelta

from families import audiences
from notifications.api import notify_staff
from notifications.reminders import reached, settings_with_local_today

from .models import SubjectAccessRequest

DUE_SOON_DAYS = 7


def subject_access_deadlines(now) -> int:
    """The one-month deadline: tell the managers a week before, on the day, and every day after until answered."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        open_requests = SubjectAccessRequest.objects.filter(
            setting=setting, answered_at__isnull=True, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
        for sar in open_requests.select_related("child"):
            days_left = (sar.due_on - today).days
            if days_left not in (DUE_SOON_DAYS, 0) and days_left > 0:
                continue
            queued += notify_staff(users=audiences.managers_of(setting), kind="subject_access_due", about=sar,
                                   due_at=now, key=f"subject_access_due:{sar.pk}:{today.isoformat()}")
    return queued
