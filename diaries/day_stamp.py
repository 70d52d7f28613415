"""A stamp that changes whenever anything on a child's day changes.

The child's day redraws itself every half minute (htmx). Each poll names the stamp it last saw; while nothing
changed the server answers 204 after the access check, without reading or rendering the day. The stamp lives in
the cache (Redis in production, shared by every web process): a lost stamp only costs one full redraw.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

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
    # Now and again after the commit: a read between the write and the commit may see the first new stamp with
    # the old day (and keep what it read under it), so the commit gives the day a stamp nobody has read yet.
    cache.set(_key(child_id), uuid.uuid4().hex, TIMEOUT)
    transaction.on_commit(lambda: cache.set(_key(child_id), uuid.uuid4().hex, TIMEOUT))


KEPT_SECONDS = 300  # the safety net for a write that skips the signals (queryset.update, a restored database)


def _kept_key(name, child_id, day, stamp) -> str:
    return f"diaries:day-kept:{name}:{child_id}:{day.isoformat()}:{timezone.get_current_timezone_name()}:{stamp}"


def kept(child_id, day, stamp: str, name: str, compute):
    """What `compute()` says of a child's day (in the current time zone), kept while the child's stamp stands
    (`stamp`, read before the day is): every write that changes the day changes the stamp, so a kept answer is
    never older than the day."""
    key = _kept_key(name, child_id, day, stamp)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return found


def kept_for_children(child_ids, day, name: str, compute) -> dict:
    """`kept` for many children in two cache reads: their stamps, then what is kept under them.
    `compute(ids)` answers {child_id: value} for the children with nothing kept, read after their stamps."""
    stamps = {child_id: None for child_id in child_ids}
    found = cache.get_many([_key(child_id) for child_id in stamps])
    new = {}
    for child_id in stamps:
        stamps[child_id] = found.get(_key(child_id)) or new.setdefault(_key(child_id), uuid.uuid4().hex)
    if new:
        cache.set_many(new, TIMEOUT)  # safe against a write meanwhile: its commit gives a stamp nobody holds
    keys = {_kept_key(name, child_id, day, value): child_id for child_id, value in stamps.items()}
    values = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [child_id for child_id in stamps if child_id not in values]
    if missing:
        computed = compute(missing)
        values.update(computed)
        cache.set_many({_kept_key(name, child_id, day, stamps[child_id]): computed[child_id] for child_id in missing},
                       KEPT_SECONDS)
    return values


def _changed(sender, instance, **kwargs):
    child_id = child_id_of(instance)
    if child_id is not None:
        bump(child_id)


def connect():
    from .models import (
        Absence,
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

    for model in (Absence, Accident, ActivityResponse, Attendance, DiaryEntry, EntryComment, Handover, HomeObservation,
                  MedicineDose, ReadReceipt, TakeHomeActivity):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"day-stamp-{signal is post_save}-{model.__name__}")
