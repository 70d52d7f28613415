"""Diaries' reminder sources, registered in DiariesConfig.ready() (the registry: notifications/reminders.py)."""

from datetime import time, timedelta

from django.db.models import Exists, OuterRef, Q

from families import access, audiences
from families.models import Child
from notifications.api import notify_child_family, notify_staff
from notifications.reminders import reached, settings_with_local_today

from .models import Absence, Accident, Attendance, Handover

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


HANDOVER_REMINDER_UNTIL = time(11, 0)  # a reminder after the morning is no use to anyone


def handovers(now) -> int:
    """At opening time on a weekday, remind the families of children who are expected, not yet in, and have
    neither sent a handover nor said the child is off. An absence silences it: nobody chases a family who said so."""
    queued = 0
    for setting, today, _rs in settings_with_local_today(now):
        if today.weekday() >= 5 or not reached(setting, today, setting.opens_at, now) or reached(
                setting, today, HANDOVER_REMINDER_UNTIL, now):
            continue
        missing = (
            Child.objects.filter(setting=setting, room__isnull=False, start_date__lte=today)
            .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
            .exclude(Exists(Handover.objects.filter(child=OuterRef("pk"), day=today)))
            .exclude(Exists(Attendance.objects.filter(child=OuterRef("pk"), day=today)))
            .exclude(Exists(Absence.objects.filter(child=OuterRef("pk"), day=today)))
        )
        for child in missing:
            queued += notify_child_family(child=child, kind="handover_reminder", about=child, need=access.CONTRIBUTE,
                                          due_at=now, key=f"handover_reminder:{child.pk}:{today.isoformat()}")
    return queued
