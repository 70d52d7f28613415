"""Checks every partnership write shares: the child still attends, dates, owners, concurrent edits."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families import access
from families.models import CarerLink, Membership

STALE = gettext_lazy(
    "Someone else changed this record while you were working on it. Nothing was saved: reload the page to see "
    "their change, then make yours again."
)


def ensure_child_open(child, today: date | None = None):
    """A child's leave date closes their partnership record to new entries; what exists stays readable."""
    today = today or child.setting.today()
    if child.has_left(today):
        raise ValidationError(
            _("%(name)s left on %(date)s, so nothing new can be added; the record stays readable.")
            % {"name": child.first_name, "date": child.leave_date}
        )


def ensure_not_past(value: date | None, *, today: date, field: str, label: str | None = None):
    if value is not None and value < today:
        raise ValidationError({field: label or _("This date is in the past; choose today or a later date.")})


def advance_stage(record, stage):
    """Move a staged record (concern, family concern) forward to `stage`; never backwards."""
    if record.ORDER.index(stage) > record.ORDER.index(record.stage):
        record.stage = stage


def lock_for_edit(model, obj, version):
    """Lock the row and check the editor saw the latest version; the second of two concurrent saves fails."""
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if version is not None and str(version) != "" and int(version) != locked.version:
        raise ValidationError({"version": STALE})
    locked.version += 1
    return locked


def staff_membership_for(user, child_or_setting) -> Membership:
    setting_id = getattr(child_or_setting, "setting_id", None) or child_or_setting.pk
    membership = access.staff_membership(user, setting_id)
    if membership is None:
        raise access.NotAllowed(_("Only staff of this setting can do this."))
    return membership


def family_link_for(user, child) -> CarerLink:
    link = access.links_of(user).filter(child=child).select_related("carer").first()
    if link is None:
        raise access.NotAllowed(_("You are not linked to this child."))
    return link
