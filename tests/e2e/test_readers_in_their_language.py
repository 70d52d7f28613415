"""Families read Triangle in their own language, right to left in Urdu; staff and parents get round by keyboard.

axe-core checks every page these tests load (tests/e2e/conftest.py), the Urdu pages included.
Screenshots: test-artifacts/screenshots/<test>/ (look at them).
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from diaries import services as diary
from diaries.models import Accident, DiaryEntry
from families.models import Carer
from notifications.models import Channel
from tests import factories as f
from tests.notifications.conftest import run_everything

from .conftest import PHONE, TABLET, no_sideways_scroll

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _no_kick(settings):
    settings.NOTIFICATIONS_KICK_ON_COMMIT = False


def _speaks(user, code):
    user.language = code
    user.save(update_fields=["language"])
    Carer.objects.filter(user=user).update(preferred_language=code, preferred_channel=Channel.IN_APP)


def _in(code, text, context=None):
    with translation.override(code):
        return translation.pgettext(context, text) if context else translation.gettext(text)


@pytest.fixture
def alfies_day(personas):
    alfie, kim = personas.alfie, personas.key_person
    now = timezone.now()
    start = now - timedelta(minutes=90)
    if start.astimezone(personas.setting.tz).date() != personas.setting.today():
        pytest.skip("too close to midnight for a morning of diary entries")
    diary.check_in(child=alfie, by=kim, brought_by="Mia Jones", at=start)
    diary.entry_create(child=alfie, by=kim, kind="meal", what="Fish pie and peas", amount="all", phrase="ate_all",
                       occurred_at=start + timedelta(minutes=10))
    diary.entry_create(child=alfie, by=kim, kind="sleep", occurred_at=start + timedelta(minutes=20),
                       ends_at=start + timedelta(minutes=80))
    diary.entry_create(child=alfie, by=kim, kind="note", phrase="played_friends", text="Built a tall tower",
                       occurred_at=start + timedelta(minutes=85))
    return alfie


def _accident(personas):
    """Recorded after the reader chose a language: the setting tells the family (accident_recorded) at once."""
    return diary.accident_record(child=personas.alfie, by=personas.key_person,
                                 occurred_at=timezone.now() - timedelta(minutes=60),
                                 description="Tripped in the garden, grazed knee", location="Garden",
                                 body_area="Left knee", first_aid="Cleaned and a plaster")


@pytest.mark.parametrize("code,reader", [("ur", "father"), ("bn", "mother")])
def test_a_family_reads_the_day_an_accident_and_a_notification_in_their_language(
        code, reader, personas, alfies_day, new_page, browser_login, shot):
    alfie = alfies_day
    user = personas.user(reader)
    _speaks(user, code)
    accident = _accident(personas)
    run_everything()

    page = new_page(PHONE, locale="en-GB")  # the browser asks for English; the account's language wins
    browser_login(page, user)
    direction = "rtl" if code == "ur" else "ltr"
    assert page.get_attribute("html", "lang") == code and page.get_attribute("html", "dir") == direction
    shot(page, f"{code}-family-home-phone")
    no_sideways_scroll(page)

    page.goto(f"/diary/child/{alfie.pk}/")
    main = page.inner_text("main")
    for text in (_in(code, "Ate all of it", "diary phrase"), _in(code, "Played happily with friends", "diary phrase"),
                 _in(code, "Meal"), _in(code, "Sleep")):
        assert text in main, text
    assert "Fish pie and peas" in main and "Built a tall tower" in main  # typed words stay as typed
    assert _in(code, "written in %(language)s") % {"language": _in(code, "English")} in main
    for english in ("Ate all of it", "Played happily", "Meal", "Nothing logged"):
        assert english not in main, english
    if code == "ur":
        # Right to left: the timeline's rule is on the right, times keep their left-to-right order.
        li = page.locator("ol.timeline > li").first
        assert li.evaluate("el => getComputedStyle(el).borderRightWidth") == "3px"
        assert page.locator("ol.timeline strong.ltr").first.evaluate("el => getComputedStyle(el).direction") == "ltr"
    no_sideways_scroll(page)
    shot(page, f"{code}-child-day-phone")

    page.goto(f"/diary/accident/{accident.pk}/")
    main = page.inner_text("main")
    assert "Tripped in the garden, grazed knee" in main
    with translation.override(code):
        kind_label = str(Accident.Kind.ACCIDENT.label)
    assert kind_label in main and kind_label != "Accident"
    no_sideways_scroll(page)
    shot(page, f"{code}-accident-phone")

    page.goto("/notifications/")
    main = page.inner_text("main")
    subject = _in(code, "Accident report for %(child)s: please read and acknowledge") % {"child": "Alfie"}
    assert subject in main and "Accident report for Alfie" not in main
    no_sideways_scroll(page)
    shot(page, f"{code}-notifications-phone")


def _tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would; check it shows."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            style = target.evaluate(
                "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
            assert style[0] != "none" or style[2] != "none", f"no visible focus on {selector}: {style}"
            return target
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_key_person_records_a_meal_with_a_phrase_for_several_children_by_keyboard_and_the_nanny_reads_it_in_polish(
        personas, new_page, browser_login, shot):
    p = personas
    now = timezone.now()
    if (now - timedelta(minutes=15)).astimezone(p.setting.tz).date() != p.setting.today():
        pytest.skip("too close to midnight")
    isla = f.ChildFactory(setting=p.setting, room=p.toddlers, legal_first_name="Isla", legal_last_name="Brown")
    for child in (p.alfie, isla):
        diary.check_in(child=child, by=p.key_person, brought_by="Dad", at=now - timedelta(minutes=15))
    _speaks(p.nanny, "pl")

    staff = new_page(TABLET)
    browser_login(staff, p.key_person)
    staff.goto(f"/diary/room/{p.toddlers.pk}/board/")
    staff.locator("body").focus()
    _tab_to(staff, "#kind-meal")  # the meal is the board's first kind, already chosen
    assert staff.locator("#kind-meal").is_checked()
    _tab_to(staff, "#quick-what")
    staff.keyboard.type("Shepherd's pie")
    _tab_to(staff, "#quick-phrase")
    staff.keyboard.type("Ate all")
    assert staff.locator("#quick-phrase").input_value() == "ate_all"
    for child in (p.alfie, isla):
        _tab_to(staff, f"#tick-{child.pk}")
        staff.keyboard.press("Space")
        _tab_to(staff, f"select[name=amount_{child.pk}]")
        staff.keyboard.type("Most")
    shot(staff, "board-keyboard-meal-tablet")
    _tab_to(staff, "#quick-form button[type=submit]")
    staff.keyboard.press("Enter")
    staff.wait_for_selector(".board-counts .badge:has-text('Saved for 2 children')")
    saved = DiaryEntry.objects.filter(kind="meal", phrase="ate_all")
    assert sorted(e.child_id for e in saved) == sorted([p.alfie.pk, isla.pk])
    assert {e.amount for e in saved} == {"most"} and {e.what for e in saved} == {"Shepherd's pie"}
    shot(staff, "board-keyboard-meal-saved-tablet")

    nanny = new_page(PHONE)
    browser_login(nanny, p.nanny)
    nanny.goto(f"/diary/child/{p.alfie.pk}/")
    main = nanny.inner_text("main")
    assert "Zjadło wszystko" in main and "Shepherd's pie" in main and "Większość" in main
    assert "Ate all of it" not in main
    shot(nanny, "pl-nanny-reads-the-phrase-phone")


def test_a_parent_sends_the_morning_handover_and_comments_on_the_day_by_keyboard(
        personas, alfies_day, new_page, browser_login, shot):
    p = personas
    alfie = alfies_day
    page = new_page(PHONE)
    browser_login(page, p.mother)
    page.locator("body").focus()
    _tab_to(page, f"a[href='/diary/child/{alfie.pk}/handover/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_night_sleep")
    _tab_to(page, "#id_night_sleep")
    page.keyboard.type("Slept well, up at 6")
    _tab_to(page, "#id_mood_health")
    page.keyboard.type("Happy")
    shot(page, "parent-keyboard-handover-phone")
    _tab_to(page, "#submit-id-submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "waiting to be read" in page.inner_text("main")

    note = DiaryEntry.objects.get(child=alfie, kind="note")
    _tab_to(page, f"#c-{note.pk}")
    page.keyboard.type("Thank you, he loves towers!")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#thread-{note.pk} :text('Thank you, he loves towers!')")
    assert note.comments.get().author == p.mother
    shot(page, "parent-keyboard-comment-phone")


def test_form_errors_are_announced_and_take_the_focus(personas, new_page, browser_login):
    page = new_page(PHONE)
    browser_login(page, personas.mother)
    page.goto(f"/diary/child/{personas.alfie.pk}/home-observation/")
    page.fill("textarea[name=text]", " ")
    page.click("#submit-id-submit")
    page.wait_for_load_state()
    invalid = page.locator(".is-invalid").first
    assert invalid.evaluate("el => el === document.activeElement")
    described = invalid.get_attribute("aria-describedby") or ""
    texts = [page.locator(f"#{i}").inner_text() for i in described.split() if i]
    assert any(t.strip() for t in texts) and invalid.get_attribute("aria-invalid") == "true"
