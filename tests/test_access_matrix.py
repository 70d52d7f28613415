"""Every named URL has a row saying who may reach it, and every persona gets exactly that."""

import hashlib
import importlib
import inspect
import pkgutil

import pytest
from django.db import connection, transaction
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
    keys = [(row.name, row.method) for row in ROWS]
    assert len(keys) == len(set(keys)), "a URL has two rows for one method"
    assert {name for name, _method in keys} <= _named_urls()


def _views_by_name(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    views = {}
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = pattern.namespace or ""
            if ns not in FRAMEWORK_NAMESPACES:
                views |= _views_by_name(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif pattern.name:
            views[namespace + pattern.name] = pattern.callback
    return views


POST_MARKS = ("request.POST", "request.FILES", "require_POST", 'request.method == "POST"')


def _accepts_post(view) -> bool:
    """A view that reads a POST (a form, a button). Read from its source, decorators included."""
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return True  # cannot tell: it needs a POST row
    return any(mark in source for mark in POST_MARKS)


def test_every_view_that_takes_a_post_has_a_post_row():
    posted = {row.name for row in ROWS if row.method == "post"}
    missing = sorted(name for name, view in _views_by_name().items()
                     if not name.startswith(ALLAUTH_PREFIXES) and _accepts_post(view) and name not in posted)
    assert not missing, f"views that take a POST without a POST row in the access matrix: {missing}"


# Tables a request may write whoever sends it: the session and the login's last_login stamp.
UNCHECKED_TABLES = {"django_session"}


def _database_fingerprint(skip=frozenset()) -> str:
    """One digest of every table's content: a refused POST must leave it exactly as it was."""
    tables = sorted(t for t in connection.introspection.table_names() if t not in UNCHECKED_TABLES | set(skip))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts = " UNION ALL ".join(
                f"SELECT '{t}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d "
                f'FROM "{t}" x' for t in tables)
            cursor.execute(f"SELECT string_agg(t || ':' || d, ',' ORDER BY t) FROM ({parts}) s")
            return cursor.fetchone()[0]
        digest = hashlib.md5()
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            digest.update(table.encode() + repr(sorted(map(repr, cursor.fetchall()))).encode())
        return digest.hexdigest()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.name}")
def test_access_matrix(row, personas):
    url = reverse(row.name, kwargs=row.kwargs(personas)) + row.query
    results, changed = {}, {}
    for persona in ("anonymous",) + PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(personas.user(persona), backend="django.contrib.auth.backends.ModelBackend")
        expected = row.anonymous if persona == "anonymous" else row.expected(persona)
        refused = row.method == "post" and (persona == "anonymous" or persona not in row.allowed)
        # Each visit runs in a transaction that is rolled back, so one persona's POST cannot change the next one's view.
        with transaction.atomic():
            before = _database_fingerprint() if refused else None
            response = getattr(client, row.method)(url, row.data(personas))
            if refused and _database_fingerprint() != before:
                changed[persona] = response.status_code
            transaction.set_rollback(True)
        results[persona] = (response.status_code, expected)
        if persona == "anonymous" and expected == 302:
            assert "/accounts/login/" in response["Location"], f"{row.name}: anonymous not sent to login"
    wrong = {p: got for p, got in results.items() if got[0] != got[1]}
    assert not wrong, f"{row.name} ({url}): persona -> (got, expected): {wrong}"
    assert not changed, f"{row.name}: a refused POST changed the database: persona -> status {changed}"


ALLAUTH_PUBLIC = ["account_login", "account_reset_password", "account_reset_password_done"]


@pytest.mark.parametrize("name", ALLAUTH_PUBLIC)
def test_public_account_pages_open_to_anonymous(name, db):
    from tests.factories import SettingFactory

    SettingFactory()  # on an install with no setting at all, the login page leads to set-up (test_first_run)
    assert Client().get(reverse(name)).status_code == 200


def test_signup_is_closed(db):
    response = Client().get(reverse("account_signup"))
    assert b"Sign Up Closed" in response.content or response.status_code in (403, 404)
