"""Diaries' reminder sources, registered in DiariesConfig.ready() (the registry: notifications/reminders.py)."""

from datetime import timedelta

from families import access, audiences
from notifications.api import notify_child_family, notify_staff
from notifications.reminders import reached, settings_with_local_today

from .models import Accident

ACCIDENT_CHASE_FOR_DAYS = 30  # after a month a chaser will not help; the manager's failures/records page shows it


def accidents(now) -> int:
    """Chase the family every day until an accident is acknowledged; tell the managers at the end of the day when
    today's accident is still unacknowledged. The same-day notice (`accident_recorded`) is queued by
    diaries.services when the accident is recorded."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        open_accidents = (
            Accident.objects.filter(child__setting=setting, acknowledged_at__isnull=True, paper_signed_by="",
                                    occurred_at__gte=now - timedelta(days=ACCIDENT_CHASE_FOR_DAYS))
            .exclude(kind="home_injury").select_related("child")
        )
        for accident in open_accidents:
            day = accident.occurred_at.astimezone(setting.tz).date()
            if day == today and reached(setting, today, rs.end_of_day, now):
                queued += notify_staff(users=audiences.managers_of(setting), kind="accident_unacknowledged",
                                       about=accident, due_at=now, key=f"accident_unacknowledged:{accident.pk}")
            days_since = (today - day).days
            if days_since >= 1 and days_since % rs.chase_every_days == 0 and reached(setting, today,
                                                                                      rs.window_start, now):
                queued += notify_child_family(child=accident.child, kind="accident_chaser", about=accident,
                                              need=access.PARENTAL_RESPONSIBILITY,
                                              due_at=now, key=f"accident_chaser:{accident.pk}:{today.isoformat()}")
    return queued
