"""Response headers: a strict Content-Security-Policy, Permissions-Policy, and no-store on signed-in pages.

The browser side of the CSP (every page the e2e tests visit loads with no violation) is checked in
tests/e2e/conftest.py; these tests pin the policy itself and where no-store applies.
"""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_has_a_strict_csp_signed_in_or_not(personas, login):
    for response in (Client().get(reverse("account_login")),
                     login(personas.key_person).get(reverse("diaries:child_day", args=[personas.alfie.pk])),
                     login(personas.manager).get(reverse("reports:dashboard"))):
        assert response.status_code == 200
        directives = _directives(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"], "no inline script, no eval, and no nonce unless one is used"
        assert directives["style-src"] == ["'self'"], "no inline style"
        assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"] and directives["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_no_template_renders_inline_script_style_or_event_handlers(personas, login):
    import re

    pages = [
        (personas.key_person, reverse("diaries:child_day", args=[personas.alfie.pk])),
        (personas.key_person, reverse("diaries:room_board", args=[personas.toddlers.pk])),
        (personas.key_person, reverse("diaries:check_in", args=[personas.alfie.pk])),
        (personas.manager, reverse("reports:dashboard")),
        (personas.manager, reverse("reports:print")),
        (personas.manager, reverse("partnerships:complaint_register")),
        (personas.mother, reverse("notifications:notifications_inbox")),
        (personas.mother, reverse("families:home")),
    ]
    for user, url in pages:
        html = login(user).get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", html), url
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_report_charts_are_svg_coloured_by_attributes_not_style(personas, login):
    html = login(personas.manager).get(reverse("reports:dashboard")).content.decode()
    assert "<svg" in html and 'fill="#' in html
    assert " style=" not in html


def test_permissions_policy_allows_the_camera_to_our_own_pages_only(personas, login):
    for response in (Client().get(reverse("account_login")), login(personas.mother).get(reverse("families:home"))):
        policy = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
        assert policy["camera"] == "(self)"
        assert policy["microphone"] == "()" and policy["geolocation"] == "()" and policy["payment"] == "()"


def test_signed_in_pages_are_never_stored(personas, login):
    for user, url in ((personas.mother, reverse("families:home")),
                      (personas.key_person, reverse("diaries:child_day", args=[personas.alfie.pk])),
                      (personas.manager, reverse("reports:dashboard"))):
        response = login(user).get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]


def test_a_redirect_for_a_signed_in_person_is_not_stored_either(personas, login):
    response = login(personas.key_person).post(reverse("notifications:notifications_read_all"))
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]



def test_a_response_made_by_a_middleware_gets_the_headers_too(personas, login):
    """The MFA set-up redirect is answered before any view runs: it still says no-store and Permissions-Policy."""
    personas.manager.authenticator_set.all().delete()
    response = login(personas.manager).get(reverse("families:manage_staff"))
    assert response.status_code == 302 and "/2fa/totp/activate" in response["Location"]
    assert "no-store" in response["Cache-Control"] and "camera=(self)" in response["Permissions-Policy"]
