"""A TOTP code that will still be valid when it reaches the server.

A code belongs to one 30-second window (allauth's MFA_TOTP_PERIOD). A code taken near the end of its window can
expire between being computed and being checked, and the server is right to refuse it (allauth's tolerance stays
as it is in production). Every automated login — the browser tests, the test client and `scripts/bench.py` — and
`manage.py demo_totp` take their code here: it waits for the next window when the current one has too little left.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

MIN_SECONDS_LEFT = 5


def seconds_left_in_window(now: float | None = None) -> float:
    now = time.time() if now is None else now
    period = app_settings.TOTP_PERIOD
    return period - (now % period)


def totp_code_with_time_left(
    secret: str, *, min_seconds_left: float = MIN_SECONDS_LEFT, clock=time.time, sleep=time.sleep
) -> str:
    """The code of a window that has at least `min_seconds_left` seconds to run, waiting for the next if need be."""
    left = seconds_left_in_window(clock())
    if left < min_seconds_left:
        sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(clock()) // app_settings.TOTP_PERIOD))
