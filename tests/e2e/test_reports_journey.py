"""A manager opens the term dashboard, drills into the families behind a warning number and exports the CSV."""

import pytest

from families.models import CarerLink
from reports import facts
from tests import factories as f

from .conftest import DESKTOP, PHONE, TABLET

pytestmark = pytest.mark.e2e


def _quiet_family(personas):
    """Cara's family has no two-way contact and no carer on Triangle."""
    child = f.ChildFactory(setting=personas.setting, room=personas.toddlers, legal_first_name="Cara",
                           legal_last_name="Quiet", home_languages="Romanian")
    carer = f.CarerFactory(setting=personas.setting, user=None, full_name="Ana Quiet", preferred_language="ro")
    f.CarerLinkFactory(child=child, carer=carer, relationship=CarerLink.Relationship.MOTHER)
    f.KeyPersonAssignmentFactory(child=child, staff=personas.key_person.memberships.get())
    return child


def _talk(personas, child, carer, days_ago):
    from datetime import timedelta

    from django.utils import timezone

    from partnerships.models import Conversation

    c = Conversation.objects.create(child=child, staff=personas.key_person, channel="pick_up", topic="The day",
                                    happened_at=timezone.now() - timedelta(days=days_ago))
    c.carers.set([carer])


def test_manager_term_dashboard_drilldown_and_csv(personas, new_page, browser_login, shot, settings):
    settings.REPORTS_CACHE_SECONDS = 0  # the page is reloaded after adding conversations
    child = _quiet_family(personas)
    page = new_page(DESKTOP)
    browser_login(page, personas.manager)
    page.get_by_role("button", name="Manage").click()
    page.get_by_role("link", name="Partnership report").click()
    page.wait_for_load_state()
    assert "This term" in page.inner_text("select#id_period")
    assert page.locator("svg[role=img]").count() >= 3
    shot(page, "dashboard-desktop")
    sections = page.get_by_role("navigation", name="Report sections")

    if facts.AVAILABLE:
        # Overlooked: Cara (never), Alfie (last talked to 20 days ago); Bea was talked to yesterday.
        _talk(personas, personas.alfie, personas.links["mother"].carer, 20)
        _talk(personas, personas.bea, personas.links["other_parent"].carer, 1)
        page.reload()
        sections.get_by_role("link", name="Two-way contact").click()
        page.wait_for_load_state()
        assert "Two-way contact" in page.inner_text("#h-contact")
        page.locator("#section-contact").scroll_into_view_if_needed()
        shot(page, "dashboard-desktop-with-contact")
        page.locator("#section-contact .report-figure a").filter(has_text="overlooked families").click()
        page.wait_for_load_state()
        listed = page.inner_text("#drilldown-table")
        assert child.display_name in listed and "Alfie Jones" in listed and "Bea" not in listed
        assert "20 days ago" in listed and "no two-way contact recorded" in listed
    else:
        page.locator(".report-figure a").filter(has_text="families with no carer on Triangle").click()
        page.wait_for_load_state()
        assert child.display_name in page.inner_text("#drilldown-table")
        assert "Alfie" not in page.inner_text("#drilldown-table")
    shot(page, "drilldown-desktop")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    content = open(download.path(), encoding="utf-8-sig").read()
    assert "Cara Quiet" in content and "Kim Keyworker" in content

    page.get_by_role("link", name="Back to the report").click()
    page.wait_for_load_state()
    sections.get_by_role("link", name="Children and families").click()
    page.wait_for_load_state()
    with page.expect_download() as download_info:
        page.locator("#table-overview-rooms caption a").click()
    assert "Toddlers" in open(download_info.value.path(), encoding="utf-8-sig").read()

    page.goto(page.url.split("/reports/")[0] + "/reports/print/")
    shot(page, "print-desktop")


def test_dashboard_at_tablet_and_phone_and_bad_period(personas, new_page, browser_login, shot, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    _quiet_family(personas)
    page = new_page(TABLET)
    browser_login(page, personas.manager)
    page.goto("/reports/")
    shot(page, "dashboard-tablet")
    page.select_option("#id_period", "custom")
    page.fill("#id_start", "2026-05-01")
    page.fill("#id_end", "2026-04-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "ends before it starts" in page.inner_text("#id_end-error")
    shot(page, "bad-period-tablet")
    phone = new_page(PHONE)
    browser_login(phone, personas.key_person)
    phone.goto("/reports/")
    assert "Babies" not in phone.inner_text("main")
    shot(phone, "practitioner-phone")
