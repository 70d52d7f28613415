"""The child's day in a real browser: morning handover on a phone, the board on a tablet, the evening read.

A parent sends the handover at phone width; the key person sees it on the board at tablet width, checks
Alfie in, logs lunch for three children at once, a sleep, a photo and good news; the parent reads the day
and comments; staff reply; Alfie goes home with Gran Peg (a linked carer who may collect). A second
journey releases Alfie to the authorised collector, Sue, once she says the collection password.
"""

import pytest

from diaries import services
from diaries.models import Attendance, DiaryEntry, EntryComment, Handover
from tests import factories as f
from tests.diaries.conftest import jpeg_bytes, minutes_ago
from tests.factories import COLLECTION_PASSWORD

from .conftest import PHONE, TABLET, no_sideways_scroll, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def save_on_board(page):
    """Press save and wait for htmx to swap the board in (the answer to the quick-entry POST)."""
    with page.expect_response(lambda response: "/board/quick/" in response.url):
        page.click("text=Save for ticked children")
    page.wait_for_load_state()


def test_a_day_from_handover_to_home_time(personas, new_page, browser_login, shot, media):
    friends = [f.ChildFactory(setting=personas.setting, room=personas.toddlers, legal_first_name=name,
                              legal_last_name="Brown") for name in ("Isla", "Noah")]
    for child in friends:
        services.check_in(child=child, by=personas.key_person, brought_by="Dad", at=minutes_ago(personas.setting, 30))

    # 1. Mum sends the morning handover from her phone.
    parent = new_page(PHONE)
    browser_login(parent, personas.mother)
    parent.click("text=Morning handover")
    parent.fill("#id_night_sleep", "Woke at 4am with a cough")
    parent.fill("#id_last_feed", "Weetabix")
    parent.fill("#id_mood_health", "Tired but cheerful")
    parent.fill("#id_collector_name", "Gran Peg")
    no_sideways_scroll(parent)
    shot(parent, "01-parent-handover-form-phone")
    parent.click("#submit-id-submit")
    parent.wait_for_load_state()
    assert "waiting to be read" in parent.inner_text("body")
    shot(parent, "02-parent-handover-sent-phone")
    assert Handover.objects.get(child=personas.alfie).sent_by == personas.mother

    # 2. Kim sees it on the board at tablet width and checks Alfie in.
    staff = new_page(TABLET)
    browser_login(staff, personas.key_person)
    staff.goto(f"/rooms/{personas.toddlers.pk}/")
    staff.click("text=Today's board")
    assert "Handover waiting" in staff.inner_text("#board")
    shot(staff, "03-board-handover-waiting-tablet")
    staff.click(f"a[href='/diary/child/{personas.alfie.pk}/check-in/']")
    assert "Woke at 4am" in staff.inner_text("body")
    staff.fill("#id_brought_by", "Mia Jones")
    shot(staff, "04-check-in-tablet")
    staff.click("#submit-id-submit")
    staff.wait_for_load_state()
    assert Attendance.objects.get(child=personas.alfie).brought_by == "Mia Jones"
    assert Handover.objects.get(child=personas.alfie).is_acknowledged

    # 3. Lunch for three children in one go, an amount each, without a page reload.
    children = [personas.alfie, *friends]
    staff.click("label[for=kind-meal]")
    staff.fill("#quick-what", "Fish pie and peas")
    for child, amount in zip(children, ["all", "half", "most"], strict=True):
        staff.check(f"#tick-{child.pk}")
        staff.select_option(f"select[name=amount_{child.pk}]", amount)
    shot(staff, "05-board-lunch-for-three-tablet")
    staff.evaluate("window.__noReload = true")
    save_on_board(staff)
    staff.wait_for_selector("text=Saved for 3 children")
    assert staff.evaluate("window.__noReload === true"), "htmx swapped the board; the page did not reload"
    assert DiaryEntry.objects.filter(kind="meal").count() == 3

    # A sleep for Alfie, then good news.
    staff.click("label[for=kind-sleep]")
    staff.check(f"#tick-{personas.alfie.pk}")
    save_on_board(staff)
    staff.wait_for_selector("text=sleeping since")
    staff.click("label[for=kind-activity]")
    staff.fill("#quick-what", "Counted to ten in the sand tray")
    staff.check(f"#tick-{personas.alfie.pk}")
    staff.check("#quick-good")
    save_on_board(staff)
    staff.wait_for_selector(f"a[href='/diary/child/{personas.alfie.pk}/'] >> text=Day (3)")
    shot(staff, "06-board-after-lunch-and-sleep-tablet")

    # A photo, checked and re-encoded on upload.
    staff.goto(f"/diary/child/{personas.alfie.pk}/photo/add/")
    staff.set_input_files("#id_image", files=[{"name": "sand.jpg", "mimeType": "image/jpeg",
                                               "buffer": jpeg_bytes(size=(800, 600), with_gps=True)}])
    staff.fill("#id_caption", "Sand castles")
    staff.check("#id_is_good_news")
    staff.click("#submit-id-submit")
    staff.wait_for_load_state()
    assert "Sand castles" in staff.inner_text("body")
    shot(staff, "07-child-day-staff-tablet")

    # 4. Mum reads the day on her phone and comments.
    parent.goto(f"/diary/child/{personas.alfie.pk}/")
    body = parent.inner_text("body")
    assert "Fish pie and peas" in body and "Sleeping now" in body and "Sand castles" in body
    assert "good news" in body and "read by Kim" in body
    parent.locator("img.diary-photo").scroll_into_view_if_needed()
    wait_until(parent, "document.querySelector('img.diary-photo').naturalWidth > 0")  # served to Mum
    meal = DiaryEntry.objects.get(kind="meal", child=personas.alfie)
    parent.fill(f"#c-{meal.pk}", "He never eats fish at home!")
    parent.click(f"#thread-{meal.pk} button[type=submit]")
    parent.wait_for_selector(f"#thread-{meal.pk} >> text=He never eats fish at home!")
    no_sideways_scroll(parent)
    shot(parent, "08-parent-reads-day-phone")

    # 5. Kim sees Mum has read today, and replies in the same thread.
    staff.goto(f"/diary/child/{personas.alfie.pk}/")
    assert "Mia Jones: read" in staff.inner_text("body")
    staff.fill(f"#c-{meal.pk}", "He had seconds!")
    staff.click(f"#thread-{meal.pk} button[type=submit]")
    staff.wait_for_selector(f"#thread-{meal.pk} >> text=He had seconds!")
    assert list(EntryComment.objects.values_list("by_staff", flat=True)) == [False, True]
    shot(staff, "09-staff-reply-tablet")

    # 6. Home time: Gran Peg collects (a linked carer who may collect).
    staff.goto(f"/diary/child/{personas.alfie.pk}/check-out/")
    staff.check(f"input[value='link:{personas.links['grandmother'].pk}']")
    staff.fill("#id_day_summary", "Busy, happy day: lunch, a good nap and sand castles.")
    shot(staff, "10-check-out-gran-tablet")
    staff.click("#submit-id-submit")
    staff.wait_for_load_state()
    attendance = Attendance.objects.get(child=personas.alfie)
    assert attendance.collected_by_link == personas.links["grandmother"] and attendance.out_at
    parent.goto(f"/diary/child/{personas.alfie.pk}/")
    assert "Went home at" in parent.inner_text("body") and "Peg Jones" in parent.inner_text("body")
    shot(parent, "11-parent-end-of-day-phone")


