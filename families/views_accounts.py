"""Accepting an invitation: the only way an account is created (there is no open sign-up)."""

from allauth.account.utils import perform_login
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import AcceptInvitationForm
from .models import Invitation
from .services import invitation_accept
from .views import apply_service


@login_not_required
def accept_invitation(request, token):
    invitation = Invitation.objects.select_related("setting").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return render(request, "families/invitation_invalid.html", status=410 if invitation else 404)
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
