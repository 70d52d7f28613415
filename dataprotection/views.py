"""Data protection pages: subject access (families and managers), the DSL's review, retention, holds, privacy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families import access
from families.view_helpers import form_page, posted
from families.views import apply_service

from . import held, selectors, services
from .forms import (
    ConfirmErasureForm,
    LegalHoldForm,
    RetentionPeriodsForm,
    SafeguardingDecisionForm,
    SubjectAccessStartForm,
)
from .models import LegalHold, RetentionReview


def _back():
    """Form pages of data protection link back to its page."""
    return {"back": ("dataprotection:manage",), "back_label": _("Data protection")}


def _error_message(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


# --- subject access: families ---------------------------------------------------------------------------------


def family_requests(request, child_id):
    """A carer with parental responsibility asks for a copy, and finds the copies they asked for."""
    child_access = access.child_access_or_404(request.user, child_id, access.PARENTAL_RESPONSIBILITY)
    if not child_access.is_family:
        raise Http404("Families only")
    child = child_access.child
    if request.method == "POST":
        services.subject_access_request(child=child, by=request.user)
        messages.success(request, _("Thank you. We are preparing the copy; we will tell you when it is ready."))
        return redirect("dataprotection:family_requests", child_id=child.pk)
    return render(request, "dataprotection/family_requests.html", {
        "child": child, "requests": selectors.family_requests_for(viewer=request.user, child=child)})


@require_GET
def download(request, pk):
    sar = access.subject_access_request_or_404(request.user, pk)
    if not sar.is_downloadable:
        raise Http404("No copy to download")
    services.subject_access_downloaded(sar=sar, by=request.user)
    response = FileResponse(sar.archive.open("rb"), as_attachment=True,
                            filename=f"triangle-records-{sar.child.legal_last_name}-{sar.pk}.zip".replace(" ", "-"),
                            content_type="application/zip")
    return response


@require_POST
def prepare_again(request, pk):
    sar = access.subject_access_request_or_404(request.user, pk)
    try:
        services.subject_access_prepare_again(sar=sar, by=request.user)
        messages.success(request, _("We are preparing the copy again."))
    except ValidationError as error:
        _error_message(request, error)
    if access.staff_membership(request.user) is not None:
        return redirect("dataprotection:sar_detail", pk=sar.pk)
    return redirect("dataprotection:family_requests", child_id=sar.child_id)


# --- subject access: managers and the DSL ---------------------------------------------------------------------


@require_GET
def manage(request):
    return render(request, "dataprotection/manage.html", selectors.manager_overview_for(viewer=request.user))


def sar_start(request):
    manager = access.manager_membership_or_404(request.user)
    setting = manager.setting
    form = SubjectAccessStartForm(posted(request), setting=setting, today=setting.today())
    if request.method == "POST":
        sar = apply_service(form, lambda: services.subject_access_request(
            child=form.cleaned_data["child"], by=request.user, requester=form.cleaned_data["requester"],
            on_paper=True, received_on=form.cleaned_data["received_on"], copy=form.cleaned_data["copy"]))
        if sar is not None:
            messages.success(request, _("Request recorded. The answer is due by %(date)s.") % {"date": sar.due_on})
            return redirect("dataprotection:sar_detail", pk=sar.pk)
    return form_page(request, form, _("A subject access request"), **_back())


@require_GET
def sar_detail(request, pk):
    sar = access.subject_access_request_or_404(request.user, pk, staff_only=True)
    return render(request, "dataprotection/sar_detail.html", {
        "sar": sar, "events": sar.events.select_related("by"),
        "reviews_outstanding": services.reviews_outstanding(sar),
        "is_dsl": access.staff_membership(request.user).is_dsl,
    })


def sar_safeguarding(request, pk):
    """The DSL's review: each safeguarding record of the child, included in the manager's copy or withheld."""
    sar = access.subject_access_request_or_404(request.user, pk, staff_only=True)
    records = selectors.safeguarding_to_review(viewer=request.user, sar=sar)
    form = SafeguardingDecisionForm(posted(request))
    if request.method == "POST":
        record = access.safeguarding_record_or_404(request.user, request.POST.get("record", "").strip() or 0) \
            if request.POST.get("record", "").strip().isdigit() else None
        if record is None:
            form.is_valid()
            form.add_error(None, _("Choose a safeguarding record of this child."))
        elif apply_service(form, lambda: services.safeguarding_review_decide(
                sar=sar, record=record, by=request.user, **form.cleaned_data)):
            messages.success(request, _("Decision saved."))
            return redirect("dataprotection:sar_safeguarding", pk=sar.pk)
    return render(request, "dataprotection/sar_safeguarding.html", {"sar": sar, "records": records, "form": form})


# --- retention ---------------------------------------------------------------------------------------------------


def retention_review(request):
    data = selectors.review_page_for(viewer=request.user)
    form = ConfirmErasureForm(posted(request))
    if request.method == "POST":
        review = data["review"]
        if review is None:
            form.is_valid()
            form.add_error(None, _("There is nothing to erase."))
        else:
            erased = apply_service(form, lambda: services.retention_erase(review=review, by=request.user))
            if erased is not None:
                messages.success(request, _("Erased %(count)s records. The erasure log keeps what type, how many, "
                                            "who and when.") % {"count": sum(erased.values())})
                return redirect("dataprotection:manage")
    return render(request, "dataprotection/retention_review.html", {**data, "form": form})


def retention_periods(request):
    from . import retention

    manager = access.manager_membership_or_404(request.user)
    setting = manager.setting
    form = RetentionPeriodsForm(posted(request), periods=retention.periods_for(setting),
                                leaver_access_days=setting.leaver_access_days)

    def save():
        for code in held.RECORD_TYPES:
            services.retention_period_set(setting=setting, by=request.user, record_type=code,
                                          years=form.cleaned_data[code])
        services.leaver_access_days_set(setting=setting, by=request.user, days=form.cleaned_data["leaver_access_days"])
        return True

    if request.method == "POST" and apply_service(form, save):
        messages.success(request, _("Retention periods saved."))
        return redirect("dataprotection:manage")
    return form_page(request, form, _("How long records are kept"), **_back(), intro=_(
        "The defaults come from your jurisdiction profile (%(profile)s).") % {"profile": setting.profile.label})


def legal_holds(request):
    manager = access.manager_membership_or_404(request.user)
    form = LegalHoldForm(posted(request), setting=manager.setting)
    if request.method == "POST" and apply_service(form, lambda: services.legal_hold_place(
            child=form.cleaned_data["child"], by=request.user, reason=form.cleaned_data["reason"],
            record_type=form.cleaned_data["record_type"])):
        messages.success(request, _("Hold placed: nothing it covers will be erased until it is lifted."))
        return redirect("dataprotection:manage")
    return form_page(request, form, _("Place a legal hold"), **_back())


@require_POST
def legal_hold_lift(request, pk):
    manager = access.manager_membership_or_404(request.user)
    hold = get_object_or_404(LegalHold, pk=pk, setting_id=manager.setting_id)
    services.legal_hold_lift(hold=hold, by=request.user)
    messages.success(request, _("Hold lifted."))
    return redirect("dataprotection:manage")


# --- leavers ---------------------------------------------------------------------------------------------------


def _keepsake_access(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, access.DIARY)
    if not child_access.is_family:
        raise Http404("Families only")
    return child_access


@require_GET
def keepsake(request, child_id):
    return render(request, "dataprotection/keepsake.html", {"child": _keepsake_access(request, child_id).child})


@require_GET
def keepsake_book(request, child_id):
    from . import keepsake as book

    child_access = _keepsake_access(request, child_id)
    child = child_access.child
    response = HttpResponse(book.book_html(child, child_access.link), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="diary-{child.pk}.html"'
    return response


@require_GET
def keepsake_photos(request, child_id):
    from . import keepsake as book

    child = _keepsake_access(request, child_id).child
    response = HttpResponse(book.photos_zip(child), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="diary-photos-{child.pk}.zip"'
    return response


# --- privacy -----------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def privacy(request):
    """What families are told about their data, in their language; open to anyone (before an invitation too)."""
    setting = selectors.privacy_setting(request.user)
    return render(request, "dataprotection/privacy.html", {
        "setting": setting, "retention_lines": selectors.retention_statements(setting),
        "leaver_days": setting.leaver_access_days if setting is not None else 90})


__all__ = ["RetentionReview"]
