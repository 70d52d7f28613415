"""Complaints (partnerships.Complaint): to the manager when the respond-by date is 5 days away, and again
when it has passed without the complainant being told the outcome."""

from datetime import timedelta

from ..api import managers_of, notify_staff
from . import reached, require_model, settings_with_local_today

WARN_DAYS = 5


def collect(now) -> int:
    Complaint = require_model("partnerships", "Complaint")
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        open_ = Complaint.objects.filter(setting=setting, complainant_told_on__isnull=True,
                                         respond_by__lte=today + timedelta(days=WARN_DAYS))
        managers = None
        for complaint in open_:
            managers = managers if managers is not None else managers_of(setting)
            if complaint.respond_by < today:
                queued += notify_staff(users=managers, kind="complaint_deadline_passed", about=complaint,
                                       due_at=now, key=f"complaint_deadline_passed:{complaint.pk}")
            else:
                queued += notify_staff(users=managers, kind="complaint_deadline", about=complaint,
                                       due_at=now, key=f"complaint_deadline:{complaint.pk}")
    return queued
