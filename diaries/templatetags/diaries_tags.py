"""Template tags the shared hook partials use to show diary figures without touching other apps' views."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def diary_today_numbers(context):
    request = context.get("request")
    if request is None:
        return None
    return selectors.staff_today_numbers(viewer=request.user)


@register.simple_tag(takes_context=True)
def diary_family_pending(context):
    """Accidents waiting for this family carer's acknowledgement, as a flat list."""
    request = context.get("request")
    if request is None:
        return []
    pending = selectors.family_pending_for(viewer=request.user)
    return [accident for accidents in pending.values() for accident in accidents]