def test_authorised_collector_says_the_password(personas, new_page, browser_login, shot):
    services.check_in(child=personas.alfie, by=personas.key_person, brought_by="Mia Jones",
                      at=minutes_ago(personas.setting, 60))
    phone = new_page(PHONE)
    browser_login(phone, personas.key_person)
    phone.goto(f"/diary/room/{personas.toddlers.pk}/board/")
    no_sideways_scroll(phone)
    shot(phone, "00-board-at-phone-width")
    staff = new_page(TABLET)
    browser_login(staff, personas.key_person)
    staff.goto(f"/diary/child/{personas.alfie.pk}/check-out/")
    staff.check(f"input[value='collector:{personas.collector.pk}']")
    staff.fill("#id_collection_password", "Green Elephant")
    staff.click("#submit-id-submit")
    staff.wait_for_load_state()
    assert "collection password is wrong" in staff.inner_text("body")
    assert Attendance.objects.get().out_at is None
    shot(staff, "01-wrong-password-refused")
    staff.check(f"input[value='collector:{personas.collector.pk}']")
    staff.fill("#id_collection_password", COLLECTION_PASSWORD)
    staff.click("#submit-id-submit")
    staff.wait_for_load_state()
    attendance = Attendance.objects.get()
    assert attendance.collected_by_collector == personas.collector and attendance.out_at
    assert "has been collected" in staff.inner_text("body")
    shot(staff, "02-collected-by-sue")


