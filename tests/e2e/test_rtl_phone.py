"""Arabic and Urdu pages at phone width: right to left with Bootstrap's RTL stylesheet served by the app, arrows
mirrored, and times, time ranges and phone numbers still reading left to right inside the right-to-left text.

axe-core checks every page loaded here (tests/e2e/conftest.py). Screenshots: test-artifacts/screenshots/<test>/
(look at them).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from diaries import services as diary
from families.models import Carer

from .conftest import PHONE, no_sideways_scroll

pytestmark = pytest.mark.e2e

PHONE_NUMBER = "+44 7700 900123"

# For each "HH:MM–HH:MM" (and the phone number) in the elements matched: where its first and its last part are drawn.
ORDER = """([selector, pattern]) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const m = node.data.match(new RegExp(pattern));
      if (!m) continue;
      const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                          return r.getBoundingClientRect().left; };
      const first = node.data.indexOf(m[1]), last = node.data.indexOf(m[2], first + m[1].length);
      out.push({text: m[0], first: at(first), last: at(last)});
    }
  }
  return out;
}"""


def _speak(user, code):
    user.language = code
    user.save(update_fields=["language"])


def _a_day_with_a_sleep_and_an_accident(personas):
    alfie, kim = personas.alfie, personas.key_person
    now = timezone.now()
    start = now - timedelta(minutes=150)
    if start.astimezone(personas.setting.tz).date() != personas.setting.today():
        pytest.skip("too close to midnight for a day of diary entries")
    diary.check_in(child=alfie, by=kim, brought_by="Mia Jones", at=start)
    diary.entry_create(child=alfie, by=kim, kind="meal", what="Fish pie and peas", amount="all", phrase="ate_all",
                       occurred_at=start + timedelta(minutes=10))
    diary.entry_create(child=alfie, by=kim, kind="sleep", occurred_at=start + timedelta(minutes=20),
                       ends_at=start + timedelta(minutes=80))
    accident = diary.accident_record(child=alfie, by=kim, occurred_at=start + timedelta(minutes=90),
                                     description="Tripped on the step", first_aid="Cold compress")
    diary.check_out(child=alfie, by=kim, link=personas.links["mother"], day_summary="Built a tall tower today.",
                    at=start + timedelta(minutes=140))
    return accident


def _reads_right_to_left(page, code):
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == code
    sheets = page.evaluate("""() => [...document.styleSheets].filter(s => s.href).map(s => {
        let rules = -1; try { rules = s.cssRules.length; } catch (e) {}
        return {href: s.href, rules}; })""")
    rtl = [s for s in sheets if "bootstrap.rtl" in s["href"]]
    assert rtl, sheets
    # Served by the app itself (same origin, so its rules are readable), not a CDN.
    assert rtl[0]["href"].startswith(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/static/")
    assert rtl[0]["rules"] > 100, rtl
    assert not [s for s in sheets if "bootstrap.min.css" in s["href"]], "the left-to-right stylesheet is loaded too"
    no_sideways_scroll(page)


def _left_to_right(page, selector, pattern):
    found = page.evaluate(ORDER, [selector, pattern])
    assert found, (selector, pattern)
    for item in found:  # the earlier part is drawn on the left, as it is written
        assert item["first"] < item["last"], item
    return found


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_arabic_and_urdu_family_pages_read_right_to_left_on_a_phone(code, personas, new_page, browser_login, shot):
    accident = _a_day_with_a_sleep_and_an_accident(personas)
    _speak(personas.father, code)
    page = browser_login(new_page(PHONE), personas.father)

    page.goto(f"/diary/child/{personas.alfie.pk}/")
    _reads_right_to_left(page, code)
    shot(page, f"{code}-day-phone")
    # The timeline's times and the end-of-day summary's sleep ("12:30–13:40") keep their order.
    _left_to_right(page, ".ltr", r"(\d\d:\d\d)–(\d\d:\d\d)")
    _left_to_right(page, "#eod-h + ul", r"(\d\d:\d\d)–(\d\d:\d\d)")

    page.goto(f"/diary/accident/{accident.pk}/")
    _reads_right_to_left(page, code)
    shot(page, f"{code}-accident-phone")
    arrow = page.locator(".flip-rtl").first
    assert arrow.evaluate("el => getComputedStyle(el).transform") == "matrix(-1, 0, 0, 1, 0, 0)"  # points the reading way


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_phone_numbers_read_left_to_right_on_the_staff_view_of_a_child(code, personas, new_page, browser_login, shot):
    Carer.objects.filter(pk=personas.links["mother"].carer.pk).update(phone=PHONE_NUMBER)
    _speak(personas.key_person, code)
    page = browser_login(new_page(PHONE), personas.key_person)
    page.goto(f"/children/{personas.alfie.pk}/")
    _reads_right_to_left(page, code)
    shot(page, f"{code}-child-phone")
    _left_to_right(page, "bdi[dir=ltr]", r"(\+44) 7700 (900123)")
