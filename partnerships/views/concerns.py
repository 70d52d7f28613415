"""Concerns both ways: staff raise and move them through their stages; families see, answer and raise."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from families import access

from .. import forms, selectors, services
from .common import form_page, handle, post_only_service, url_of


def concern_raise(request, child_id):
    child = selectors.staff_child_or_404(request.user, child_id)
    form = forms.ConcernRaiseForm(request.POST or None, initial={"observed_on": child.setting.today()})
    response = handle(request, form,
                      lambda: services.concern_raise(child=child, by=request.user, **form.cleaned_data),
                      _("Concern prepared. Nothing is shared with the family until you invite them."),
                      url_of("partnerships:concern_detail"))
    if response is not None:
        return response
    return form_page(request, form, _("Raise a concern about %(name)s") % {"name": child.first_name}, child,
                     intro=_("Prepare with dated observations first. The family sees the concern once you invite "
                             "them to talk at an agreed time."))


def concern_list(request):
    access.staff_membership_or_404(request.user)
    concerns, family = selectors.open_concerns_for(request.user)
    return render(request, "partnerships/concern_list.html", {"concerns": concerns, "family": family})


def concern_detail(request, pk):
    data = selectors.concern_page(viewer=request.user, pk=pk)
    return render(request, "partnerships/concern_detail.html", data)


STAFF_STEPS = {
    "observation": (forms.ObservationForm, services.concern_observation_add, gettext_lazy("Add a dated observation")),
    "invite": (forms.InviteForm, services.concern_invite_parent, gettext_lazy("Invite the family to talk")),
    "discuss": (forms.DiscussionForm, services.concern_record_discussion, gettext_lazy("Record the discussion")),
    "action": (forms.ActionForm, services.concern_action_add, gettext_lazy("Add an agreed action")),
    "agree": (forms.AgreeForm, services.concern_agree_actions, gettext_lazy("Actions agreed with the family")),
    "review_date": (forms.ReviewDateForm, services.concern_set_review, gettext_lazy("Set the review date")),
    "review": (forms.ReviewForm, services.concern_review, gettext_lazy("Record the review")),
    "close": (forms.CloseForm, services.concern_close, gettext_lazy("Close or escalate")),
}


def concern_step(request, pk, step):
    concern, child_access = selectors.concern_for(viewer=request.user, pk=pk)
    if not child_access.is_staff or step not in STAFF_STEPS:
        raise Http404("Not found")
    form_class, service, title = STAFF_STEPS[step]
    kwargs = {"initial": {"version": concern.version}}
    if step == "action":
        kwargs = {"owner_choices": services.action_owner_choices(concern)}
    form = form_class(request.POST or None, **kwargs)

    def write():
        data = dict(form.cleaned_data)
        if step == "action":
            data.pop("owner", None)
            data.update(form.owner_kwargs())
        return service(concern=concern, by=request.user, **data)

    return handle(request, form, write, _("Saved."), reverse("partnerships:concern_detail", args=[concern.pk])) or form_page(
        request, form, f"{title}: {concern.title}", concern.child,
        back=("partnerships:concern_detail", concern.pk))


def concern_parent_view(request, pk):
    """Families with concern rights write their view; staff can note it as the parent said it."""
    concern, child_access = selectors.concern_for(viewer=request.user, pk=pk)
    form = forms.ParentViewForm(request.POST or None, initial={"version": concern.version,
                                                                "parent_view": concern.parent_view})
    response = handle(
        request, form,
        lambda: services.concern_record_parent_view(concern=concern, by=request.user, **form.cleaned_data),
        _("Thank you. Your view is part of the record.") if child_access.is_family else _("Saved."),
        reverse("partnerships:concern_detail", args=[concern.pk]),
    )
    return response or form_page(request, form, _("Your view") if child_access.is_family else
                                 _("The parent's view"), None, back=("partnerships:concern_detail", concern.pk),
                                 intro=_("In your own words: what you see at home, what you think, what would help."))


@require_POST
def concern_confirm(request, pk):
    concern, child_access = selectors.concern_for(viewer=request.user, pk=pk)
    if not child_access.is_family:
        raise Http404("Not found")
    return post_only_service(request, lambda: services.concern_confirm_actions(concern=concern, by=request.user),
                             _("Thank you for confirming the actions."),
                             reverse("partnerships:concern_detail", args=[concern.pk]))


@require_POST
def concern_action_done(request, pk):
    action, _access = selectors.action_for(viewer=request.user, pk=pk)
    return post_only_service(request, lambda: services.concern_action_done(action=action, by=request.user),
                             _("Marked as done."), reverse("partnerships:concern_detail", args=[action.concern_id]))


# --- raised by families --------------------------------------------------------------------------


def family_concern_raise(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.CONCERNS)
    if not child_access.is_family:
        raise Http404("Not found")
    child = child_access.child
    form = forms.FamilyConcernForm(request.POST or None)
    response = handle(request, form,
                      lambda: services.family_concern_raise(child=child, by=request.user, **form.cleaned_data),
                      _("Thank you. We have received it and will be in touch."),
                      url_of("partnerships:family_concern_detail"))
    if response is not None:
        return response
    return form_page(request, form, _("Raise a concern about %(name)s") % {"name": child.first_name}, None,
                     intro=_("Tell us what is worrying you. The key person and the manager will see it, and you can "
                             "follow where it stands here at any time."))


def family_concern_detail(request, pk):
    fc, child_access = selectors.family_concern_for(viewer=request.user, pk=pk)
    return render(request, "partnerships/family_concern_detail.html", {
        "fc": fc, "access": child_access, "child": fc.child,
        "stages": [(value, label, fc.reached(value)) for value, label in fc.Stage.choices],
        "history": list(fc.history.select_related("history_user")[:50]) if child_access.is_staff else [],
    })


FAMILY_CONCERN_STEPS = {
    "acknowledge": (forms.AcknowledgeForm, services.family_concern_acknowledge, gettext_lazy("Acknowledge")),
    "summarise": (forms.SummariseForm, services.family_concern_summarise, gettext_lazy("Summarise back to the family")),
    "respond": (forms.RespondForm, services.family_concern_respond, gettext_lazy("Respond")),
    "follow_up": (forms.FollowUpForm, services.family_concern_follow_up, gettext_lazy("Follow up")),
}


def family_concern_step(request, pk, step):
    fc, child_access = selectors.family_concern_for(viewer=request.user, pk=pk)
    if not child_access.is_staff or step not in FAMILY_CONCERN_STEPS:
        raise Http404("Not found")
    form_class, service, title = FAMILY_CONCERN_STEPS[step]
    form = form_class(request.POST or None, initial={"version": fc.version})
    response = handle(request, form, lambda: service(concern=fc, by=request.user, **form.cleaned_data),
                      _("Saved."), reverse("partnerships:family_concern_detail", args=[fc.pk]))
    return response or form_page(request, form, f"{title}: {fc.subject}", fc.child,
                                 back=("partnerships:family_concern_detail", fc.pk))


def family_concern_confirm(request, pk):
    fc, child_access = selectors.family_concern_for(viewer=request.user, pk=pk)
    if not child_access.is_family:
        raise Http404("Not found")
    form = forms.ConfirmSummaryForm(request.POST or None)
    response = handle(request, form,
                      lambda: services.family_concern_confirm(concern=fc, by=request.user, **form.cleaned_data),
                      _("Thank you."), reverse("partnerships:family_concern_detail", args=[fc.pk]))
    return response or form_page(request, form, _("Did we understand you?"), None,
                                 intro=fc.staff_summary, back=("partnerships:family_concern_detail", fc.pk))
