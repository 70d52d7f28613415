"""Pages for staff, families and managers. Thin: access.py decides, services write, selectors read."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import access, selectors, services, todo
from .forms import (
    CarerForm,
    ChildForm,
    CollectorForm,
    InviteCarerForm,
    KeyPersonForm,
    LinkExistingCarerForm,
)
from .models import CarerLink, Child
from .offline_copy import keep_offline_copy
from .uploads import private_file_response, reencode_image
from .view_helpers import apply_service, form_page


@keep_offline_copy
def home(request):
    """One address for everyone: staff get the staff home, families their children."""
    if access.staff_membership(request.user) is not None:
        return staff_home(request)
    # The family home's children are the viewer's links: none, and this is not a family carer.
    children = selectors.family_home_for(viewer=request.user)
    if children:
        return family_home(request, children)
    return render(request, "families/no_access.html", status=200)


def staff_home(request):
    data = selectors.staff_home_for(viewer=request.user)
    return render(request, "families/staff_home.html", {"home": data})


def family_home(request, children):
    return render(request, "families/family_home.html",
                  {"children": children,
                   "todo": todo.todo_for(viewer=request.user, links=[c.link for c in children])})


def room_detail(request, room_id):
    room = access.room_or_404(request.user, room_id)
    children = selectors.room_children_for(viewer=request.user, room=room)
    return render(request, "families/room_detail.html", {"room": room, "children": children})


def child_detail(request, child_id):
    profile = selectors.child_profile_for(viewer=request.user, child_id=child_id)
    return render(request, "families/child_detail.html", {"profile": profile, "child": profile.child})


def _photo_fields(form):
    photo = form.cleaned_data.get("photo")
    if photo:
        return {"photo": reencode_image(photo)}
    if photo is False:  # "clear" ticked
        return {"photo": ""}
    return {}


def child_create(request):
    manager = access.manager_membership_or_404(request.user)
    form = ChildForm(request.POST or None, request.FILES or None, setting=manager.setting)
    if request.method == "POST":
        fields = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if k != "photo"}
        child = apply_service(
            form,
            lambda: services.child_save(setting=manager.setting, by=request.user, **fields, **_photo_fields(form)),
        )
        if child:
            messages.success(request, _("%(name)s has been added.") % {"name": child.display_name})
            return redirect("families:child_detail", child.pk)
    return form_page(request, form, _("Add a child"))


def child_edit(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.MANAGER)
    child = child_access.child
    form = ChildForm(request.POST or None, request.FILES or None, instance=child, setting=child.setting)
    if request.method == "POST":
        fields = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if k != "photo"}
        if apply_service(
            form,
            lambda: services.child_save(
                setting=child.setting, child=Child.objects.get(pk=child.pk), by=request.user, **fields,
                **_photo_fields(form),
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("families:child_detail", child.pk)
    return form_page(request, form, _("Edit %(name)s") % {"name": child}, child, child_page="families:child_detail")


def child_photo(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id)
    return private_file_response(child_access.child.photo)


def _household_for(form, setting):
    data = form.cleaned_data
    if data.get("new_household_address"):
        return services.household_save(
            setting=setting,
            label=_("%(name)s's home") % {"name": data["full_name"]},
            address=data["new_household_address"],
            postcode=data["new_household_postcode"],
        )
    return data.get("household")


def carer_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    form = CarerForm(request.POST or None, setting=child.setting, with_rights=child_access.is_manager)

    def write():
        carer_fields = form.carer_fields()
        carer_fields["household"] = _household_for(form, child.setting)
        return services.carer_link_create(
            child=child, by=request.user, carer_fields=carer_fields, rights=form.rights(), **form.link_fields()
        )

    if request.method == "POST" and apply_service(form, lambda: _atomic(write)):
        messages.success(request, _("%(name)s has been linked to %(child)s.") % {
            "name": form.cleaned_data["full_name"], "child": child.first_name})
        if not child_access.is_manager:
            messages.info(request, _("A manager decides what they may see and do in Triangle."))
        return redirect("families:child_detail", child.pk)
    return form_page(request, form, _("Add a family carer"), child, child_page="families:child_detail")


def carer_link_existing(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.MANAGER)
    child = child_access.child
    form = LinkExistingCarerForm(request.POST or None, setting=child.setting)
    if request.method == "POST" and apply_service(
        form,
        lambda: services.carer_link_create(
            child=child, by=request.user, carer=form.cleaned_data["carer"], rights=form.rights(),
            **form.link_fields(),
        ),
    ):
        messages.success(request, _("Linked."))
        return redirect("families:child_detail", child.pk)
    return form_page(request, form, _("Link a known carer"), child, child_page="families:child_detail")


def _atomic(write):
    # Details and rights are two services; a refused change of rights must not leave half the form saved.
    with transaction.atomic():
        return write()


def carer_link_edit(request, link_id):
    link, child_access = access.carer_link_or_404(request.user, link_id)
    child = child_access.child
    form = CarerForm(request.POST or None, instance=link, setting=child.setting, carer=link.carer,
                     with_rights=child_access.is_manager)

    def write():
        carer_fields = form.carer_fields()
        carer_fields["household"] = _household_for(form, child.setting)
        services.carer_link_update(link=link, by=request.user, carer_fields=carer_fields, **form.link_fields())
        if form.rights() is not None:
            services.carer_link_rights_change(link=link, by=request.user, **form.rights(), **form.lift())
        return True

    if request.method == "POST" and apply_service(form, lambda: _atomic(write)):
        messages.success(request, _("Saved."))
        return redirect("families:child_detail", child.pk)
    return render(
        request,
        "families/carer_link_form.html",
        {"form": form, "title": _("%(name)s and %(child)s") % {"name": link.carer, "child": child.first_name},
         "child": child, "link": CarerLink.objects.get(pk=link.pk), "can_change_rights": child_access.is_manager,
         "rights_history": selectors.carer_link_rights_history(link=link)},
    )


@require_GET
def carer_link_rights(request, link_id):
    """What a carer may see and do, and every change of it: for the child's staff and the setting's DSLs."""
    link = access.rights_history_or_404(request.user, link_id)
    child = link.child
    return render(request, "families/carer_link_rights.html", {
        "title": _("Rights of %(name)s for %(child)s") % {"name": link.carer, "child": child.first_name},
        "link": link, "child": child, "can_open_child": access.child_access(request.user, child) is not None,
        "rights_history": selectors.carer_link_rights_history(link=link)})


def carer_invite(request, link_id):
    link, child_access = access.carer_link_or_404(request.user, link_id)
    form = InviteCarerForm(request.POST or None, initial={"email": link.carer.email})
    if request.method == "POST" and apply_service(
        form, lambda: services.invitation_send_to_carer(link=link, by=request.user, email=form.cleaned_data["email"])
    ):
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("families:child_detail", child_access.child.pk)
    return form_page(
        request, form, _("Invite %(name)s") % {"name": link.carer}, child_access.child, child_page="families:child_detail"
    )


def key_person_assign(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.MANAGER)
    child = child_access.child
    form = KeyPersonForm(request.POST or None, setting=child.setting, initial={"starts_on": child.setting.today()})
    if request.method == "POST" and apply_service(
        form, lambda: services.key_person_assign(child=child, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Key person assigned."))
        return redirect("families:child_detail", child.pk)
    return form_page(request, form, _("Assign the key person"), child, child_page="families:child_detail")


def collector_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    form = CollectorForm(request.POST or None, request.FILES or None)

    def write():
        data = dict(form.cleaned_data)
        photo = data.pop("photo")
        return services.collector_add(
            child=child, by=request.user, photo=reencode_image(photo) if photo else None, **data
        )

    if request.method == "POST" and apply_service(form, write):
        messages.success(request, _("Collector added."))
        return redirect("families:child_detail", child.pk)
    return form_page(request, form, _("Add an authorised collector"), child, child_page="families:child_detail")


def collector_edit(request, collector_id):
    collector, child_access = access.collector_or_404(request.user, collector_id)
    form = CollectorForm(
        request.POST or None,
        request.FILES or None,
        editing=True,
        initial={"full_name": collector.full_name, "relationship": collector.relationship},
    )

    def write():
        data = dict(form.cleaned_data)
        photo = data.pop("photo")
        if photo:
            data["photo"] = reencode_image(photo)
        return services.collector_update(collector=collector, by=request.user, **data)

    if request.method == "POST" and apply_service(form, write):
        messages.success(request, _("Saved."))
        return redirect("families:child_detail", child_access.child.pk)
    return form_page(
        request, form, _("Edit collector %(name)s") % {"name": collector.full_name}, child_access.child,
        child_page="families:child_detail",
    )


@require_POST
def collector_remove(request, collector_id):
    collector, child_access = access.collector_or_404(request.user, collector_id)
    services.collector_update(collector=collector, by=request.user, is_active=False)
    messages.success(request, _("%(name)s may no longer collect.") % {"name": collector.full_name})
    return redirect("families:child_detail", child_access.child.pk)


def collector_photo(request, collector_id):
    collector, _access = access.collector_or_404(request.user, collector_id)
    return private_file_response(collector.photo)


def staff_photo(request, membership_id):
    member = access.staff_photo_visible(request.user, membership_id)
    return private_file_response(member.user.photo)
