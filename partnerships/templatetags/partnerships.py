from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("partnerships/_pinned_requests.html", takes_context=True)
def pinned_requests(context):
    """Requests still waiting for this family carer's answer, pinned at the top of the family home."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"pinned": selectors.pending_requests_for(user) if user and user.is_authenticated else []}


@register.inclusion_tag("partnerships/_staff_numbers.html", takes_context=True)
def partnership_numbers(context):
    """Cards for the staff home: open concerns (both ways) and this person's commitments."""
    request = context.get("request")
    return {"n": selectors.staff_numbers_for(request.user) if request else {}}
