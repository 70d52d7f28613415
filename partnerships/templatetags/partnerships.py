from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("partnerships/_staff_numbers.html", takes_context=True)
def partnership_numbers(context):
    """Cards for the staff home: open concerns (both ways) and this person's commitments."""
    request = context.get("request")
    return {"n": selectors.staff_numbers_for(request.user) if request else {}}
