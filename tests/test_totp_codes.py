"""Automated logins never send a TOTP code that can expire on the way (issue: TOTP window boundary)."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, validate_totp_code

from families.totp_codes import seconds_left_in_window, totp_code_with_time_left
from tests.conftest import TOTP_SECRET


class SteppedClock:
    """A clock the test moves: sleeping advances it, as real sleep advances real time."""

    def __init__(self, now):
        self.now = now
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def code_for(now):
    return format_hotp_value(hotp_value(TOTP_SECRET, int(now) // 30))


def test_a_code_late_in_its_window_waits_for_the_next_window():
    clock = SteppedClock(1_800_000_027.0)  # 3 s left in this window
    code = totp_code_with_time_left(TOTP_SECRET, clock=clock, sleep=clock.sleep)
    assert clock.slept and 3.0 <= clock.slept[0] < 3.5
    assert code == code_for(1_800_000_030.0) != code_for(1_800_000_027.0)
    assert seconds_left_in_window(clock.now) >= 29


def test_a_code_with_enough_time_left_is_taken_at_once():
    clock = SteppedClock(1_800_000_010.0)  # 20 s left
    code = totp_code_with_time_left(TOTP_SECRET, clock=clock, sleep=clock.sleep)
    assert clock.slept == []
    assert code == code_for(1_800_000_010.0)


def test_the_code_on_the_real_clock_is_accepted_by_allauth_as_configured(settings):
    # The server's tolerance is what production runs with: nothing is loosened for the tests.
    assert getattr(settings, "MFA_TOTP_TOLERANCE", 0) == 0
    code = totp_code_with_time_left(TOTP_SECRET)
    assert validate_totp_code(TOTP_SECRET, code)
