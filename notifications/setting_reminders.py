"""Reminder sources about the setting's own records (families app), registered in NotificationsConfig.ready()."""

from datetime import timedelta

from families import audiences, selectors
from families.models import Child, Invitation, Setting

from .api import notify_staff
from .models import ReminderSettings
from .schedule import local_moment


def incomplete_records(now) -> int:
    """Weekly, to each manager: how many child records still miss something the EYFS asks for."""
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
        queued += notify_staff(users=audiences.managers_of(setting), kind="incomplete_records", about=setting,
                               due_at=now, key=f"incomplete_records:{setting.pk}:{year}-W{week:02d}")
    return queued


def invitations(now) -> int:
    """A carer invitation still waiting a day before it expires: remind the staff member who sent it."""
    queued = 0
    waiting = Invitation.objects.filter(
        kind=Invitation.Kind.CARER, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=now, expires_at__lte=now + timedelta(days=1), invited_by__isnull=False,
    ).select_related("setting", "invited_by")
    for invitation in waiting:
        queued += notify_staff(users=[invitation.invited_by], kind="invitation_unaccepted", about=invitation,
                               due_at=now, key=f"invitation_unaccepted:{invitation.pk}")
    return queued
