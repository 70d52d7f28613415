"""A mother reads her notifications on her phone and sets quiet hours; the manager checks failed messages."""

import pytest

from notifications import api
from notifications.models import Preference
from tests.notifications.conftest import run_everything

from .conftest import PHONE, TABLET

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _no_kick(settings):
    settings.NOTIFICATIONS_KICK_ON_COMMIT = False


def test_mother_reads_notifications_and_sets_quiet_hours(personas, new_page, browser_login, shot):
    Preference.objects.create(user=personas.mother, channel="in_app")
    for kind in ("accident_recorded", "medicine_dose_given", "end_of_day_summary"):
        api.notify_child_family(child=personas.alfie, kind=kind, about=personas.collector)
    run_everything()
    page = new_page(PHONE)
    browser_login(page, personas.mother)
    page.click("button.navbar-toggler")
    assert "3 unread" in page.inner_text("nav").replace("\n", " ") or "3" in page.inner_text("nav")
    page.click("text=Notifications")
    assert "Accident report for Alfie" in page.inner_text("main")
    shot(page, "notifications-inbox-phone")
    page.locator("main form button:has-text('Mark as read')").first.click()
    page.click("text=Preferences")
    page.fill("#id_quiet_start", "21:00")
    page.fill("#id_quiet_end", "21:00")
    page.click("input[type=submit], button[type=submit] >> text=Save")
    assert "Quiet hours must end at a different time" in page.inner_text("main")
    page.fill("#id_quiet_end", "07:00")
    page.select_option("#id_delivery", "digest")
    shot(page, "notifications-preferences-phone")
    page.click("input[type=submit], button[type=submit] >> text=Save")
    assert "preferences are saved" in page.inner_text("main")
    assert Preference.objects.get(user=personas.mother).delivery == "digest"


def test_manager_sees_reminder_settings_and_failures(personas, new_page, browser_login, shot):
    page = new_page(TABLET)
    browser_login(page, personas.manager)
    page.goto(page.url.rstrip("/") + "/notifications/reminder-settings/")
    page.fill("#id_window_start", "18:00")
    page.fill("#id_window_end", "08:00")
    page.click("input[type=submit], button[type=submit] >> text=Save")
    assert "ends before it starts" in page.inner_text("main")
    shot(page, "notifications-reminder-settings-tablet")
    page.goto(page.url.split("/notifications")[0] + "/notifications/failures/")
    assert "Every message has gone out" in page.inner_text("main")
