"""Hostile input over every form the access matrix can reach (issue 9, point 3).

For each POST row, a persona allowed to post opens the form, then posts it with one field at a time set to a
hostile value: far dates, Unicode digits, NUL bytes, a newline in a one-line field, 1 MB of text, negative and
huge ids, no `version`. Each answer must not be a 500, must put a message next to that field, and must leave the
database as it was. The GET parameters of every page get the same treatment (no 500).
"""

from urllib.parse import urlsplit

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .access_matrix import PERSONAS
from .test_access_matrix import ROWS, _database_fingerprint

# Who tries first: the narrowest allowed persona, so the test sees the forms a key person or a parent sees.
TRY_ORDER = ("key_person", "mother", "father", "grandmother", "nanny", "dsl", "manager", "other_room_practitioner",
             "other_setting_staff", "other_parent", "restricted_parent")
MEGABYTE = "x" * (1024 * 1024)
HUGE = "99999999999999999999"


def _persona_for(row):
    return next((p for p in TRY_ORDER if p in row.allowed), None)


def _hostile_values(name, field):
    """(value, must be refused) pairs for one form field."""
    if field.disabled or isinstance(field.widget, forms.HiddenInput) or isinstance(
            field, (forms.FileField, forms.BooleanField)):
        return []
    if isinstance(field, (forms.DateTimeField, forms.SplitDateTimeField)):
        return [("0001-01-01T00:00", True), ("9999-12-31T23:59", True), ("²⁰²⁶-01-01T10:00", True)]
    if isinstance(field, forms.DateField):
        return [("0001-01-01", True), ("9999-12-31", True), ("²⁰²⁶-01-01", True)]
    if isinstance(field, forms.TimeField):
        return [("²:00", True), ("\x00", True)]
    if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
        return [("²", True), ("-1", True), (HUGE, True), ("\x00", True)]
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return [("²", True), (HUGE, True), ("-" + HUGE, True)]
    if isinstance(field, forms.CharField):
        values = [("\x00", True), (MEGABYTE, True)]
        if not isinstance(field.widget, (forms.Textarea, forms.PasswordInput)):
            values.append(("Alfie\nBcc: x@example.test", True))
        return values
    return [("\x00", False)]


def _baseline(form):
    """What the untouched form would post: its initial values."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(form.fields[name], forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


# Reading a safeguarding record is audited on every request, by design (DESIGN section 2).
AUDIT_TABLES = {"partnerships_safeguardingreadaudit"}


def _post(client, url, data):
    with transaction.atomic():
        before = _database_fingerprint(skip=AUDIT_TABLES)
        response = client.post(url, data)
        changed = _database_fingerprint(skip=AUDIT_TABLES) != before
        transaction.set_rollback(True)
    return response, changed


HOSTILE_NEXT = ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "\x00", "²",
                "http://testserver@evil.example/", MEGABYTE]


def _assert_next_stays_here(client, url, data, name):
    """Whatever `next` a post carries, the answer is never a 500 and never a redirect off this site."""
    for value in HOSTILE_NEXT:
        response, _changed = _post(client, url, {**data, "next": value})
        assert response.status_code != 500, (name, "next", value[:40])
        location = response.headers.get("Location", "")
        if response.status_code in (301, 302, 303, 307, 308):
            parsed = urlsplit(location)
            assert parsed.scheme in ("", "http", "https") and parsed.netloc in ("", "testserver"), (name, location)
            assert not location.startswith(("//", "/\\")) and "evil.example" not in location, (name, location)


POST_ROWS = [row for row in ROWS if row.method == "post" and _persona_for(row)]
GET_ROWS = [row for row in ROWS if row.method == "get" and _persona_for(row)]


@pytest.mark.parametrize("row", POST_ROWS, ids=lambda row: row.name)
def test_hostile_values_in_every_field(row, personas):
    persona = _persona_for(row)
    client = Client()
    client.force_login(personas.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    kwargs = row.kwargs(personas)
    url = reverse(row.name, kwargs=kwargs)
    page = client.get(url)
    form = page.context.get("form") if page.status_code == 200 and page.context else None
    if not isinstance(form, forms.BaseForm):
        # A button (acknowledge, mark done): hostile values in what it posts, and a hostile `next`.
        data = row.data(personas)
        for key in data:
            for value in ("\x00", "²", MEGABYTE, HUGE):
                response, changed = _post(client, url, {**data, key: value})
                assert response.status_code != 500, (row.name, key)
        _assert_next_stays_here(client, url, data, row.name)
        return
    _assert_next_stays_here(client, url, _baseline(form), row.name)
    problems = []
    baseline = _baseline(form)
    for name, field in form.fields.items():
        for value, must_refuse in _hostile_values(name, field):
            response, changed = _post(client, url, {**baseline, name: value})
            shown = value if len(value) < 40 else f"{len(value)} characters"
            if response.status_code == 500:
                problems.append(f"{name}={shown!r}: 500")
                continue
            if changed:
                problems.append(f"{name}={shown!r}: saved (status {response.status_code})")
            answered = response.context.get("form") if response.context else None
            # A page that ignores a POST (it posts elsewhere) answers with an unbound form: nothing to check there.
            if must_refuse and response.status_code == 200 and isinstance(answered, forms.BaseForm) and \
                    answered.is_bound:
                if not answered.errors.get(name):
                    problems.append(f"{name}={shown!r}: no message next to the field")
    if "version" in form.fields:
        response, changed = _post(client, url, {k: v for k, v in baseline.items() if k != "version"})
        if response.status_code == 500 or changed:
            problems.append(f"no version: {response.status_code}, changed={changed}")
    if problems:
        print(f"\nHOSTILE {row.name} as {persona}: {problems}", flush=True)
    assert not problems, f"{row.name} as {persona}: {problems}"


HOSTILE_QUERIES = [
    "day=0001-01-01", "day=9999-12-31", "day=%C2%B2",
    "period=custom&start=0001-01-01&end=0001-12-31", "period=custom&start=9999-12-01&end=9999-12-31",
    "period=custom&start=%C2%B2&end=%00", "room=%C2%B2&key_person=-1", "room=" + HUGE,
    "value=%C2%B2", "value=%00", "child=%C2%B2", "page=" + HUGE, "page=-1", "q=%00", "format=csv&value=%00",
    "part=timeline&day=0001-01-01", "next=%00",
]


@pytest.mark.parametrize("row", GET_ROWS, ids=lambda row: row.name)
def test_hostile_query_strings_on_every_page(row, personas):
    persona = _persona_for(row)
    client = Client()
    client.force_login(personas.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(row.name, kwargs=row.kwargs(personas))
    failures = []
    for query in HOSTILE_QUERIES:
        with transaction.atomic():
            response = client.get(f"{url}?{query}")
            transaction.set_rollback(True)
        if response.status_code == 500:
            failures.append(query)
    if failures:
        print(f"\nHOSTILE GET {row.name} as {persona}: 500 for {failures}", flush=True)
    assert not failures, f"{row.name} as {persona}: 500 for {failures}"


def test_the_walk_covers_every_post_row():
    assert {row.name for row in POST_ROWS} == {row.name for row in ROWS if row.method == "post"} - {
        row.name for row in ROWS if row.method == "post" and not row.allowed}
    assert set(PERSONAS) >= set(TRY_ORDER)
