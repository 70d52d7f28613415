"""Putting rows in the outbox: who hears, by which channel, in which language, and when."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from families.models import Carer

from . import kinds as kinds_module
from . import push
from .models import Channel, Delivery, Notification, Preference
from .schedule import next_local_time

log = logging.getLogger(__name__)

LANGUAGE_CODES = {code.lower() for code, _name in settings.LANGUAGES}


def clean_language(code: str | None, setting=None, *, who="") -> str:
    """A language we can render in. Anything unknown falls back to the setting's language, and says so in the log."""
    fallback = (getattr(setting, "language", "") or settings.LANGUAGE_CODE).lower()
    if fallback not in LANGUAGE_CODES:
        fallback = settings.LANGUAGE_CODE
    if not code:
        return fallback
    candidate = code.strip().lower().replace("_", "-")
    if candidate in LANGUAGE_CODES:
        return candidate
    base = candidate.split("-")[0]
    if base in LANGUAGE_CODES:
        return base
    if base == "en":
        return settings.LANGUAGE_CODE
    log.warning("Unknown language %r for %s: using %s instead", code, who or "a recipient", fallback)
    return fallback


@dataclass(frozen=True)
class Route:
    channel: str
    digest: bool
    language: str
    preference: Preference | None


def route_for(user, setting, carer: Carer | None = None) -> Route:
    """Where a message for `user` goes. A preference row wins; families otherwise follow their Carer record."""
    pref = Preference.objects.filter(user=user).first()
    if carer is None and setting is not None:
        carer = Carer.objects.filter(user=user, setting=setting).first()
    if pref is not None:
        channel, digest = pref.channel, pref.delivery == Delivery.DIGEST
        language = pref.language or (carer.preferred_language if carer else "") or user.language
    elif carer is not None:
        channel, digest, language = carer.preferred_channel, False, carer.preferred_language or user.language
    else:
        channel, digest, language = Channel.IN_APP, False, user.language
    if channel == Channel.PUSH and not (push.configured() and user.push_subscriptions.exists()):
        channel = Channel.IN_APP  # no device has push turned on: the inbox is where it lands anyway
    if channel == Channel.SMS and not (carer and carer.phone):
        channel = Channel.EMAIL
    if channel == Channel.EMAIL and not user.email:
        channel = Channel.IN_APP
    return Route(channel, digest, clean_language(language, setting, who=f"user {user.pk}"), pref)


def _is_kick(func):
    return getattr(func, "_notifications_kick", False)


def kick_sweep_on_commit():
    """Ask for a sweep once the caller's transaction commits, so "immediate" means seconds, not the next minute."""
    if not getattr(settings, "NOTIFICATIONS_KICK_ON_COMMIT", True):
        return
    conn = transaction.get_connection()
    if any(_is_kick(entry[1]) for entry in conn.run_on_commit):
        return  # one sweep per transaction is enough

    def kick():
        from .tasks import sweep_due

        try:
            sweep_due.apply_async(retry=False)  # fail fast if the broker is down
        except Exception:  # the broker being down must not break the request; beat sweeps within a minute
            log.warning("Could not enqueue a notification sweep; beat will pick the rows up", exc_info=True)

    kick._notifications_kick = True
    transaction.on_commit(kick)


def queue(*, recipients, kind: str, about=None, child=None, setting=None, need: str | None = None,
          due_at: datetime | None = None, key: str = "", kick: bool = True) -> int:
    """Create one outbox row per recipient. `recipients`: iterable of (user, carer-or-None). Returns rows created.

    With `key`, the same call twice makes no second row (the key is per recipient).
    """
    spec = kinds_module.get(kind)
    need = need or spec.need
    now = timezone.now()
    due_at = due_at or now
    ct = Notification.content_type_for(about)
    object_id = about.pk if about is not None else None
    rows = []
    seen = set()
    for user, carer in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        route = route_for(user, setting, carer)
        row_due, digest = due_at, False
        if route.digest and not spec.urgent:
            tz = setting.tz if setting is not None else timezone.get_default_timezone()
            row_due, digest = next_local_time(max(due_at, now), route.preference.digest_time, tz), True
        row_key = f"{key}:u{user.pk}" if key else f"{kind}:{uuid.uuid4().hex}:u{user.pk}"
        rows.append(Notification(
            recipient=user, setting=setting, channel=route.channel, kind=kind, content_type=ct, object_id=object_id,
            child=child, need=need, language=route.language, digest=digest, due_at=row_due, key=row_key[:255],
        ))
    if not rows:
        return 0
    existing = set(Notification.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True))
    new = [r for r in rows if r.key not in existing]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if new and kick and any(not r.digest and r.due_at <= now + timedelta(minutes=1) for r in new):
        kick_sweep_on_commit()
    return len(new)
