from . import access


def viewer(request):
    """What the base layout needs to draw the right navigation for this person.

    Worked out once a request: a page that renders a fragment with the request (the report overview's body)
    runs the context processors again, and should not pay these queries twice.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(request, "_viewer_context", None)
    if cached is not None:
        return cached
    membership = access.staff_membership(user)
    request._viewer_context = {
        "viewer_membership": membership,
        "viewer_is_manager": membership is not None and membership.is_manager,
        "viewer_is_family": access.is_family_carer(user),
        "viewer_settings": access.staff_settings_of(user) if membership is not None else [],
    }
    return request._viewer_context
