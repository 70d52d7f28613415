"""Every staff member counts, in the browser at phone width: the cook finds Alfie by name on her home page and notes
a conversation with his mother."""

import pytest

from partnerships.models import Conversation

from .conftest import PHONE

pytestmark = pytest.mark.e2e


def test_the_cook_finds_alfie_and_notes_a_conversation_with_his_mother(personas, new_page, browser_login, shot):
    p = personas
    page = new_page(viewport=PHONE)
    browser_login(page, p.cook)
    page.goto("/")
    page.fill("#child-find-q", "Alfie")
    page.get_by_role("button", name="Find a child").click()
    page.wait_for_url("**/children/find/**")
    found = page.get_by_role("list", name="Children found")
    assert "Alfie Jones" in found.inner_text()
    shot(page, "01-found")
    found.get_by_role("link", name="Note a conversation").click()
    page.get_by_label("Mia Jones").check()
    page.get_by_label("At drop-off").check()
    page.fill("input[name=topic]", "Loved the lentil soup")
    shot(page, "02-form")
    page.get_by_role("button", name="Save conversation").click()
    page.wait_for_url("**/children/find/")
    assert "Conversation noted." in page.inner_text("main")
    talk = Conversation.objects.get()
    assert talk.staff == p.cook and list(talk.carers.all()) == [p.links["mother"].carer]
