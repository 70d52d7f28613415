"""Local time in a setting's time zone, and reminder schedules. Beat runs in UTC; people live in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def local_moment(day: date, at: time, tz) -> datetime:
    """`at` o'clock on `day` in `tz`, as an aware UTC datetime.

    Across the autumn change a wall time happens twice: the first one counts (fold=0), so a reminder fires
    once. In the spring gap a wall time does not exist: zoneinfo reads it with the offset before the change,
    so 01:30 on the spring-forward day in London fires at 02:30 BST, never skipped.
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def next_local_time(after: datetime, at: time, tz) -> datetime:
    """The first moment at or after `after` whose wall clock in `tz` reads `at`."""
    day = after.astimezone(tz).date()
    moment = local_moment(day, at, tz)
    if moment < after:
        moment = local_moment(day + timedelta(days=1), at, tz)
    return moment


def in_quiet_hours(now: datetime, start: time | None, end: time | None, tz) -> datetime | None:
    """When quiet hours (which may wrap midnight, e.g. 21:00-07:00) cover `now`, the UTC moment they end."""
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(tz)
    t = local.time()
    if start < end:
        inside = start <= t < end
    else:
        inside = t >= start or t < end
    if not inside:
        return None
    return next_local_time(now, end, tz)


def reminder_schedule(*, starts: datetime, ends: datetime, every: timedelta) -> list[datetime]:
    """Due times for a run of chasers from `starts` to `ends` inclusive. A schedule that ends first is refused."""
    if ends < starts:
        raise ValidationError(
            {"ends": _("This reminder schedule ends (%(end)s) before it starts (%(start)s). Choose an end after "
                       "the start.") % {"end": ends.strftime("%Y-%m-%d %H:%M"), "start": starts.strftime("%Y-%m-%d %H:%M")}}
        )
    if every <= timedelta(0):
        raise ValidationError({"every": _("Reminders must be at least a minute apart.")})
    moments, moment = [], starts
    while moment <= ends and len(moments) < 100:
        moments.append(moment)
        moment += every
    return moments


def working_days_after(day: date, n: int) -> date:
    """The date `n` working days (Monday to Friday) after `day`."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day
