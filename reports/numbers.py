"""A report's numbers and days as its reader writes them: digit grouping and decimal mark of the active language
(1,500.5 in English, 1 500,5 in Polish), one decimal at most; a day with the month's name in the reader's language
(3 Dec 2026, 3 Gru 2026). Charts, tables, figures, the period names and the overview use them."""

from django.utils.dateformat import format as date_format
from django.utils.formats import number_format


def figure_text(value):
    """`value` in the reader's language if it is a number; anything else (text, a date, None) as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float):
        value = round(value, 1)
        if not value.is_integer():
            return number_format(value, decimal_pos=1, force_grouping=True)
        value = int(value)
    return number_format(value, force_grouping=True)


def day_text(day, this_year=None) -> str:
    """`day` as "3 Dec 2026" in the reader's language; without the year when it is `this_year`."""
    return date_format(day, "j M" if this_year is not None and day.year == this_year else "j M Y")
