"""Login rate limits behind the load balancer, the per-account lock-out, and password reset for strangers.

Behind a proxy every request connects from the balancer's address; ALLAUTH_TRUSTED_PROXY_COUNT (env
TRUSTED_PROXY_COUNT) makes allauth take the client's address from X-Forwarded-For instead.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from .factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"
STRANGER = "203.0.113.66"
NURSERY = "198.51.100.7"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    yield
    cache.clear()


def _post_login(email, password, client_address, client=None):
    client = client or Client()
    # The balancer appends the address it saw; whatever the client wrote before it is not trusted.
    response = client.post(reverse("account_login"), {"login": email, "password": password},
                           REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_address}")
    return client, response


def _signed_in_or_at_totp(response):
    """A manager's right password leads to the TOTP step; anyone else's signs them in."""
    return response.status_code == 302 and "/accounts/login" not in response["Location"]


def test_ten_wrong_passwords_from_one_address_do_not_block_another_clients_login(personas):
    for _ in range(10):
        _post_login(personas.mother.email, "wrong-password", STRANGER)
    _, response = _post_login(personas.grandmother.email, DEFAULT_PASSWORD, STRANGER)
    assert not _signed_in_or_at_totp(response), "the per-address limit still holds for the stranger's address"
    client, response = _post_login(personas.father.email, DEFAULT_PASSWORD, NURSERY)
    assert _signed_in_or_at_totp(response)
    assert client.get(reverse("families:home")).wsgi_request.user == personas.father


def test_without_the_proxy_setting_everyone_behind_the_balancer_shares_one_limit(personas, settings):
    """Why the setting exists: with it at 0 the balancer's address is everyone's address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for _ in range(10):
        _post_login(personas.mother.email, "wrong-password", STRANGER)
    _, response = _post_login(personas.father.email, DEFAULT_PASSWORD, NURSERY)
    assert not _signed_in_or_at_totp(response)


def test_a_stranger_cannot_lock_the_manager_out(personas):
    for _ in range(6):
        _post_login(personas.manager.email, "wrong-password", STRANGER)
    _, response = _post_login(personas.manager.email, DEFAULT_PASSWORD, STRANGER)
    assert not _signed_in_or_at_totp(response), "the guesser's own address is locked out of that account"
    assert "Too many failed login attempts" in response.content.decode()
    _, response = _post_login(personas.manager.email, DEFAULT_PASSWORD, NURSERY)
    assert _signed_in_or_at_totp(response) and response["Location"].startswith("/accounts/2fa/authenticate")


def test_the_per_account_limit_applies_from_one_address_before_the_per_address_limit(personas):
    for _ in range(5):
        _post_login(personas.mother.email, "wrong-password", STRANGER)
    _, response = _post_login(personas.mother.email, DEFAULT_PASSWORD, STRANGER)
    assert not _signed_in_or_at_totp(response), "five wrong passwords for one account lock that account here"
    _, response = _post_login(personas.father.email, DEFAULT_PASSWORD, STRANGER)
    assert _signed_in_or_at_totp(response), "another account from the same address is not yet limited"


def test_a_right_password_does_not_reset_the_count_for_a_guesser(personas):
    """allauth rolls back only the successful attempt, so a guesser cannot interleave their own good logins."""
    for _ in range(4):
        _post_login(personas.mother.email, "wrong-password", STRANGER)
    _post_login(personas.mother.email, DEFAULT_PASSWORD, STRANGER)
    _post_login(personas.mother.email, "wrong-password", STRANGER)
    _, response = _post_login(personas.mother.email, DEFAULT_PASSWORD, STRANGER)
    assert not _signed_in_or_at_totp(response)


def test_password_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(personas):
    known = Client().post(reverse("account_reset_password"), {"email": personas.mother.email}, follow=True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.mother.email]
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.test"}, follow=True)
    assert len(mail.outbox) == 1, "nothing goes to an address with no account"
    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == reverse("account_reset_password_done")
    csrf = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert csrf.sub(b"", known.content) == csrf.sub(b"", unknown.content)
