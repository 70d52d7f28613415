"""From an empty database to a working setting without /admin/: the set-up code, the setting and the manager's
account with TOTP set up on the spot, rooms, a staff invitation, the checklist, and the invited practitioner's
first login."""

import re

import pytest
from django.core import mail

from families import first_run
from families.models import Membership, Setting
from families.totp_codes import totp_code_with_time_left

from .conftest import PHONE, TABLET, _path, _refusal_text

pytestmark = pytest.mark.e2e

PASSWORD = "acorns-and-oak-trees-2026"


def _save(page):
    """Submit the page's own form (crispy's submit input in main, not the footer's language button)."""
    with page.expect_navigation(wait_until="load"):
        page.click("main [type=submit]")


def test_from_an_empty_install_to_the_first_invited_staff_member_logging_in(new_page, browser_login, shot,
                                                                            transactional_db):
    assert not Setting.objects.exists()
    code = first_run.setup_code_issue()  # what `manage.py setup_code` prints

    page = new_page(PHONE)
    page.goto("/")
    assert _path(page) == "/setup/", "the first visit to an empty install leads to set-up"
    shot(page, "1-setup-phone")
    page.fill("#id_setup_code", code)
    page.fill("#id_name", "Little Acorns Nursery")
    page.select_option("#id_kind", "group")
    page.select_option("#id_timezone_name", "Europe/London")
    page.select_option("#id_jurisdiction", "eyfs")
    page.fill("#id_opens_at", "07:30")
    page.fill("#id_closes_at", "18:00")
    page.fill("#id_manager_name", "Mira Manager")
    page.fill("#id_manager_email", "mira@acorns.test")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    _save(page)

    # A manager must have TOTP: set up on the spot, with the secret the page shows.
    assert _path(page) == "/accounts/2fa/totp/activate/", _refusal_text(page)
    shot(page, "2-totp")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code_with_time_left(secret))
    _save(page)
    assert "/accounts/2fa/" in page.url  # the recovery codes to keep
    page.goto("/")
    page.click("text=Continue setting up")
    assert _path(page) == "/setup/checklist/"

    page.set_viewport_size(TABLET)
    page.goto("/setup/rooms/")
    for name in ("Acorns", "Oaks"):
        page.fill("#id_name", name)
        _save(page)
    assert "Oaks" in page.inner_text("main")
    shot(page, "3-rooms")
    page.click("text=Next: invite your staff")
    assert _path(page) == "/setup/staff/"
    page.fill("#id_full_name", "Pat Practitioner")
    page.fill("#id_email", "pat@acorns.test")
    page.select_option("#id_role", "practitioner")
    page.get_by_label("Acorns", exact=True).check()
    _save(page)
    assert "Invitation sent to pat@acorns.test" in page.inner_text("main")
    shot(page, "4-staff")
    page.click("text=Next: your checklist")
    checklist = page.inner_text("main")
    assert "Getting started at Little Acorns Nursery" in checklist
    assert checklist.count("Done") >= 2
    shot(page, "5-checklist")

    # The invited practitioner accepts from the email and logs in.
    invitation_mail = next(m for m in mail.outbox if m.to == ["pat@acorns.test"])
    link = re.search(r"https?://\S+/invitations/\S+/", invitation_mail.body).group(0)
    pat_page = new_page(PHONE)
    pat_page.goto("/invitations/" + link.rstrip("/").rsplit("/", 1)[1] + "/")
    pat_page.fill("#id_full_name", "Pat Practitioner")
    pat_page.fill("#id_password1", PASSWORD)
    pat_page.fill("#id_password2", PASSWORD)
    _save(pat_page)
    pat = Membership.objects.select_related("user").get(user__email="pat@acorns.test")
    assert pat.role == Membership.Role.PRACTITIONER and [r.name for r in pat.rooms.all()] == ["Acorns"]

    fresh = new_page(PHONE)
    browser_login(fresh, pat.user, password=PASSWORD)
    body = fresh.inner_text("body")
    assert "Little Acorns Nursery" in body and "Acorns" in body
    assert "No children in your rooms yet" in body  # the empty state says what happens next
    shot(fresh, "6-practitioner-home")

    # Set-up is over: the anonymous page is gone.
    anonymous = new_page(PHONE)
    response = anonymous.goto("/setup/")
    assert response.status == 404
