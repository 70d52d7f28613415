"""Reads for the import pages: a manager's batches, the preview, progress, and who can be invited."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from families import access
from families.models import CarerLink, Invitation

from .models import ImportBatch
from .planning import Plan, plan_for


def batch_for_manager_or_404(user, batch_id) -> ImportBatch:
    """A batch of the manager's own setting; anyone else (and any other setting's batch) gets 404."""
    manager = access.manager_membership_or_404(user)
    try:
        return ImportBatch.objects.select_related("setting", "uploaded_by").get(pk=int(batch_id),
                                                                                setting=manager.setting)
    except (ImportBatch.DoesNotExist, ValueError, OverflowError):
        raise Http404("Not found") from None


def recent_batches(*, setting, limit=10):
    return list(ImportBatch.objects.filter(setting=setting).select_related("uploaded_by")[:limit])


def preview_of(*, batch: ImportBatch, viewer) -> Plan:
    return plan_for(setting=batch.setting, by=viewer, sheets=batch.sheets, mapping=batch.column_fields)


def progress_key(batch) -> str:
    return f"enrolment:progress:{batch.pk}"


def progress_of(batch: ImportBatch) -> dict:
    """How far a running import is: {done, total, percent}. Kept in the cache, because the import's own
    transaction is invisible to everyone else until it commits."""
    found = cache.get(progress_key(batch)) or {}
    total = max(int(found.get("total") or 0), 1)
    done = min(int(found.get("done") or 0), total)
    if batch.status == ImportBatch.Status.DONE:
        done = total
    return {"done": done, "total": total, "percent": round(100 * done / total)}


def carers_to_invite(*, setting) -> list[CarerLink]:
    """One unrestricted link per carer who has an email, no account and no invitation waiting."""
    waiting = Invitation.objects.filter(carer=OuterRef("carer"), accepted_at__isnull=True, revoked_at__isnull=True,
                                        expires_at__gt=timezone.now())
    links = (CarerLink.objects.filter(child__setting=setting, is_restricted=False, carer__user__isnull=True)
             .exclude(carer__email="").exclude(Exists(waiting))
             .select_related("carer", "child__setting").order_by("carer_id", "pk"))
    chosen = {}
    for link in links:
        chosen.setdefault(link.carer_id, link)
    return list(chosen.values())
