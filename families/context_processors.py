from . import access


def viewer(request):
    """What the base layout needs to draw the right navigation for this person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = access.staff_membership(user)
    return {
        "viewer_membership": membership,
        "viewer_is_manager": membership is not None and membership.is_manager,
        "viewer_is_family": access.is_family_carer(user),
        "viewer_settings": access.staff_settings_of(user) if membership is not None else [],
    }
