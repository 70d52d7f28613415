"""Text messages through a pluggable backend (NOTIFICATIONS_SMS_BACKEND). The default only logs.

A backend must give up within `timeout()` seconds (NOTIFICATIONS_SMS_TIMEOUT, e.g. as its HTTP timeout): the
send lease is checked against it (checks.py), and a send that outlives the lease could go out twice.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class LogSmsBackend:
    """Writes the message to the log. Swap in a provider's backend with the same `send(to, text)`."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", to, text)


class PermanentSmsError(Exception):
    """Raise from a backend when the number can never receive (the row is then failed, not retried)."""


def timeout() -> float | None:
    return getattr(settings, "NOTIFICATIONS_SMS_TIMEOUT", 10)


def get_backend():
    return import_string(getattr(settings, "NOTIFICATIONS_SMS_BACKEND", "notifications.sms.LogSmsBackend"))()
