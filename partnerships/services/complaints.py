"""Complaints and the register an inspector reads. Deadlines come from the setting's jurisdiction profile."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access

from ..models import Complaint
from .common import lock_for_edit, staff_membership_for


def respond_by_for(*, setting, channel, received_at):
    profile = setting.profile
    days = (profile.written_complaint_response_days if channel == Complaint.Channel.WRITTEN
            else profile.verbal_complaint_response_days)
    return received_at.astimezone(setting.tz).date() + timedelta(days=days)


def _manager(by, setting):
    membership = staff_membership_for(by, setting)
    if not membership.is_manager:
        raise access.NotAllowed(_("Only a manager can record complaints."))


@transaction.atomic
def complaint_record(*, setting, by, complainant_name, channel, received_at, summary,
                     concerns_eyfs_requirement=False, child=None, complainant_carer=None) -> Complaint:
    _manager(by, setting)
    errors = {}
    if not complainant_name.strip():
        errors["complainant_name"] = _("Who made the complaint?")
    if channel not in Complaint.Channel.values:
        errors["channel"] = _("Choose written or verbal.")
    if received_at is None:
        errors["received_at"] = _("When was it received?")
    elif received_at > timezone.now():
        errors["received_at"] = _("A complaint cannot be received in the future.")
    if not summary.strip():
        errors["summary"] = _("Record the complaint.")
    if child is not None and child.setting_id != setting.pk:
        errors["child"] = _("That child is not in this setting.")
    if errors:
        raise ValidationError(errors)
    return Complaint.objects.create(
        setting=setting, recorded_by=by, complainant_name=complainant_name.strip(), channel=channel,
        received_at=received_at, summary=summary.strip(), concerns_eyfs_requirement=concerns_eyfs_requirement,
        child=child, complainant_carer=complainant_carer,
        respond_by=respond_by_for(setting=setting, channel=channel, received_at=received_at),
    )


@transaction.atomic
def complaint_update(*, complaint, by, investigation, outcome, complainant_told_on=None, version=None) -> Complaint:
    _manager(by, complaint.setting)
    today = complaint.setting.today()
    if complainant_told_on is not None:
        if complainant_told_on > today:
            raise ValidationError({"complainant_told_on": _("This date is in the future.")})
        if complainant_told_on < complaint.received_at.astimezone(complaint.setting.tz).date():
            raise ValidationError({"complainant_told_on": _("This is before the complaint was received.")})
        if not outcome.strip():
            raise ValidationError({"outcome": _("Record the outcome you told the complainant.")})
    complaint = lock_for_edit(Complaint, complaint, version)
    complaint.investigation, complaint.outcome = investigation.strip(), outcome.strip()
    complaint.complainant_told_on = complainant_told_on
    complaint.save()
    return complaint
