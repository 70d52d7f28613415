"""Settling in, the progress check at two, and the transition summary."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families import access

from .. import forms, selectors, services
from ..models import SettlingPlan, SettlingSession
from ..services.growth import PROGRESS_FIELDS, TRANSITION_FIELDS
from .common import form_page, handle, post_only_service, url_of


def settling_plan(request, child_id):
    child_access, plan = selectors.settling_for(viewer=request.user, child_id=child_id)
    child = child_access.child
    if plan is None:
        if not child_access.is_staff:
            raise Http404("Not found")
        form = forms.SettlingPlanForm(request.POST or None)
        response = handle(request, form, lambda: services.settling_plan_start(child=child, by=request.user,
                                                                               **form.cleaned_data),
                          _("Settling-in plan started."), reverse("partnerships:settling_plan", args=[child.pk]))
        return response or form_page(request, form, _("Settling-in plan for %(name)s") % {"name": child.first_name},
                                     child)
    return render(request, "partnerships/settling_plan.html", {
        "plan": plan, "child": child, "access": child_access, "sessions": list(plan.sessions.all()),
        "session_form": forms.SettlingSessionForm(), "settled_form": forms.SettledForm(
            initial={"settled_on": child.setting.today()}),
    })


def _plan_for_staff(request, pk):
    plan = SettlingPlan.objects.filter(pk=pk).select_related("child").first()
    if plan is None:
        raise Http404("Not found")
    access.child_access_or_404(request.user, plan.child_id, need=access.STAFF)
    return plan


def settling_session_add(request, pk):
    plan = _plan_for_staff(request, pk)
    form = forms.SettlingSessionForm(request.POST or None)
    response = handle(request, form, lambda: services.settling_session_add(plan=plan, by=request.user,
                                                                            **form.cleaned_data),
                      _("Session added."), reverse("partnerships:settling_plan", args=[plan.child_id]))
    return response or form_page(request, form, _("Add a settling-in session"), plan.child)


def settling_session_review(request, pk):
    session, child_access = _session_or_404(request.user, pk)
    current = session.staff_note if child_access.is_staff else session.parent_note
    form = forms.NoteForm(request.POST or None, initial={"note": current})
    response = handle(request, form, lambda: services.settling_session_review(session=session, by=request.user,
                                                                               **form.cleaned_data),
                      _("Thank you."), reverse("partnerships:settling_plan", args=[session.plan.child_id]))
    return response or form_page(
        request, form, _("How did the session on %(date)s go?") % {"date": session.date},
        back=("partnerships:settling_plan", session.plan.child_id))


def _session_or_404(user, pk):
    session = SettlingSession.objects.filter(pk=pk).select_related("plan__child").first()
    if session is None:
        raise Http404("Not found")
    return session, access.child_access_or_404(user, session.plan.child_id, need=access.CONTRIBUTE)


def settling_complete(request, pk):
    plan = _plan_for_staff(request, pk)
    form = forms.SettledForm(request.POST or None, initial={"settled_on": plan.child.setting.today()})
    response = handle(request, form, lambda: services.settling_complete(plan=plan, by=request.user,
                                                                         **form.cleaned_data),
                      _("Settled!"), reverse("partnerships:settling_plan", args=[plan.child_id]))
    return response or form_page(request, form, _("Settled: final review"), plan.child)


def progress_check_add(request, child_id):
    child = selectors.staff_child_or_404(request.user, child_id)
    existing = selectors.latest_progress_check(child=child)
    if existing is not None and request.method != "POST":
        return redirect("partnerships:progress_check_detail", existing.pk)  # one check at two: open it, not a blank one
    form = forms.ProgressCheckForm(request.POST or None, initial={"checked_on": child.setting.today()})
    response = handle(request, form,
                      lambda: services.progress_check_save(child=child, by=request.user, **form.cleaned_data),
                      None, url_of("partnerships:progress_check_detail"), flash=False)
    if response is not None:
        return response
    return form_page(request, form, _("Progress check at two: %(name)s") % {"name": child.first_name}, child,
                     intro=_("For children aged 24 to 36 months. Then share it with the parents and ask for their "
                             "contribution."))


def progress_check_detail(request, pk):
    check, child_access = selectors.progress_check_for(viewer=request.user, pk=pk)
    return render(request, "partnerships/progress_check.html",
                  {"check": check, "child": check.child, "access": child_access})


def progress_check_edit(request, pk):
    check, child_access = selectors.progress_check_for(viewer=request.user, pk=pk)
    if not child_access.is_staff:
        raise Http404("Not found")
    initial = {name: getattr(check, name) for name in PROGRESS_FIELDS + ["checked_on"]}
    form = forms.ProgressCheckForm(request.POST or None, initial=initial)
    response = handle(request, form, lambda: services.progress_check_save(child=check.child, by=request.user,
                                                                           check=check, **form.cleaned_data),
                      _("Saved."), reverse("partnerships:progress_check_detail", args=[pk]))
    return response or form_page(request, form, _("Progress check at two"), check.child)


@require_POST
def progress_check_share(request, pk):
    check, child_access = selectors.progress_check_for(viewer=request.user, pk=pk)
    if not child_access.is_staff:
        raise Http404("Not found")
    return post_only_service(request, lambda: services.progress_check_share(check=check, by=request.user),
                             _("Shared with the parents."), reverse("partnerships:progress_check_detail", args=[pk]))


def progress_check_contribute(request, pk):
    check, child_access = selectors.progress_check_for(viewer=request.user, pk=pk)
    if not child_access.is_family:
        raise Http404("Not found")
    form = forms.ContributionForm(request.POST or None, initial={"parent_contribution": check.parent_contribution})
    response = handle(request, form, lambda: services.progress_check_parent_contribution(
        check=check, by=request.user, **form.cleaned_data), _("Thank you."),
        reverse("partnerships:progress_check_detail", args=[pk]))
    return response or form_page(request, form, _("Your contribution"), back=("partnerships:progress_check_detail", pk))


def transition_edit(request, child_id):
    child = selectors.staff_child_or_404(request.user, child_id)
    from ..models import Transition

    transition = Transition.objects.filter(child=child).first()
    initial = {name: getattr(transition, name) for name in TRANSITION_FIELDS} if transition else {}
    form = forms.TransitionForm(request.POST or None, initial=initial)
    response = handle(request, form, lambda: services.transition_save(
        child=child, by=request.user, transition=transition, **form.cleaned_data),
        None, url_of("partnerships:transition_detail"), flash=False)
    if response is not None:
        return response
    return form_page(request, form, _("Moving on: %(name)s") % {"name": child.first_name}, child)


def transition_detail(request, pk):
    transition, child_access = selectors.transition_for(viewer=request.user, pk=pk)
    template = "partnerships/transition_print.html" if request.GET.get("print") else "partnerships/transition.html"
    return render(request, template, {"t": transition, "child": transition.child, "access": child_access,
                                      "closed": transition.child.has_left(transition.child.setting.today())})


@require_POST
def transition_share(request, pk):
    transition, child_access = selectors.transition_for(viewer=request.user, pk=pk)
    if not child_access.is_staff:
        raise Http404("Not found")
    return post_only_service(request, lambda: services.transition_share(transition=transition, by=request.user),
                             _("Shared with the parents."), reverse("partnerships:transition_detail", args=[pk]))


def transition_family(request, pk):
    transition, child_access = selectors.transition_for(viewer=request.user, pk=pk)
    if not child_access.is_family:
        raise Http404("Not found")
    form = forms.FamilySectionForm(request.POST or None, initial={"family_section": transition.family_section})
    response = handle(request, form, lambda: services.transition_family_section(
        transition=transition, by=request.user, **form.cleaned_data), _("Thank you."),
        reverse("partnerships:transition_detail", args=[pk]))
    return response or form_page(request, form, _("Your section"), back=("partnerships:transition_detail", pk))
