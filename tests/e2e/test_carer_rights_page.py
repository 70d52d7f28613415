"""The page that says what a carer may see and do, and what changed, read on a phone and on a tablet."""

import pytest
from django.urls import reverse

from families import services

from .conftest import PHONE, TABLET, no_sideways_scroll

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_the_rights_page_shows_the_court_order_and_its_history_on_a_small_screen(
        viewport, personas, new_page, browser_login, shot):
    link = personas.links["father"]
    services.carer_link_rights_change(link=link, by=personas.manager, is_restricted=True,
                                      restriction_note="Court order 12/2026")
    page = new_page(viewport)
    browser_login(page, personas.manager)
    page.goto(reverse("families:carer_link_rights", args=[link.pk]))
    body = page.inner_text("body")
    assert "Court order 12/2026" in body
    assert "Maggie Manager" in body, "the history says who changed the rights"
    assert "when this carer was linked" in body, "rights given with the link are not 'unknown'"
    history = page.locator("#history-heading + ul").inner_text()
    assert "Court order 12/2026" in history, "the note is shown as written, not as yes/no"
    no_sideways_scroll(page)
    shot(page, f"rights-{'phone' if viewport is PHONE else 'tablet'}")
