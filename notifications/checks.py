"""System checks: the send lease must outlast any one send, or a slow server could make a row go out twice.

The rule (docs/notifications.md, "Exactly once"): a row's claim is renewed just before it is sent and holds
for NOTIFICATIONS_LEASE_SECONDS. If one send can take longer than that, the sweep may hand the row to another
worker while the first is still sending it. So, for every channel in channels.CHANNELS:

    NOTIFICATIONS_LEASE_SECONDS > worst time of one send    (error: a duplicate is possible)
    NOTIFICATIONS_LEASE_SECONDS >= 2 x worst time of one send  (warning: the rest of a batch is renewed every
                                                                half lease, between sends; below this rows
                                                                late in a slow batch move to another worker)

The batch size is no longer in the rule (each row is checked on its own), but it must be at least 1.
Tag "notifications": config/celery.py runs these when a worker starts and refuses to start on an error.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .channels import CHANNELS

TAG = "notifications"


def _number(name, default):
    return getattr(settings, name, default)


@register(TAG)
def lease_outlasts_every_send(app_configs=None, **kwargs):
    messages = []
    lease = _number("NOTIFICATIONS_LEASE_SECONDS", 300)
    queue_lease = _number("NOTIFICATIONS_QUEUE_LEASE_SECONDS", 600)
    batch = _number("NOTIFICATIONS_BATCH_SIZE", 100)
    for name, value in (("NOTIFICATIONS_LEASE_SECONDS", lease), ("NOTIFICATIONS_QUEUE_LEASE_SECONDS", queue_lease),
                        ("NOTIFICATIONS_BATCH_SIZE", batch)):
        if not isinstance(value, int | float) or value < 1:
            messages.append(Error(f"{name} is {value!r}; it must be a number of at least 1.", id="notifications.E003"))
    if messages:
        return messages
    for channel in CHANNELS.values():
        worst = channel.worst_send_seconds()
        timeout = channel.timeout_setting
        if worst is None:
            messages.append(Error(
                f"{timeout} is not set, so one {channel.name} send has no time limit and could outlast the "
                f"{lease} s send lease (NOTIFICATIONS_LEASE_SECONDS): the row could then be sent twice.",
                hint=f"Set {timeout} (seconds).", id="notifications.E002"))
        elif lease <= worst:
            messages.append(Error(
                f"NOTIFICATIONS_LEASE_SECONDS ({lease} s) is not longer than one {channel.name} send can take "
                f"({worst:g} s from {timeout}={getattr(settings, timeout, None)!r}): a slow server could make a row "
                "go out twice.",
                hint=f"Raise NOTIFICATIONS_LEASE_SECONDS above {worst:g} (ideally to {2 * worst:g}) or lower {timeout}.",
                id="notifications.E001"))
        elif lease < 2 * worst:
            messages.append(Warning(
                f"NOTIFICATIONS_LEASE_SECONDS ({lease} s) is less than twice one {channel.name} send ({worst:g} s): "
                "on a slow server rows late in a batch may be handed to another worker (never sent twice, but "
                "moved and retried).",
                hint=f"Raise NOTIFICATIONS_LEASE_SECONDS to {2 * worst:g} or lower {timeout}.",
                id="notifications.W001"))
    return messages
