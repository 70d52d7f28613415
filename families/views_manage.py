"""Manager pages: staff, rooms and invitations of the manager's own setting."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, services
from .forms import MembershipForm, RoomForm, StaffInviteForm
from .models import Invitation, Membership, Room
from .view_helpers import form_page
from .views import apply_service


def staff_list(request):
    manager = access.manager_membership_or_404(request.user)
    form = StaffInviteForm(request.POST or None, setting=manager.setting)
    if request.method == "POST" and apply_service(
        form, lambda: services.invitation_send_to_staff(setting=manager.setting, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("families:manage_staff")
    staff = (
        Membership.objects.filter(setting=manager.setting)
        .select_related("user")
        .prefetch_related("rooms")
        .annotate(key_children=Count("key_child_assignments", filter=Q(key_child_assignments__ends_on__isnull=True)))
        .order_by("-is_active", "user__full_name")
    )
    return render(request, "families/manage_staff.html", {"staff": staff, "form": form})


def staff_edit(request, membership_id):
    member = access.staff_member_or_404(request.user, membership_id)
    form = MembershipForm(request.POST or None, instance=member, setting=member.setting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rooms = data.pop("rooms")
        services.membership_update(membership=member, by=request.user, rooms=rooms, **data)
        messages.success(request, _("Saved."))
        return redirect("families:manage_staff")
    return form_page(request, form, str(member.user))


def room_list(request):
    manager = access.manager_membership_or_404(request.user)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and apply_service(
        form, lambda: services.room_save(setting=manager.setting, **form.cleaned_data)
    ):
        messages.success(request, _("Room added."))
        return redirect("families:manage_rooms")
    rooms = Room.objects.filter(setting=manager.setting).annotate(
        children_count=Count("children", filter=Q(children__leave_date__isnull=True)),
        staff_count=Count("staff", distinct=True),
    )
    return render(request, "families/manage_rooms.html", {"rooms": rooms, "form": form})


def room_edit(request, room_id):
    access.manager_membership_or_404(request.user)
    room = access.room_or_404(request.user, room_id)
    form = RoomForm(request.POST or None, instance=room)
    if request.method == "POST" and apply_service(
        form, lambda: services.room_save(setting=room.setting, room=room, **form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("families:manage_rooms")
    return form_page(request, form, room.name)


def invitation_list(request):
    manager = access.manager_membership_or_404(request.user)
    invitations = Invitation.objects.filter(setting=manager.setting).select_related("invited_by", "carer")[:200]
    return render(request, "families/manage_invitations.html", {"invitations": invitations})


@require_POST
def invitation_revoke(request, invitation_id):
    invitation = access.invitation_for_manager_or_404(request.user, invitation_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("families:manage_invitations")
