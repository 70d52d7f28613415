"""Every persona logs in through the real login form and sees their own home page."""

import pytest

from .conftest import PHONE, TABLET

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
