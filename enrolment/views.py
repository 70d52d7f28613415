"""Import pages, for managers only (families/access.py): upload, map columns, preview, confirm, progress, invite."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from families import access
from families.views import apply_service

from . import selectors, services, template
from .forms import MappingForm, UploadForm
from .models import ImportBatch
from .planning import KIND_LABELS, change_label, shown


def start(request):
    manager = access.manager_membership_or_404(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    batch = request.method == "POST" and apply_service(
        form, lambda: services.batch_upload(setting=manager.setting, by=request.user, upload=form.cleaned_data["file"]))
    if batch:
        return redirect("enrolment:batch" if batch.mapped else "enrolment:columns", batch.pk)
    return render(request, "enrolment/start.html", {
        "form": form, "batches": selectors.recent_batches(setting=manager.setting)})


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def template_workbook(request):
    access.manager_membership_or_404(request.user)
    return _download(template.workbook_bytes(),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "triangle-import.xlsx")


def template_csv(request):
    access.manager_membership_or_404(request.user)
    return _download("\ufeff" + template.csv_text(), "text/csv; charset=utf-8", "triangle-import-families.csv")


def batch_columns(request, batch_id):
    batch = selectors.batch_for_manager_or_404(request.user, batch_id)
    if batch.status != ImportBatch.Status.PREVIEW:
        return redirect("enrolment:batch", batch.pk)
    form = MappingForm(request.POST or None, batch=batch)
    if request.method == "POST" and apply_service(
        form, lambda: services.batch_map_columns(batch=batch, by=request.user, mapping=form.mapping())
    ):
        return redirect("enrolment:batch", batch.pk)
    return render(request, "enrolment/columns.html", {"batch": batch, "form": form})


def _changes(items):
    return [(item, [(change_label(key), shown(old), shown(new)) for key, old, new in item.changes]) for item in items]


def batch_page(request, batch_id):
    batch = selectors.batch_for_manager_or_404(request.user, batch_id)
    context = {"batch": batch}
    if batch.status == ImportBatch.Status.PREVIEW:
        plan = selectors.preview_of(batch=batch, viewer=request.user)
        context.update(plan=plan, changed=[(label, _changes(items)) for label, items in plan.changed])
    elif batch.is_running:
        context["progress"] = selectors.progress_of(batch)
    elif batch.status == ImportBatch.Status.DONE:
        context["to_invite"] = len(selectors.carers_to_invite(setting=batch.setting))
        context["counts"] = [{**row, "label": KIND_LABELS[row["kind"]]} for row in batch.summary.get("counts", [])]
        context["changed"] = [
            (entry["name"], [(change_label(key), shown(old), shown(new)) for key, old, new in entry["changes"]])
            for entry in batch.summary.get("changed", [])]
    return render(request, "enrolment/batch.html", context)


def batch_progress(request, batch_id):
    """The progress bar, polled by htmx; once the import has finished the whole page reloads with the result."""
    batch = selectors.batch_for_manager_or_404(request.user, batch_id)
    if not request.htmx:  # opened by hand (a bookmark, a new tab): the whole page, not a bare fragment
        return redirect("enrolment:batch", batch_id=batch.pk)
    if not batch.is_running:
        return HttpResponseClientRefresh()
    return render(request, "enrolment/_progress.html", {"batch": batch, "progress": selectors.progress_of(batch)})


@require_POST
def batch_confirm(request, batch_id):
    batch = selectors.batch_for_manager_or_404(request.user, batch_id)
    try:
        services.batch_confirm(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("enrolment:batch", batch.pk)


@require_POST
def batch_invite(request, batch_id):
    batch = selectors.batch_for_manager_or_404(request.user, batch_id)
    try:
        count = services.carers_invite(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ngettext(
            "An invitation is on its way to %(n)d carer, in their own language.",
            "Invitations are on their way to %(n)d carers, each in their own language.", count) % {"n": count})
    return redirect("enrolment:batch", batch.pk)
