"""Writes of the import: upload, column mapping, confirmation, the run itself, and inviting the carers after.

Nothing reaches the families tables until a manager confirms; the run is one transaction (all or nothing),
behind a lock of one running import per setting (a partial unique constraint on ImportBatch, and a row lock
on the setting while it runs).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import services as families
from families.models import Setting

from . import columns, reading
from .applying import apply_plan
from .models import ImportBatch
from .planning import plan_for
from .selectors import carers_to_invite, progress_key

log = logging.getLogger(__name__)
S = ImportBatch.Status


def _refuse_unless_manager(by, setting):
    from families.access import staff_membership

    membership = staff_membership(by, setting)
    if membership is None or not membership.is_manager:
        raise PermissionDenied("Only a manager imports.")


def _recognised(sheets) -> dict:
    return {kind: {h: columns.recognise(kind, h) for h in sheet["headers"] if columns.recognise(kind, h)}
            for kind, sheet in sheets.items()}


@transaction.atomic
def batch_upload(*, setting: Setting, by, upload) -> ImportBatch:
    """Read the file and keep its cells for the preview. Raises ValidationError (what is wrong, what to do)."""
    _refuse_unless_manager(by, setting)
    try:
        sheets = reading.read_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    # A file that was read but never confirmed is dropped: its cells (and collection passwords) do not linger.
    ImportBatch.objects.filter(setting=setting, status=S.PREVIEW).delete()
    recognised = _recognised(sheets)
    return ImportBatch.objects.create(
        setting=setting, uploaded_by=by, filename=(getattr(upload, "name", "") or "file")[:200], sheets=sheets,
        recognised=recognised, mapped=all(h in recognised[kind] for kind, sheet in sheets.items()
                                          for h in sheet["headers"] if h))


@transaction.atomic
def batch_map_columns(*, batch: ImportBatch, by, mapping: dict) -> ImportBatch:
    """The manager's choice for each column Triangle did not recognise: a field of that sheet, or "" to ignore it."""
    _refuse_unless_manager(by, batch.setting)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != S.PREVIEW:
        raise ValidationError(_("This file has been imported already; upload it again to change anything."))
    clean = {}
    for kind, chosen in mapping.items():
        if kind not in batch.sheets:
            raise ValidationError(_("Choose a column of this file."))
        allowed = set(columns.fields_of(kind))
        headers = set(batch.sheets[kind]["headers"])
        for header, field in chosen.items():
            if header not in headers or (field and field not in allowed):
                raise ValidationError(_("Choose a column of this file."))
            clean.setdefault(kind, {})[header] = field
    batch.mapping = clean
    batch.mapped = True
    batch.save(update_fields=["mapping", "mapped"])
    return batch


def _busy():
    return ValidationError(_("Another file is being imported into this setting. Wait until it has finished (the "
                             "page shows its progress), then confirm this one."), code="busy")


@transaction.atomic
def batch_confirm(*, batch: ImportBatch, by) -> ImportBatch:
    """The manager's yes: checked again, then queued for a worker. Nothing is written to the families tables here."""
    _refuse_unless_manager(by, batch.setting)
    batch = ImportBatch.objects.select_for_update().select_related("setting").get(pk=batch.pk)
    if batch.status != S.PREVIEW:
        raise ValidationError(_("This file has been imported already; upload it again to change anything."))
    plan = plan_for(setting=batch.setting, by=by, sheets=batch.sheets, mapping=batch.column_fields)
    if not plan.ok:
        raise ValidationError(_("Correct the problems listed below in your file, then upload it again."))
    batch.status, batch.confirmed_at, batch.uploaded_by = S.QUEUED, timezone.now(), by
    try:
        with transaction.atomic():
            batch.save(update_fields=["status", "confirmed_at", "uploaded_by"])
    except IntegrityError:
        raise _busy() from None
    cache.set(progress_key(batch), {"done": 0, "total": plan.writes}, 24 * 3600)
    from .tasks import run_import

    transaction.on_commit(lambda: run_import.delay(batch.pk))
    return batch


class Refused(Exception):
    def __init__(self, code, detail=""):
        super().__init__(code)
        self.code, self.detail = code, detail


def _fail(batch_id, code, detail=""):
    ImportBatch.objects.filter(pk=batch_id).update(
        status=S.FAILED, failure=f"{code}:{detail}"[:2000], sheets={}, finished_at=timezone.now())


def batch_run(*, batch_id: int) -> None:
    """The confirmed import, in one transaction: everything the plan says is written, or nothing is."""
    ImportBatch.objects.filter(pk=batch_id, status=S.QUEUED).update(status=S.RUNNING)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("setting", "uploaded_by").get(
                pk=batch_id)
            if batch.status != S.RUNNING:
                return  # a second delivery of the same message: the first one did it
            Setting.objects.select_for_update().get(pk=batch.setting_id)
            by = batch.uploaded_by
            if by is None:
                raise Refused("not_manager")
            try:
                _refuse_unless_manager(by, batch.setting)
            except PermissionDenied:
                raise Refused("not_manager") from None
            plan = plan_for(setting=batch.setting, by=by, sheets=batch.sheets, mapping=batch.column_fields)
            if not plan.ok:
                raise Refused("changed_since_preview", str(len(plan.problems)))
            key = progress_key(batch)
            summary = apply_plan(plan, by=by, progress=lambda done, total: cache.set(
                key, {"done": done, "total": total}, 24 * 3600))
            batch.status, batch.summary, batch.sheets = S.DONE, summary, {}
            batch.finished_at = timezone.now()
            batch.save(update_fields=["status", "summary", "sheets", "finished_at"])
    except Refused as refused:
        _fail(batch_id, refused.code, refused.detail)
    except ValidationError as error:
        log.warning("Import %s refused by a service: %s", batch_id, error.messages)
        _fail(batch_id, "invalid", "; ".join(error.messages))
    except Exception:
        log.exception("Import %s failed", batch_id)
        _fail(batch_id, "error")


@transaction.atomic
def carers_invite(*, batch: ImportBatch, by) -> int:
    """Queue an invitation for every carer of the setting with an email and no account yet. Returns how many."""
    _refuse_unless_manager(by, batch.setting)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != S.DONE:
        raise ValidationError(_("Invite families once the import has finished."))
    count = len(carers_to_invite(setting=batch.setting))
    if count:
        batch.invited_at = timezone.now()
        batch.save(update_fields=["invited_at"])
        from .tasks import invite_carers

        transaction.on_commit(lambda: invite_carers.delay(batch.pk, by.pk))
    return count


def carers_invite_run(*, batch_id: int, by_id: int) -> int:
    """The worker's half: each carer's invitation in their own language (families' invitation service)."""
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.select_related("setting").get(pk=batch_id)
    by = get_user_model().objects.get(pk=by_id)
    sent = 0
    for link in carers_to_invite(setting=batch.setting):
        try:
            families.invitation_send_to_carer(link=link, by=by)
            sent += 1
        except ValidationError as error:  # someone linked or invited them a moment ago
            log.info("Invitation to carer %s skipped: %s", link.carer_id, error.messages)
    return sent
