"""The browser tests' login helper fails at the login step, with the server's message, when a login is refused."""

import pytest

from .conftest import TWO_FACTOR_PATH, _path

pytestmark = pytest.mark.e2e

NOT_THE_MANAGERS_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def test_a_refused_totp_code_fails_at_the_login_step_with_the_servers_message(personas, new_page, browser_login):
    page = new_page()
    with pytest.raises(AssertionError) as refused:
        browser_login(page, personas.manager, totp_secret=NOT_THE_MANAGERS_SECRET)
    assert "still on /accounts/2fa/authenticate/" in str(refused.value)
    assert "Incorrect code" in str(refused.value)
    assert _path(page) == TWO_FACTOR_PATH


def test_a_wrong_password_fails_at_the_login_step_with_the_servers_message(personas, new_page, browser_login):
    page = new_page()
    with pytest.raises(AssertionError) as refused:
        browser_login(page, personas.key_person, password="not-the-password")
    assert "still on /accounts/login/" in str(refused.value)
    assert "not correct" in str(refused.value)


def test_a_manager_with_totp_ends_signed_in_after_both_steps(personas, new_page, browser_login):
    page = browser_login(new_page(), personas.manager)
    assert _path(page) not in ("/accounts/login/", TWO_FACTOR_PATH)
    assert "Sunnyside Nursery" in page.inner_text("body")
