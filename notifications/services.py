"""Writes for notification settings: a device's push subscription turned on or off."""

from __future__ import annotations

from django.db import transaction

from . import push
from .models import Channel, Preference, PushSubscription


@transaction.atomic
def push_subscription_save(*, user, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> PushSubscription:
    """Turn push on for one device (validated by forms.PushSubscriptionForm) and make push the person's channel.

    A browser has one endpoint: if someone else had it (a shared tablet), it is theirs no longer. Past
    MAX_DEVICES the oldest device is dropped, so one send stays within the send lease (checks.py).
    """
    device, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "device": push.device_label(user_agent)})
    keep = PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk").values("pk")[:push.MAX_DEVICES]
    PushSubscription.objects.filter(user=user).exclude(pk__in=keep).delete()
    pref = Preference.objects.select_for_update().filter(user=user).first()
    if pref is None:
        pref = Preference(user=user)
        carer = user.carer_profiles.first()
        if carer is not None:
            pref.language = carer.preferred_language
    if pref.channel != Channel.PUSH:
        pref.channel = Channel.PUSH
        pref.save()
    return device


@transaction.atomic
def push_subscription_remove(*, user, subscription_id: int) -> bool:
    """Turn push off for one of the person's own devices. False when it is not theirs (or gone)."""
    removed, _by_model = PushSubscription.objects.filter(user=user, pk=subscription_id).delete()
    return bool(removed)
