"""The unread badge in the nav: a cached count per user, so a page view costs one cache read and no query.

The count follows the inbox rule (a notification whose child the reader can no longer see does not count)
because the cached value is only trusted while nothing it depends on has changed:

- the reader's own notifications: delivering one (the outbox) or reading one drops that reader's entry;
- who may see which child: any save or delete of a carer link, a carer, a membership, a key-person assignment, a
  child (its room) or a membership's rooms bumps one shared "access generation", and every entry written under an
  older generation is recomputed on its next read;
- the day: key-person assignments end on a date, so an entry is for one day only.

A short time-to-live is the safety net for writes that skip signals (queryset.update in scripts and tests).
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

TTL_SECONDS = 300
_ACCESS_GENERATION = "notifications:badge:access-generation"


def _key(user_id: int) -> str:
    return f"notifications:badge:{user_id}"


def unread_count(*, viewer) -> int:
    from . import selectors

    key = _key(viewer.pk)
    found = cache.get_many([key, _ACCESS_GENERATION])
    generation = found.get(_ACCESS_GENERATION)
    if generation is None:
        generation = _new_generation()
    today = date.today().isoformat()
    entry = found.get(key)
    if entry is not None and entry[0] == generation and entry[1] == today:
        return entry[2]
    count = selectors.unread_count(viewer=viewer)
    cache.set(key, (generation, today, count), TTL_SECONDS)
    return count


def forget(*user_ids) -> None:
    """A reader's notifications changed (delivered, read): their next page recounts."""
    ids = {uid for uid in user_ids if uid is not None}
    if ids:
        cache.delete_many([_key(uid) for uid in ids])


def access_changed(**_kwargs) -> None:
    """Who may see which child changed: every badge recounts once."""
    _new_generation()


def _new_generation() -> int:
    try:
        return cache.incr(_ACCESS_GENERATION)
    except ValueError:
        cache.add(_ACCESS_GENERATION, 1, None)
        return cache.get(_ACCESS_GENERATION, 1)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from families.models import Carer, CarerLink, Child, KeyPersonAssignment, Membership

    from .models import Notification

    for model in (Carer, CarerLink, Child, KeyPersonAssignment, Membership):
        post_save.connect(access_changed, sender=model, dispatch_uid=f"badge-save-{model.__name__}")
        post_delete.connect(access_changed, sender=model, dispatch_uid=f"badge-delete-{model.__name__}")
    m2m_changed.connect(access_changed, sender=Membership.rooms.through, dispatch_uid="badge-rooms")

    def _notification_changed(sender, instance, **kwargs):
        forget(instance.recipient_id)

    post_save.connect(_notification_changed, sender=Notification, dispatch_uid="badge-notification-save", weak=False)
    post_delete.connect(_notification_changed, sender=Notification, dispatch_uid="badge-notification-delete",
                        weak=False)