def test_accident_medicine_and_history_pages(personas, new_page, browser_login, shot, media):
    """The records pages at phone (family) and tablet (staff) width, by keyboard where it matters."""
    from datetime import timedelta

    kim = personas.key_person
    accident = services.accident_record(child=personas.alfie, by=kim, description="Tripped on the garden step",
                                        location="Garden", body_area="right knee", first_aid="Cold compress",
                                        witness="Dee", occurred_at=minutes_ago(personas.setting, 40))
    consent = services.medicine_consent_give(child=personas.alfie, by=personas.mother, medicine="Calpol",
                                             dose="5 ml", when="If over 38°C", starts_on=personas.setting.today(),
                                             ends_on=personas.setting.today() + timedelta(days=2))
    services.medicine_dose_record(child=personas.alfie, by=kim, consent=consent, dose="5 ml",
                                  given_at=minutes_ago(personas.setting, 20))
    entry = services.entry_create(child=personas.alfie, by=kim, kind="meal", what="Soup", amount="half",
                                  occurred_at=minutes_ago(personas.setting, 30))
    services.entry_amend(entry=entry, by=personas.dsl, version=1, reason="He finished it later", amount="all")

    parent = new_page(PHONE)
    browser_login(parent, personas.mother)
    assert "Please read the accident record for Alfie" in parent.inner_text("body")
    parent.click("#todo >> text=Please read the accident record for Alfie")  # the to-do list on her home
    shot(parent, "01-accident-for-parent-phone")
    parent.focus("text=I have read this record")
    with parent.expect_navigation():
        parent.keyboard.press("Enter")
    assert "by Mia Jones in the portal" in parent.inner_text("body")
    accident.refresh_from_db()
    assert accident.acknowledged_by == personas.mother
    parent.goto(f"/diary/child/{personas.alfie.pk}/records/")
    no_sideways_scroll(parent)
    shot(parent, "02-records-parent-phone")
    parent.goto(f"/diary/child/{personas.alfie.pk}/medicine/consent/")
    shot(parent, "03-consent-form-phone")

    staff = new_page(TABLET)
    browser_login(staff, kim)
    staff.goto(f"/diary/entry/{entry.pk}/history/")
    assert "He finished it later" in staff.inner_text("body")
    shot(staff, "04-entry-history-tablet")
    staff.goto(f"/diary/child/{personas.alfie.pk}/medicine/dose/")
    # The form knows what the family wrote: the current consent is chosen and its dose filled in.
    assert staff.input_value("#id_consent") == str(consent.pk)
    assert staff.input_value("#id_dose") == "5 ml"
    staff.select_option("#id_consent", "")
    staff.click("#submit-id-submit")
    staff.wait_for_load_state()
    assert "There is no written consent" in staff.inner_text("body")
    shot(staff, "05-dose-without-consent-refused-tablet")
    staff.select_option("#id_consent", str(consent.pk))
    staff.fill("#id_witness", "Dee")
    with staff.expect_navigation():
        staff.click("#submit-id-submit")
    staff.goto(f"/diary/child/{personas.alfie.pk}/records/")
    assert "witness: Dee" in staff.inner_text("body")
