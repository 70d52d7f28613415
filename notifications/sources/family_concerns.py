"""Family-raised concerns (partnerships.FamilyConcern) not acknowledged within 2 working days: to the manager."""

from datetime import timedelta

from ..api import managers_of, notify_staff
from ..schedule import working_days_after
from . import reached, require_model, settings_with_local_today


def collect(now) -> int:
    FamilyConcern = require_model("partnerships", "FamilyConcern")
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        waiting = FamilyConcern.objects.filter(child__setting=setting, acknowledged_at__isnull=True,
                                               created_at__gte=now - timedelta(days=60)).select_related("child")
        for concern in waiting:
            raised = concern.created_at.astimezone(setting.tz).date()
            if today >= working_days_after(raised, 2):
                queued += notify_staff(users=managers_of(setting), kind="family_concern_unacknowledged",
                                       about=concern, due_at=now, key=f"family_concern_unacknowledged:{concern.pk}")
    return queued
