from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("partnerships/_pinned_requests.html", takes_context=True)
def pinned_requests(context):
    """Requests still waiting for this family carer's answer, pinned at the top of the family home."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"pinned": selectors.pending_requests_for(user) if user and user.is_authenticated else []}
