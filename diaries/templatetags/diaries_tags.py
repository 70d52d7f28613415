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

