from datetime import date

import pytest

from reports import periods
from reports.forms import ReportFilterForm


@pytest.mark.parametrize("day, start, end, name", [
    (date(2026, 11, 23), date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026"),
    (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31), "Spring term 2026"),
    (date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31), "Spring term 2026"),
    (date(2026, 4, 1), date(2026, 4, 1), date(2026, 8, 31), "Summer term 2026"),
    (date(2026, 8, 31), date(2026, 4, 1), date(2026, 8, 31), "Summer term 2026"),
])
def test_every_day_falls_in_one_uk_term(day, start, end, name):
    term = periods.term_containing(day)
    assert (term.start, term.end, term.label) == (start, end, name)


def test_last_term_of_spring_is_the_previous_autumn():
    last = periods.term_before(periods.term_containing(date(2026, 2, 10)))
    assert (last.start, last.end) == (date(2025, 9, 1), date(2025, 12, 31))


def test_this_week_runs_monday_to_sunday():
    week = periods.week_containing(date(2026, 11, 26))  # a Thursday
    assert (week.start, week.end) == (date(2026, 11, 23), date(2026, 11, 29))


def test_comparison_of_a_custom_period_is_the_same_length_before():
    p = periods.custom(date(2026, 3, 1), date(2026, 3, 10))
    before = periods.comparison_for(p)
    assert (before.start, before.end) == (date(2026, 2, 19), date(2026, 2, 28))


def _form(personas, **data):
    membership = personas.manager.memberships.get()
    return ReportFilterForm(data, membership=membership, rooms=membership.setting.rooms.all())


def test_a_period_that_ends_before_it_starts_is_refused(personas):
    form = _form(personas, period="custom", start="2026-05-01", end="2026-04-01")
    assert not form.is_valid()
    assert "ends before it starts" in form.errors["end"][0]


def test_a_period_longer_than_two_years_is_refused(personas):
    form = _form(personas, period="custom", start="2023-01-01", end="2026-01-02")
    assert not form.is_valid()
    assert "at most 2 years" in form.errors["end"][0]


def test_custom_period_needs_both_dates(personas):
    form = _form(personas, period="custom", start="2026-01-01")
    assert not form.is_valid() and "end" in form.errors


def test_exactly_two_years_is_accepted(personas):
    assert _form(personas, period="custom", start="2024-01-01", end="2025-12-31").is_valid()


def test_a_room_of_another_setting_is_not_a_choice(personas):
    other_room = personas.other_setting.rooms.create(name="Elsewhere room")
    form = _form(personas, room=str(other_room.pk))
    assert not form.is_valid()
    assert "not one of the rooms you can report on" in form.errors["room"][0]
