from django import template

from reports.numbers import figure_text

register = template.Library()


@register.filter
def figure(value):
    """{{ f.current|figure }}: a report's number in the reader's language (reports/numbers.py)."""
    return figure_text(value)
