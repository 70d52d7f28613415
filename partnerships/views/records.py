"""Manager and DSL records: the complaint register and safeguarding records."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access
from families.view_helpers import apply_service

from .. import forms, selectors, services
from .common import form_page, handle


def complaint_register(request):
    setting, complaints = selectors.complaint_register(request.user)
    today = setting.today()
    complaints = list(complaints)
    for complaint in complaints:
        complaint.days_left = (complaint.respond_by - today).days
    return render(request, "partnerships/complaint_register.html",
                  {"setting": setting, "complaints": complaints, "today": today})


def complaint_add(request):
    manager = access.manager_membership_or_404(request.user)
    form = forms.ComplaintForm(request.POST or None, setting=manager.setting,
                               initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    response = handle(request, form, lambda: services.complaint_record(setting=manager.setting, by=request.user,
                                                                        **form.cleaned_data),
                      _("Complaint recorded."), reverse("partnerships:complaint_register"))
    return response or form_page(request, form, _("Record a complaint"))


def complaint_edit(request, pk):
    complaint = selectors.complaint_for_manager(viewer=request.user, pk=pk)
    form = forms.ComplaintUpdateForm(request.POST or None, initial={
        "version": complaint.version, "investigation": complaint.investigation, "outcome": complaint.outcome,
        "complainant_told_on": complaint.complainant_told_on})
    response = handle(request, form, lambda: services.complaint_update(complaint=complaint, by=request.user,
                                                                        **form.cleaned_data),
                      _("Saved."), reverse("partnerships:complaint_register"))
    return response or render(request, "partnerships/complaint_edit.html", {
        "form": form, "complaint": complaint, "history": complaint.history.select_related("history_user")[:30]})


def safeguarding_add(request):
    membership = access.staff_membership_or_404(request.user)
    initial = {"observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    if request.GET.get("child"):
        initial["child"] = request.GET["child"]
    form = forms.SafeguardingForm(request.POST or None, setting=membership.setting, initial=initial)
    if request.method == "POST" and apply_service(form, lambda: services.safeguarding_record_create(
            by=request.user, **form.cleaned_data)):
        from django.contrib import messages

        messages.success(request, _("Sent to the designated safeguarding lead. Thank you."))
        return redirect("families:home")
    return form_page(request, form, _("Record a safeguarding concern for the DSL"), intro=_(
        "Write what you saw or heard, factually, as soon as you can. Only the DSL and the managers they name can "
        "read it; once sent, you will not see it again here."))


def safeguarding_list(request):
    records = selectors.safeguarding_list_for(request.user)
    return render(request, "partnerships/safeguarding_list.html", {"records": records})


def safeguarding_detail(request, pk):
    record = selectors.safeguarding_record_for(viewer=request.user, pk=pk)
    membership = access.staff_membership(request.user)
    form = forms.SafeguardingUpdateForm(request.POST or None, setting=record.setting, can_name=membership.is_dsl,
                                        initial={"version": record.version, "status": record.status,
                                                 "dsl_notes": record.dsl_notes,
                                                 "named_managers": list(record.named_managers.all())})
    response = handle(request, form, lambda: services.safeguarding_record_update(
        record=record, by=request.user, **form.cleaned_data), _("Saved."), reverse("partnerships:safeguarding_detail", args=[pk]))
    if response:
        return response
    return render(request, "partnerships/safeguarding_detail.html", {
        "record": record, "form": form, "is_dsl": membership.is_dsl,
        "reads": record.reads.select_related("reader")[:100] if membership.is_dsl else [],
        "named": list(record.named_managers.all()),
    })
