"""Accepting an invitation: the only way an account is created (there is no open sign-up)."""

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access
from .forms import AcceptInvitationForm, MyProfileForm
from .languages import supported
from .middleware import CurrentSettingMiddleware
from .models import Invitation
from .services import invitation_accept, my_profile_update
from .uploads import private_file_response, reencode_image
from .view_helpers import form_page
from .views import apply_service


def _speak_invitees_language(request, invitation):
    """The page speaks the invited carer's language (as their email did), unless they picked one on screen."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    carer = invitation.carer if invitation.kind == Invitation.Kind.CARER else None
    language = supported(carer.preferred_language if carer else invitation.setting.language)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


@login_not_required
def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("setting").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return render(request, "families/invitation_invalid.html", status=410 if invitation else 404)
    _speak_invitees_language(request, invitation)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        needs_password=not has_account,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST":
        user = apply_service(
            form,
            lambda: invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data.get("password1"),
            ),
        )
        if user is not None:
            if has_account:
                # An existing account proves itself by logging in, never by holding the link alone.
                return render(request, "families/invitation_done.html", {"invitation": invitation, "login": True})
            return perform_login(request, user, email_verification="none", redirect_url="/")
    return render(
        request,
        "families/invitation_accept.html",
        {"form": form, "invitation": invitation, "has_account": has_account, "title": _("Welcome to Triangle")},
    )


def my_profile(request):
    """Everyone's own name, language and photo (staff photos are what families see of their key person)."""
    user = request.user
    form = MyProfileForm(
        request.POST or None, request.FILES or None,
        initial={"full_name": user.full_name, "language": user.language or request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        photo = form.cleaned_data["photo"]
        my_profile_update(user=user, full_name=form.cleaned_data["full_name"], language=form.cleaned_data["language"],
                          photo=reencode_image(photo, max_side=512) if photo else None)
        messages.success(request, _("Saved."))
        response = redirect("families:my_profile")
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)  # the account's language now applies
        return response
    return form_page(request, form, _("My profile"))


def my_photo(request):
    return private_file_response(request.user.photo)


@require_POST
def setting_switch(request, setting_id):
    """Someone who works in two settings switches between them; 404 for a setting they do not work in."""
    membership = access.staff_membership(request.user, setting_id)
    if membership is None:
        raise Http404("Not found")
    request.session[CurrentSettingMiddleware.SESSION_KEY] = membership.setting_id
    messages.success(request, _("You are now working in %(setting)s.") % {"setting": membership.setting.name})
    return redirect("families:home")
