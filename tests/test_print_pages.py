"""Issue 18 point 6: the print pages (transition report, term report) have a Print button and a way back."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.partnerships import factories as pf

pytestmark = pytest.mark.django_db

PRINT_BUTTON = re.compile(r'<button[^>]*\bdata-print\b[^>]*>\s*Print\s*</button>')


def _no_print_block(html):
    """The part of the page that stays on screen and is left off paper."""
    found = re.search(r'<p class="no-print">(.*?)</p>', html, re.S)
    assert found, "the page has no on-screen controls"
    return found.group(1)


@pytest.mark.parametrize("who", ["key_person", "mother"])
def test_the_transition_print_page_has_a_print_button_and_a_link_back(personas, login, who):
    t = pf.transition(personas)
    detail = reverse("partnerships:transition_detail", args=[t.pk])
    response = login(getattr(personas, who)).get(detail + "?print=1")
    html = response.content.decode()
    assert response.status_code == 200 and "Meadow Primary" in html
    controls = _no_print_block(html)
    assert PRINT_BUTTON.search(controls)
    assert f'href="{detail}"' in controls and "Back to the report" in controls
    # The button works without inline script (the CSP refuses it): triangle.js handles [data-print].
    assert re.search(r'<script src="/static/js/triangle[^"]*\.js" defer>', html)
    assert "onclick" not in html
    # On paper the controls are hidden.
    css = (settings.BASE_DIR / "static" / "css" / "transition_print.css").read_text()
    assert re.search(r"@media print\{[^}]*\.no-print\{display:none\}", css)


def test_the_transition_print_page_reads_right_to_left_in_arabic(personas, login):
    t = pf.transition(personas)
    client = login(personas.key_person)
    with translation.override("ar"):
        html = client.get(reverse("partnerships:transition_detail", args=[t.pk]) + "?print=1",
                          HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html.split("<head>")[0]


def test_the_term_report_print_page_has_a_print_button_and_a_link_back(personas, login):
    query = "period=custom&start=2026-01-01&end=2026-03-31"
    html = login(personas.manager).get(reverse("reports:print") + "?" + query).content.decode()
    controls = _no_print_block(html)
    assert PRINT_BUTTON.search(controls)
    back = re.search(r'<a href="([^"]+)">Back to the dashboard</a>', controls)
    assert back and back.group(1).startswith(reverse("reports:dashboard") + "?")
    assert "start=2026-01-01" in back.group(1).replace("&amp;", "&")  # back to the same period
    assert re.search(r'<script src="/static/js/triangle[^"]*\.js" defer>', html)
