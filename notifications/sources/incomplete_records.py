"""Weekly, to each manager: how many child records still miss something the EYFS asks for."""

from datetime import timedelta

from families import selectors
from families.models import Child, Setting

from ..api import managers_of, notify_staff
from ..models import ReminderSettings
from ..schedule import local_moment


def collect(now) -> int:
    queued = 0
    for setting in Setting.objects.all():
        rs = ReminderSettings.for_setting(setting)
        local_today = now.astimezone(setting.tz).date()
        week_start = local_today - timedelta(days=local_today.weekday())
        due_day = week_start + timedelta(days=rs.weekly_day)
        if now < local_moment(due_day, rs.window_start, setting.tz):
            continue
        today = local_today
        children = Child.objects.filter(setting=setting, start_date__lte=today).exclude(leave_date__lt=today)
        count = selectors.with_completeness(children).filter(selectors.incomplete_filter()).count()
        if not count:
            continue
        year, week, _day = due_day.isocalendar()
        queued += notify_staff(users=managers_of(setting), kind="incomplete_records", about=setting,
                               due_at=now, key=f"incomplete_records:{setting.pk}:{year}-W{week:02d}")
    return queued
