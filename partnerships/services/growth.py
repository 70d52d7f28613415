"""Settling in, the progress check at two, and moving on: the child's journey through the setting."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access
from notifications.api import mark_read_about, notify_child_family

from ..models import ProgressCheck, SettlingPlan, SettlingSession, Transition
from .common import ensure_child_open, family_link_for, staff_membership_for

PROGRESS_FIELDS = [f"{area}_{part}" for area in ("cl", "pd", "psed") for part in ("going_well", "support", "next_steps")]
TRANSITION_FIELDS = ["destination", "moving_on", "interests", "strengths", "next_steps", "care_needs"]


# --- settling in ---------------------------------------------------------------------------------


@transaction.atomic
def settling_plan_start(*, child, by, notes="") -> SettlingPlan:
    staff_membership_for(by, child)
    ensure_child_open(child)
    if SettlingPlan.objects.filter(child=child).exists():
        raise ValidationError(_("%(name)s already has a settling-in plan.") % {"name": child.first_name})
    plan = SettlingPlan.objects.create(child=child, created_by=by, notes=notes.strip())
    notify_child_family(child=child, kind="settling_plan_ready", about=plan, need=access.SEE,
                        key=f"settling-plan-ready-{plan.pk}")
    return plan


@transaction.atomic
def settling_session_add(*, plan, by, date, start_time, length_minutes, parent_stays) -> SettlingSession:
    staff_membership_for(by, plan.child)
    ensure_child_open(plan.child)
    if plan.is_settled:
        raise ValidationError(_("This child has settled; the plan is complete."))
    errors = {}
    if not date:
        errors["date"] = _("Choose a date.")
    if not length_minutes or length_minutes < 15:
        errors["length_minutes"] = _("A session lasts at least 15 minutes.")
    if errors:
        raise ValidationError(errors)
    return SettlingSession.objects.create(plan=plan, date=date, start_time=start_time,
                                          length_minutes=length_minutes, parent_stays=parent_stays)


@transaction.atomic
def settling_session_review(*, session, by, note) -> SettlingSession:
    """Staff write the staff note; a family carer writes the parent note. Together they are the review."""
    child = session.plan.child
    ensure_child_open(child)
    if not note.strip():
        raise ValidationError({"note": _("Write a few words about the session.")})
    if access.staff_membership(by, child.setting_id) is not None:
        session.staff_note, session.reviewed_at = note.strip(), timezone.now()
    else:
        family_link_for(by, child)
        session.parent_note = note.strip()
        mark_read_about(about=session, child=child, need=access.CONTRIBUTE)
    session.save()
    if session.staff_note and not session.parent_note:
        # The review is done together: the family's half is now waiting for them.
        notify_child_family(child=child, kind="settling_review_waiting", about=session, need=access.CONTRIBUTE,
                            key=f"settling-review-waiting-{session.pk}")
    return session


@transaction.atomic
def settling_complete(*, plan, by, settled_on, final_review) -> SettlingPlan:
    staff_membership_for(by, plan.child)
    errors = {}
    if not final_review.strip():
        errors["final_review"] = _("Write the final review.")
    if not settled_on:
        errors["settled_on"] = _("When did the child settle?")
    elif settled_on > plan.child.setting.today():
        errors["settled_on"] = _("This date is in the future.")
    if not plan.sessions.exists():
        errors["final_review"] = _("Add and review at least one session first.")
    if errors:
        raise ValidationError(errors)
    plan.settled_on, plan.final_review = settled_on, final_review.strip()
    plan.save()
    return plan


# --- progress check at two -----------------------------------------------------------------------


def check_age(child, on):
    months = child.age_in_months(on)
    if not 24 <= months <= 36:
        raise ValidationError({"checked_on": _(
            "The progress check at two is for children aged 24 to 36 months; %(name)s is %(months)s months old "
            "on that date."
        ) % {"name": child.first_name, "months": months}})


@transaction.atomic
def progress_check_save(*, child, by, checked_on, check=None, **fields) -> ProgressCheck:
    staff_membership_for(by, child)
    ensure_child_open(child)
    unknown = set(fields) - set(PROGRESS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown progress fields {sorted(unknown)}")
    if not checked_on:
        raise ValidationError({"checked_on": _("Give the date of the check.")})
    if checked_on > child.setting.today():
        raise ValidationError({"checked_on": _("This date is in the future.")})
    check_age(child, checked_on)
    check = check or ProgressCheck(child=child, written_by=by)
    check.checked_on = checked_on
    for name, value in fields.items():
        setattr(check, name, (value or "").strip())
    check.save()
    return check


@transaction.atomic
def progress_check_parent_contribution(*, check, by, parent_contribution) -> ProgressCheck:
    link = family_link_for(by, check.child)
    if not link.parental_responsibility:
        raise access.NotAllowed(_("Only a parent can add the parent's contribution."))
    ensure_child_open(check.child)
    if not parent_contribution.strip():
        raise ValidationError({"parent_contribution": _("Write your contribution.")})
    check.parent_contribution, check.parent_contribution_by = parent_contribution.strip(), by
    check.save()
    mark_read_about(about=check, child=check.child, need=access.PARENTAL_RESPONSIBILITY)
    return check


@transaction.atomic
def progress_check_share(*, check, by) -> ProgressCheck:
    staff_membership_for(by, check.child)
    ensure_child_open(check.child)
    check.shared_on = check.shared_on or check.child.setting.today()
    check.save()
    notify_child_family(child=check.child, kind="progress_check_shared", about=check,
                        need=access.PARENTAL_RESPONSIBILITY)
    return check


# --- transition out ------------------------------------------------------------------------------


@transaction.atomic
def transition_save(*, child, by, transition=None, **fields) -> Transition:
    staff_membership_for(by, child)
    ensure_child_open(child)
    unknown = set(fields) - set(TRANSITION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown transition fields {sorted(unknown)}")
    if not (fields.get("destination") or "").strip():
        raise ValidationError({"destination": _("Where is the child going next?")})
    transition = transition or Transition.objects.filter(child=child).first() or Transition(child=child,
                                                                                              written_by=by)
    for name, value in fields.items():
        setattr(transition, name, value.strip() if isinstance(value, str) else value)
    transition.save()
    return transition


@transaction.atomic
def transition_family_section(*, transition, by, family_section) -> Transition:
    link = family_link_for(by, transition.child)
    if not link.parental_responsibility:
        raise access.NotAllowed(_("Only a parent can write the family's section."))
    ensure_child_open(transition.child)
    if not access.is_shared_with_family(transition):
        raise access.NotAllowed(_("This summary has not been shared with you yet."))
    if not family_section.strip():
        raise ValidationError({"family_section": _("Write a few words about your child.")})
    transition.family_section, transition.family_section_by = family_section.strip(), by
    transition.save()
    mark_read_about(about=transition, child=transition.child, need=access.PARENTAL_RESPONSIBILITY)
    return transition


@transaction.atomic
def transition_share(*, transition, by) -> Transition:
    staff_membership_for(by, transition.child)
    ensure_child_open(transition.child)
    transition.shared_with_family_at = transition.shared_with_family_at or timezone.now()
    transition.save()
    notify_child_family(child=transition.child, kind="transition_shared", about=transition,
                        need=access.PARENTAL_RESPONSIBILITY)
    return transition
