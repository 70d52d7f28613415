"""Concerns a family raises from their phone: acknowledged, clarified, responded to, followed up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access, audiences
from notifications.api import notify_child_family, notify_staff

from ..models import FamilyConcern
from .common import (
    advance_stage,
    ensure_child_open,
    family_link_for,
    lock_for_edit,
    staff_membership_for,
)

S = FamilyConcern.Stage


def _tell_family(fc):
    notify_child_family(child=fc.child, kind="concern_update", about=fc, need=access.CONCERNS)


def _require_open(fc):
    if not fc.is_open:
        raise ValidationError(_("This concern has been followed up and is closed."))
    ensure_child_open(fc.child)


@transaction.atomic
def family_concern_raise(*, child, by, subject, details) -> FamilyConcern:
    link = family_link_for(by, child)
    if not link.can_see_concerns:
        raise access.NotAllowed(_("Please speak to the key person or the manager."))
    ensure_child_open(child)
    errors = {}
    if not subject.strip():
        errors["subject"] = _("Say in a few words what it is about.")
    if not details.strip():
        errors["details"] = _("Tell us a little more, so we can help.")
    if errors:
        raise ValidationError(errors)
    fc = FamilyConcern.objects.create(child=child, raised_by=by, raised_by_carer=link.carer,
                                      subject=subject.strip(), details=details.strip())
    notify_staff(users=audiences.key_person_and_managers(child), kind="family_concern_raised", about=fc)
    return fc


@transaction.atomic
def family_concern_acknowledge(*, concern, by, acknowledgement, version=None) -> FamilyConcern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    if not acknowledgement.strip():
        raise ValidationError({"acknowledgement": _("Write a short message to the family.")})
    fc = lock_for_edit(FamilyConcern, concern, version)
    fc.acknowledgement, fc.acknowledged_at, fc.acknowledged_by = acknowledgement.strip(), timezone.now(), by
    advance_stage(fc, S.ACKNOWLEDGED)
    fc.save()
    _tell_family(fc)
    return fc


@transaction.atomic
def family_concern_summarise(*, concern, by, staff_summary, version=None) -> FamilyConcern:
    """Staff say back what they understood; the family confirms (or corrects) it."""
    staff_membership_for(by, concern.child)
    _require_open(concern)
    if concern.acknowledged_at is None:
        raise ValidationError(_("Acknowledge the concern first."))
    if not staff_summary.strip():
        raise ValidationError({"staff_summary": _("Write what you understood.")})
    fc = lock_for_edit(FamilyConcern, concern, version)
    fc.staff_summary, fc.summarised_at = staff_summary.strip(), timezone.now()
    fc.family_confirmed_at = None
    fc.save()
    _tell_family(fc)
    return fc


@transaction.atomic
def family_concern_confirm(*, concern, by, confirmed: bool, correction="") -> FamilyConcern:
    link = family_link_for(by, concern.child)
    if not link.can_see_concerns:
        raise access.NotAllowed(_("You cannot answer for this concern."))
    _require_open(concern)
    if concern.summarised_at is None:
        raise ValidationError(_("There is no summary to confirm yet."))
    if not confirmed and not correction.strip():
        raise ValidationError({"correction": _("Tell us what we got wrong.")})
    fc = FamilyConcern.objects.select_for_update().get(pk=concern.pk)
    if confirmed:
        fc.family_confirmed_at, fc.family_correction = timezone.now(), ""
        advance_stage(fc, S.CLARIFIED)
    else:
        fc.family_correction = correction.strip()
    fc.save()
    notify_staff(users=audiences.key_person_and_managers(fc.child), kind="family_concern_raised", about=fc)
    return fc


@transaction.atomic
def family_concern_respond(*, concern, by, outcome, actions="", version=None) -> FamilyConcern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    if concern.summarised_at is None:
        raise ValidationError(_("Summarise the concern back to the family before responding."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write the outcome.")})
    fc = lock_for_edit(FamilyConcern, concern, version)
    fc.outcome, fc.actions, fc.responded_at, fc.responded_by = outcome.strip(), actions.strip(), timezone.now(), by
    advance_stage(fc, S.RESPONDED)
    fc.save()
    _tell_family(fc)
    return fc


@transaction.atomic
def family_concern_follow_up(*, concern, by, follow_up_note, version=None) -> FamilyConcern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    if concern.responded_at is None:
        raise ValidationError(_("Respond to the concern before following it up."))
    if not follow_up_note.strip():
        raise ValidationError({"follow_up_note": _("Note how you followed up.")})
    fc = lock_for_edit(FamilyConcern, concern, version)
    fc.follow_up_note, fc.followed_up_at = follow_up_note.strip(), timezone.now()
    advance_stage(fc, S.FOLLOWED_UP)
    fc.save()
    _tell_family(fc)
    return fc
