"""Large numbers in the report are written as the reader writes them (issue 13 point 4): the overview's figures,
the trend table, a section's figures and table cells, and the chart values all go through reports/numbers.py; so
do its days (period names, "answer was due ...", "last two-way contact ..."), with the month in the reader's
language (they were English month names in every language) and the year whenever it is not this year's."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from reports.numbers import day_text, figure_text
from reports.sections.base import Cell, Table


@pytest.mark.parametrize("language, whole, decimal", [
    ("en-gb", "1,234", "12,345.7"),
    ("pl", "1\xa0234", "12\xa0345,7"),
    ("pt", "1.234", "12.345,7"),
])
def test_a_figure_is_grouped_and_marked_as_the_reader_writes_numbers(language, whole, decimal):
    with translation.override(language):
        assert figure_text(1234) == whole
        assert figure_text(12345.67) == decimal
        assert figure_text(99.0) == "99"  # a whole float reads as a whole number
        assert figure_text("85%") == "85%" and figure_text(None) is None and figure_text(True) is True
        rendered = Template("{% load report_numbers %}{{ n|figure }}|{{ missing|figure|default_if_none:'–' }}").render(
            Context({"n": 1234, "missing": None}))
        assert rendered == f"{whole}|–"


def test_table_cells_use_the_same_rule():
    table = Table("t", "Families", ["Room", "Diary entries"], [["Toddlers", Cell(20512)], ["Babies", 1500.0]])
    with translation.override("en-gb"):
        assert "<td class=\"text-end\">20,512</td>" in str(table.body_html())
    with translation.override("pl"):
        html = str(table.body_html())
        assert "20\xa0512" in html and "1\xa0500" in html


@pytest.mark.parametrize("language, this_year, last_year", [
    ("en-gb", "10 Dec", "10 Dec 2025"),
    ("pl", "10 Gru", "10 Gru 2025"),
])
def test_a_day_names_its_month_in_the_readers_language_and_its_year_when_not_this_year(
        language, this_year, last_year):
    with translation.override(language):
        assert day_text(date(2026, 12, 10), 2026) == this_year
        assert day_text(date(2025, 12, 10), 2026) == last_year
        assert day_text(date(2025, 12, 10)) == last_year


def test_a_period_is_named_with_the_readers_month_names():
    from reports.periods import week_containing

    with translation.override("pl"):
        assert "Gru" in str(week_containing(date(2026, 12, 10)).label) and "Dec" not in str(week_containing(date(2026, 12, 10)).label)
