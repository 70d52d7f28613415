"""A stamp that changes whenever anything on a child's day changes.

The child's day redraws itself every half minute (htmx). Each poll names the stamp it last saw; while nothing
changed the server answers 204 after the access check, without reading or rendering the day. The stamp lives in
the cache (Redis in production, shared by every web process): a lost stamp only costs one full redraw.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from families.records import child_id_of

TIMEOUT = 60 * 60 * 24


def _key(child_id) -> str:
    return f"diaries:day-stamp:{child_id}"


def stamp(child_id) -> str:
    current = cache.get(_key(child_id))
    if current is None:
        current = uuid.uuid4().hex
        cache.add(_key(child_id), current, TIMEOUT)
        current = cache.get(_key(child_id)) or current
    return current


def bump(child_id) -> None:
    # After the commit: a poll between the write and the commit would see the new stamp with the old day.
    transaction.on_commit(lambda: cache.set(_key(child_id), uuid.uuid4().hex, TIMEOUT))


def _changed(sender, instance, **kwargs):
    child_id = child_id_of(instance)
    if child_id is not None:
        bump(child_id)


def connect():
    from .models import (
        Accident,
        ActivityResponse,
        Attendance,
        DiaryEntry,
        EntryComment,
        Handover,
        HomeObservation,
        MedicineDose,
        ReadReceipt,
        TakeHomeActivity,
    )

    for model in (Accident, ActivityResponse, Attendance, DiaryEntry, EntryComment, Handover, HomeObservation,
                  MedicineDose, ReadReceipt, TakeHomeActivity):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"day-stamp-{signal is post_save}-{model.__name__}")
