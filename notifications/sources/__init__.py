"""Reminder sources: one small module per kind of due thing. Beat runs them all every few minutes.

Each module defines `collect(now) -> int`: look at its app's models, and for everything that has come due
queue notifications through api.py with a `key` that names the thing and the occasion (e.g.
"accident_chaser:<id>:<date>"), so running it again, or from two beats at once, queues nothing new.
A source whose app or model is not installed is skipped: `require_model` raises SourceUnavailable.

To add one: write `sources/<name>.py` with `collect(now)` and add "<name>" to SOURCES.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import apps
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)

SOURCES = [
    "incomplete_records",
    "invitations",
    "accidents",
    "requests",
    "commitments",
    "concerns",
    "complaints",
    "settling",
    "family_concerns",
]


class SourceUnavailable(Exception):
    """The app this source reads is not there (yet): skip it quietly."""


def require_model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        raise SourceUnavailable(f"{label}.{name} is not installed")


def field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def reached(setting, day, at, now) -> bool:
    """Has the local wall-clock time `at` on `day` (in the setting's time zone) come?"""
    from ..schedule import local_moment

    return now >= local_moment(day, at, setting.tz)


def settings_with_local_today(now):
    """Each setting with its local date and reminder settings: sources work in local days."""
    from families.models import Setting

    from ..models import ReminderSettings

    for setting in Setting.objects.all():
        yield setting, now.astimezone(setting.tz).date(), ReminderSettings.for_setting(setting)


def key_people(child, on):
    from families.models import KeyPersonAssignment

    return [a.staff.user for a in KeyPersonAssignment.objects.active(on).filter(child=child, staff__is_active=True)
            .select_related("staff__user")]


def run_all(now=None) -> dict:
    now = now or timezone.now()
    results = {}
    for name in SOURCES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ImportError:
            results[name] = "missing"
            continue
        try:
            with transaction.atomic():
                results[name] = module.collect(now)
        except SourceUnavailable as why:
            results[name] = f"skipped: {why}"
        except Exception:
            log.exception("Reminder source %s failed; the others still ran", name)
            results[name] = "error"
    return results
