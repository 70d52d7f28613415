"""Every persona logs in through the real login form and sees their own home page."""

import pytest

from .conftest import PHONE, TABLET, no_sideways_scroll

pytestmark = pytest.mark.e2e

EXPECTED_HOME_TEXT = {
    "manager": "Sunnyside Nursery",
    "dsl": "My rooms",
    "key_person": "Alfie Jones",
    "other_room_practitioner": "Babies",
    "mother": "Alfie",
    "father": "Alfie",
    "grandmother": "Gran Peg",
    "nanny": "Alfie",
    "restricted_parent": "Nothing to show yet",
    "other_parent": "Bea",
    "other_setting_staff": "Elsewhere Pre-school",
}
STAFF = {"manager", "dsl", "key_person", "other_room_practitioner", "other_setting_staff"}


@pytest.mark.parametrize("persona", list(EXPECTED_HOME_TEXT))
def test_each_persona_sees_their_home(persona, personas, new_page, browser_login, shot):
    page = new_page(TABLET if persona in STAFF else PHONE)
    browser_login(page, personas.user(persona))
    assert page.url.rstrip("/").endswith(page.url.split("/", 3)[2]) or page.url.endswith("/")
    body = page.inner_text("body")
    assert EXPECTED_HOME_TEXT[persona] in body
    if persona == "restricted_parent":
        assert "Alfie" not in body
    if persona in {"mother", "father", "grandmother", "nanny"}:
        assert "Rick" not in body, "a restricted carer must not appear to the family"
        assert "Kim Keyworker" in body, "the family sees the key person's name"
    shot(page, f"home-{persona}")


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_staff_pages_at_phone_and_tablet_width(viewport, personas, new_page, browser_login, shot):
    page = new_page(viewport)
    browser_login(page, personas.manager)
    size = "phone" if viewport is PHONE else "tablet"
    page.goto(f"/children/{personas.alfie.pk}/")
    assert "Record checklist" in page.inner_text("body")
    no_sideways_scroll(page)
    shot(page, f"child-profile-{size}")
    page.goto(f"/children/{personas.alfie.pk}/carers/add/")
    shot(page, f"add-carer-{size}")
    page.goto("/manage/staff/")
    shot(page, f"manage-staff-{size}")
    page.goto(f"/rooms/{personas.toddlers.pk}/")
    shot(page, f"room-{size}")


def test_key_person_adds_a_collector_by_keyboard(personas, new_page, browser_login, shot):
    page = new_page(TABLET)
    browser_login(page, personas.key_person)
    page.goto(f"/children/{personas.alfie.pk}/collectors/add/")
    page.fill("#id_full_name", "Tom Neighbour")
    page.keyboard.press("Tab")
    page.keyboard.type("Neighbour")
    page.fill("#id_collection_password", "abc")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "at least 6 characters" in page.inner_text("body")
    shot(page, "collector-too-short")
    page.fill("#id_collection_password", "purple elephant")
    page.click("text=Save")
    page.wait_for_load_state()
    assert "Tom Neighbour" in page.inner_text("body")
