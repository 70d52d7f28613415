"""The reminder registry and the helpers every reminder source shares. Beat runs every source every few minutes.

A reminder source is a function `collect(now) -> int` owned by the app whose records it reads
(`diaries/reminders.py`, `partnerships/reminders.py`; the setting-wide ones in `notifications/setting_reminders.py`).
It looks at its app's models, and for everything that has come due queues notifications through
`notifications.api` with a `key` that names the thing and the occasion (e.g. "accident_chaser:<id>:<date>"), so
running it again, or from two beats at once, queues nothing new.

Each app registers its sources in its `AppConfig.ready()` with real imports:

    from notifications.reminders import register
    from . import reminders
    register("accidents", reminders.accidents)

A misspelt function fails at start-up (AttributeError), a name registered twice for two functions too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from .schedule import local_moment

log = logging.getLogger(__name__)

SOURCES: dict[str, Callable[[datetime], int]] = {}


def register(name: str, collect: Callable[[datetime], int]) -> None:
    if not callable(collect):
        raise ImproperlyConfigured(f"Reminder source {name!r} is not a function: {collect!r}")
    known = SOURCES.get(name)
    if known is not None and known is not collect:
        raise ImproperlyConfigured(f"Two reminder sources are called {name!r}: {known!r} and {collect!r}")
    SOURCES[name] = collect


def reached(setting, day, at, now) -> bool:
    """Has the local wall-clock time `at` on `day` (in the setting's time zone) come?"""
    return now >= local_moment(day, at, setting.tz)


def settings_with_local_today(now):
    """Each setting with its local date and reminder settings: sources work in local days."""
    from families.models import Setting

    from .models import ReminderSettings

    for setting in Setting.objects.all():
        yield setting, now.astimezone(setting.tz).date(), ReminderSettings.for_setting(setting)


def run_all(now=None) -> dict:
    """Run every registered source, each in its own transaction; one failing does not stop the others."""
    now = now or timezone.now()
    results = {}
    for name, collect in SOURCES.items():
        try:
            with transaction.atomic():
                results[name] = collect(now)
        except Exception:
            log.exception("Reminder source %s failed; the others still ran", name)
            results[name] = "error"
    return results
