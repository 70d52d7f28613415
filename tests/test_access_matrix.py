"""Every named URL has a row saying who may reach it, and every persona gets exactly that."""

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from . import access_matrix
from .access_matrix import PERSONAS

# URLs that belong to frameworks, each with its guard. Anything else must have a row.
FRAMEWORK_NAMESPACES = {
    "admin": "Django admin: is_staff only, and its login goes through allauth (test_accounts).",
}
ALLAUTH_PREFIXES = ("account_", "mfa_")


def _rows():
    rows = []
    for module in pkgutil.iter_modules(access_matrix.__path__):
        rows += importlib.import_module(f"{access_matrix.__name__}.{module.name}").ROWS
    return rows


ROWS = _rows()


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = pattern.namespace or ""
            if ns in FRAMEWORK_NAMESPACES:
                continue
            names |= _named_urls(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_named_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(
        name for name in _named_urls() if name not in covered and not name.startswith(ALLAUTH_PREFIXES)
    )
    assert not missing, f"URLs without an access-matrix row: {missing}"


def test_rows_name_real_urls_once():
    names = [row.name for row in ROWS]
    assert len(names) == len(set(names)), "a URL has two rows"
    assert set(names) <= _named_urls()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_access_matrix(row, personas):
    url = reverse(row.name, kwargs=row.kwargs(personas)) + row.query
    results = {}
    for persona in ("anonymous",) + PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(personas.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        # Each visit runs in a transaction that is rolled back, so one persona's POST cannot change the next one's view.
        with transaction.atomic():
            response = getattr(client, row.method)(url, row.data(personas))
            transaction.set_rollback(True)
        expected = row.anonymous if persona == "anonymous" else row.expected(persona)
        results[persona] = (response.status_code, expected)
        if persona == "anonymous" and expected == 302:
            assert "/accounts/login/" in response["Location"], f"{row.name}: anonymous not sent to login"
    wrong = {p: got for p, got in results.items() if got[0] != got[1]}
    assert not wrong, f"{row.name} ({url}): persona -> (got, expected): {wrong}"


ALLAUTH_PUBLIC = ["account_login", "account_reset_password", "account_reset_password_done"]


@pytest.mark.parametrize("name", ALLAUTH_PUBLIC)
def test_public_account_pages_open_to_anonymous(name, db):
    from tests.factories import SettingFactory

    SettingFactory()  # on an install with no setting at all, the login page leads to set-up (test_first_run)
    assert Client().get(reverse(name)).status_code == 200


def test_signup_is_closed(db):
    response = Client().get(reverse("account_signup"))
    assert b"Sign Up Closed" in response.content or response.status_code in (403, 404)
