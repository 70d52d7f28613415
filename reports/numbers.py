"""A report's number as its reader writes numbers: digit grouping and decimal mark of the active language
(1,500.5 in English, 1 500,5 in Polish), one decimal at most. Charts, tables, figures and the overview use it."""

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
