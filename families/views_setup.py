"""First run: the anonymous set-up page (only while no setting exists), then the new manager's rooms, staff
and checklist pages. Writes go through families.first_run and families.services."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access, checklist, first_run, services
from .forms import RoomForm, StaffInviteForm
from .forms_setup import FirstSettingForm
from .models import Invitation, Room
from .views import apply_service


@login_not_required
def setup_start(request):
    if not first_run.setup_is_open():
        raise Http404("Not found")
    form = FirstSettingForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.consume(request, action="first_run_setup"):
            return HttpResponse(_("Too many attempts. Wait a few minutes and try again."), status=429)
        data = form.cleaned_data if form.is_valid() else {}
        result = apply_service(form, lambda: first_run.first_setting_create(
            setup_code=data["setup_code"], name=data["name"], kind=data["kind"],
            timezone_name=data["timezone_name"], jurisdiction=data["jurisdiction"], opens_at=data["opens_at"],
            closes_at=data["closes_at"], manager_name=data["manager_name"], manager_email=data["manager_email"],
            password=data["password1"],
        ))
        if result:
            _setting, user = result
            messages.success(request, _("Your setting is ready. Set up your authenticator app: managers sign in "
                                        "with a code from it."))
            response = perform_login(request, user, email_verification="none", redirect_url=reverse("families:setup_rooms"))
            # The password was typed on this very form: allauth counts it as a fresh (re)authentication, so setting up
            # TOTP next does not ask for it again.
            record_authentication(request, user, method="password", email=user.email, reauthenticated=True)
            return response
    return render(request, "families/setup_start.html", {"form": form})


def setup_rooms(request):
    manager = access.manager_membership_or_404(request.user)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and apply_service(
        form, lambda: services.room_save(setting=manager.setting, **form.cleaned_data)
    ):
        messages.success(request, _("Room added."))
        return redirect("families:setup_rooms")
    rooms = Room.objects.filter(setting=manager.setting)
    return render(request, "families/setup_rooms.html", {"form": form, "rooms": rooms, "step": 2})


def setup_staff(request):
    manager = access.manager_membership_or_404(request.user)
    form = StaffInviteForm(request.POST or None, setting=manager.setting)
    if request.method == "POST" and apply_service(
        form, lambda: services.invitation_send_to_staff(setting=manager.setting, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("families:setup_staff")
    invitations = Invitation.objects.filter(setting=manager.setting, kind=Invitation.Kind.STAFF)[:100]
    return render(request, "families/setup_staff.html", {"form": form, "invitations": invitations, "step": 3})


def setup_checklist(request):
    manager = access.manager_membership_or_404(request.user)
    return render(request, "families/setup_checklist.html",
                  {"items": checklist.checklist_for(setting=manager.setting), "setting": manager.setting})
