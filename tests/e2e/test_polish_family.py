"""A Polish-speaking nanny logs in on her phone and reads Alfie's day in Polish."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diaries import services as diary

from .conftest import PHONE, no_sideways_scroll

pytestmark = pytest.mark.e2e


@pytest.fixture
def alfies_day(personas):
    alfie, kim = personas.alfie, personas.key_person
    now = timezone.now()
    start = now - timedelta(minutes=120)
    if start.astimezone(personas.setting.tz).date() != personas.setting.today():
        pytest.skip("too close to midnight for a morning of diary entries")
    diary.handover_send(child=alfie, by=personas.mother, source="family",
                        night_sleep="Spał dobrze, 19:00–6:30",
                        collector_name="Nina")
    diary.check_in(child=alfie, by=kim, brought_by="Mia Jones", at=start)
    diary.entry_create(child=alfie, by=kim, kind="meal", what="Zupa pomidorowa", amount="most",
                       occurred_at=start + timedelta(minutes=10))
    diary.entry_create(child=alfie, by=kim, kind="sleep", occurred_at=start + timedelta(minutes=20),
                       ends_at=start + timedelta(minutes=95))
    diary.entry_create(child=alfie, by=kim, kind="activity", text="Budował wieżę z klocków i liczył do 10.",
                       is_good_news=True, occurred_at=start + timedelta(minutes=100))
    return alfie


def test_nanny_reads_the_family_home_and_the_childs_day_in_polish(personas, alfies_day, new_page, browser_login,
                                                                  shot):
    personas.nanny.language = "pl"
    personas.nanny.save(update_fields=["language"])
    page = new_page(PHONE)
    browser_login(page, personas.nanny)

    body = page.inner_text("body")
    assert "Moje dzieci" in page.title() and "Dzień dobry, Nina" in body
    assert "Opiekun prowadzący" in body and "Osoby wokół dziecka: Alfie" in body
    assert "Key person" not in body and "My children" not in body
    shot(page, "pl-family-home-phone")

    page.get_by_role("link", name="Alfie: jak minął dzień").click()
    page.wait_for_load_state()
    body = page.inner_text("body")
    for text in ("Alfie: jak minął dzień", "Poranne przekazanie", "Przyjście o", "Posiłek", "Większość",
                 "1 godz. 15 min snu", "dobre wieści"):
        assert text in body, text
    for english in ("Morning handover", "Arrived at", "Meal", "Most", "Slept", "good news"):
        assert english not in body, english
    # Nothing spills sideways at 390px.
    no_sideways_scroll(page)
    shot(page, "pl-child-day-phone")
