"""The report's SVG charts read right to left in Arabic and Urdu: labels on the right, bars growing leftwards from
beside them, each value just past its bar's end, numbers in the reader's language. English stays left to right.

Screenshots: test-artifacts/screenshots/<test>/ (look at them).
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import get_language_info

from families.models import CarerLink
from tests import factories as f

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

GEOMETRY = """() => [...document.querySelectorAll('svg.report-svg')].map(svg => ({
  key: svg.id,
  direction: getComputedStyle(svg).direction,
  rows: [...svg.querySelectorAll('g.chart-row')].map(g => {
    const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {left: r.left, right: r.right, width: r.width, height: r.height}; };
    return {
      label: box(g.querySelector('.chart-label')),
      bars: [...g.querySelectorAll('g.chart-bar')].map(b => ({bar: box(b.querySelector('rect')),
                                                             value: box(b.querySelector('.chart-value'))})),
    };
  }),
}))"""


def _families(personas):
    for name, language in (("Cara", "Romanian"), ("Dev", "Bengali"), ("Esa", "Urdu")):
        child = f.ChildFactory(setting=personas.setting, room=personas.toddlers, legal_first_name=name,
                               legal_last_name="Family", home_languages=language)
        carer = f.CarerFactory(setting=personas.setting, user=None, full_name=f"{name}'s mother")
        f.CarerLinkFactory(child=child, carer=carer, relationship=CarerLink.Relationship.MOTHER)


def _speak(user, code):
    user.language = code
    user.save(update_fields=["language"])


@pytest.mark.parametrize("code", ["ar", "ur", "en-gb"])
def test_report_charts_read_in_the_readers_direction(code, personas, new_page, browser_login, shot, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    _families(personas)
    _speak(personas.manager, code)
    rtl = code in ("ar", "ur")
    pages = {}
    for viewport, name, path in ((DESKTOP, "desktop", "/reports/"), (DESKTOP, "reach", "/reports/sections/reach/"),
                                 (PHONE, "phone", "/reports/")):
        if viewport["width"] not in pages:
            pages[viewport["width"]] = browser_login(new_page(viewport), personas.manager)
        page = pages[viewport["width"]]
        page.goto(path)
        assert page.get_attribute("html", "dir") == ("rtl" if rtl else "ltr")
        folder = shot(page, f"{code}-report-{name}").parent
        for i, svg in enumerate(page.locator("svg.report-svg").all()[:6]):
            svg.screenshot(path=str(folder / f"{code}-{name}-chart-{i}.png"))
        if name != "reach":  # a signed change keeps its sign before the number in a right-to-left line
            changes = page.locator(".report-headline [class^=trend-]").evaluate_all(
                "els => els.map(e => [e.textContent, e.querySelector('bdi[dir=ltr]')?.textContent])")
            assert changes, "no headline with a comparison"
            for whole, number in changes:  # the sign is inside the left-to-right number, the arrow outside it
                assert number and re.match(r"^[+−-]?[0-9]", number), (whole, number)
                assert whole.replace(number, "").strip() in ("", "▲", "▼"), (whole, number)
        if name == "reach":  # language names are report labels: in the reader's language, as the numbers are
            labels = page.locator("#chart-languages_chart .chart-label").evaluate_all("els => els.map(e => e.textContent)")
            with translation.override(code):
                assert get_language_info("bn")["name_translated"] in labels, labels
                assert str(get_language_info("ur")["name_translated"]) in labels, labels
        charts = page.evaluate(GEOMETRY)
        assert len(charts) >= 2
        assert any(b["bar"]["width"] > 1 for chart in charts for row in chart["rows"] for b in row["bars"])
        for chart in charts:
            assert chart["direction"] == ("rtl" if rtl else "ltr"), chart["key"]
            drawn = [b for row in chart["rows"] for b in row["bars"] if b["bar"]["width"] > 1]
            if not drawn:
                continue  # every value is nought: nothing to line up
            # Every bar starts from the same edge, beside the labels.
            starts = {round(b["bar"]["right" if rtl else "left"]) for b in drawn}
            assert len(starts) == 1, (chart["key"], starts)
            start = starts.pop()
            if chart["key"].startswith("chart-headline_"):  # a card's small chart: text big enough to read
                assert all(b["value"]["height"] >= 9 for b in drawn), (chart["key"], drawn)
            for row in chart["rows"]:
                label = row["label"] or {"left": start + (1 if rtl else -1), "right": start + (1 if rtl else -1)}
                if rtl:  # the label sits right of the bars, the value left of its bar's end
                    assert label["left"] >= start - 1, (chart["key"], label, start)
                    for b in row["bars"]:
                        assert b["value"]["right"] <= b["bar"]["left"] + 1, (chart["key"], b)
                else:
                    assert label["right"] <= start + 1, (chart["key"], label, start)
                    for b in row["bars"]:
                        assert b["value"]["left"] >= b["bar"]["right"] - 1, (chart["key"], b)
