"""The reproducible 500s of issue 9, each as a request that must now get a clear answer (never a 500)."""

import pytest
from django.urls import reverse

from diaries.models import DiaryEntry

pytestmark = pytest.mark.django_db

FAR_PERIOD = "?period=custom&start=0001-01-01&end=0001-12-31"


def _get(client, url):
    response = client.get(url)
    assert response.status_code != 500, url
    return response


def test_a_childs_day_at_the_beginning_of_time_is_not_found(personas, login):
    client = login(personas.key_person)
    for day in ("0001-01-01", "9999-12-31", "²⁰²⁶-01-01", "2026-13-01", "\x00"):
        url = reverse("diaries:child_day", args=[personas.alfie.pk]) + "?" + f"day={day}"
        assert _get(client, url).status_code == 404


@pytest.mark.parametrize("name,kwargs", [
    ("reports:dashboard", {}),
    ("reports:print", {}),
    ("reports:drilldown", {"section": "overview", "metric": "on_roll"}),
    ("reports:export", {"section": "trend", "table": "trend"}),
    ("reports:table", {"section": "overview", "table": "rooms"}),
])
def test_a_report_period_from_year_one_says_which_date_is_wrong(personas, login, name, kwargs):
    client = login(personas.manager)
    response = _get(client, reverse(name, kwargs=kwargs) + FAR_PERIOD)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        assert "Choose a date between" in response.content.decode()


def test_every_drilldown_takes_a_unicode_digit_as_no_such_value(personas, login):
    from reports.sections import SECTIONS

    client = login(personas.manager)
    for section in SECTIONS:
        key = section.key
        for metric in getattr(section, "drilldowns", {}) or {}:
            for value in ("²", "²|²", "\x00"):
                _get(client, reverse("reports:drilldown", args=[key, metric]) + "?value=" + value)


def test_quick_entry_for_a_unicode_digit_child_saves_nothing(personas, login):
    client = login(personas.key_person)
    response = client.post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]),
                           {"kind": "meal", "time": "12:00", "child": ["²", "-1", "99999999999999999999999"]})
    assert response.status_code == 200
    assert not DiaryEntry.objects.exists()
