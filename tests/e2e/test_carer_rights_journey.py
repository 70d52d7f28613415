"""In the browser: a key person sees a carer's rights read-only; a manager lifts a restriction in two steps;
a parent's long text gets a live counter (issue 9)."""

import pytest

from .conftest import PHONE, TABLET

pytestmark = pytest.mark.e2e


def test_key_person_sees_rights_but_cannot_change_them(personas, new_page, browser_login, shot):
    page = new_page(PHONE)
    browser_login(page, personas.key_person)
    page.goto(f"/carer-links/{personas.links['restricted_parent'].pk}/edit/")
    body = page.inner_text("body")
    assert "Only a manager changes" in body and "restricted" in body
    assert page.locator("input[name=is_restricted]").count() == 0
    shot(page, "rights-read-only-phone")


def test_manager_lifts_a_restriction_with_a_reason_and_a_confirmation(personas, new_page, browser_login, shot):
    link = personas.links["restricted_parent"]
    page = new_page(TABLET)
    browser_login(page, personas.manager)
    page.goto(f"/carer-links/{link.pk}/edit/")
    page.uncheck("#id_is_restricted")
    page.fill("#id_lift_reason", "Order discharged; copy on file")
    page.click("main input[type=submit]")
    page.wait_for_load_state()
    assert "Tick to confirm" in page.inner_text("body")
    shot(page, "lift-asks-to-confirm")
    link.refresh_from_db()
    assert link.is_restricted
    page.check("#id_lift_confirmed")
    page.click("main input[type=submit]")
    page.wait_for_load_state()
    link.refresh_from_db()
    assert not link.is_restricted


def test_a_parent_sees_how_many_characters_are_left(personas, new_page, browser_login, shot):
    page = new_page(PHONE)
    browser_login(page, personas.mother)
    page.goto(f"/diary/child/{personas.alfie.pk}/home-observation/")
    area = page.locator("textarea[data-maxlength]").first
    area.fill("x" * 4990)
    counter = page.locator(".char-counter").first
    assert "10" in counter.inner_text() and counter.is_visible()
    area.fill("x" * 5003)
    assert "3" in counter.inner_text() and "text-danger" in (counter.get_attribute("class") or "")
    shot(page, "counter-over")
