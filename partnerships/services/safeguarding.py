"""Safeguarding records: any staff member records; the DSL and named managers read (families/access.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access, audiences
from families.models import Membership
from notifications.api import notify_staff

from ..models import SafeguardingReadAudit, SafeguardingRecord
from .common import ensure_child_open, lock_for_edit


@transaction.atomic
def safeguarding_record_create(*, child, by, what_happened, action_taken="", observed_at=None) -> SafeguardingRecord:
    if not access.can_record_safeguarding(by, child):
        raise access.NotAllowed(_("Only staff of this setting can record a safeguarding concern."))
    ensure_child_open(child)
    if not what_happened.strip():
        raise ValidationError({"what_happened": _("Write what you saw or heard.")})
    observed_at = observed_at or timezone.now()
    if observed_at > timezone.now():
        raise ValidationError({"observed_at": _("This time is in the future.")})
    record = SafeguardingRecord.objects.create(
        setting_id=child.setting_id, child=child, recorded_by=by, observed_at=observed_at,
        what_happened=what_happened.strip(), action_taken=action_taken.strip(),
    )
    # Staff-only: the DSL hears that there is a record, never its content in the message.
    notify_staff(users=audiences.dsls_of(child.setting_id), kind="safeguarding_recorded", about=record)
    return record


@transaction.atomic
def safeguarding_record_update(*, record, by, status, dsl_notes, named_managers=None, version=None):
    """The DSL or a named manager updates; only the DSL changes who is named."""
    if not access.safeguarding_records_visible_to(by).filter(pk=record.pk).exists():
        raise access.NotAllowed(_("You cannot change this record."))
    membership = access.staff_membership(by)
    if status not in SafeguardingRecord.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    locked = lock_for_edit(SafeguardingRecord, record, version)
    locked.status, locked.dsl_notes = status, dsl_notes.strip()
    locked.save()
    if named_managers is not None and membership.is_dsl:
        allowed = Membership.objects.filter(setting_id=record.setting_id, role=Membership.Role.MANAGER,
                                            user__in=named_managers).values_list("user", flat=True)
        locked.named_managers.set(list(allowed))
    return locked


def safeguarding_read_audit(*, record, reader) -> SafeguardingReadAudit:
    return SafeguardingReadAudit.objects.create(record=record, reader=reader)
