"""Concerns raised by staff: each stage is one service. Families see a concern once it is shared."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access
from families.models import Carer, Membership
from notifications.api import notify_child_family

from ..models import Concern, ConcernAction, ConcernObservation
from .common import advance_stage, ensure_child_open, ensure_not_past, lock_for_edit, staff_membership_for

S = Concern.Stage


def _tell_family(concern):
    if concern.is_shared:
        notify_child_family(child=concern.child, kind="concern_update", about=concern, need=access.CONCERNS)


def _require_open(concern):
    if not concern.is_open:
        raise ValidationError(_("This concern is closed; nothing more can be added."))
    ensure_child_open(concern.child)


def _require(concern, stage, message):
    if not concern.reached(stage):
        raise ValidationError(message)


def _observation(concern, by, observed_on, note, today):
    errors = {}
    if not observed_on:
        errors["observed_on"] = _("Give the date of the observation.")
    elif observed_on > today:
        errors["observed_on"] = _("An observation cannot be dated in the future.")
    if not (note or "").strip():
        errors["note"] = _("Describe what was observed.")
    if errors:
        raise ValidationError(errors)
    return ConcernObservation.objects.create(concern=concern, observed_on=observed_on, note=note.strip(),
                                             recorded_by=by)


@transaction.atomic
def concern_raise(*, child, by, title: str, summary: str, observed_on, note: str) -> Concern:
    """Prepare a concern with its first dated observation. Nothing reaches the family yet."""
    staff_membership_for(by, child)
    ensure_child_open(child)
    if not title.strip():
        raise ValidationError({"title": _("Say in a few words what the concern is about.")})
    concern = Concern.objects.create(child=child, raised_by=by, title=title.strip(), summary=summary.strip())
    _observation(concern, by, observed_on, note, child.setting.today())
    return concern


@transaction.atomic
def concern_observation_add(*, concern, by, observed_on, note) -> ConcernObservation:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    return _observation(concern, by, observed_on, note, concern.child.setting.today())


@transaction.atomic
def concern_invite_parent(*, concern, by, meeting_at, meeting_place="", version=None) -> Concern:
    """Agree a time to talk. From here the family (carers with concern rights) can see the concern."""
    staff_membership_for(by, concern.child)
    _require_open(concern)
    if meeting_at is None:
        raise ValidationError({"meeting_at": _("Agree a time to talk with the family.")})
    if meeting_at < timezone.now():
        raise ValidationError({"meeting_at": _("This time is in the past; choose a time still to come.")})
    concern = lock_for_edit(Concern, concern, version)
    concern.meeting_at, concern.meeting_place = meeting_at, meeting_place
    concern.shared_with_family_at = concern.shared_with_family_at or timezone.now()
    advance_stage(concern, S.INVITED)
    concern.save()
    _tell_family(concern)
    return concern


@transaction.atomic
def concern_record_discussion(*, concern, by, discussion_notes, version=None) -> Concern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    _require(concern, S.INVITED, _("Invite the family to talk before recording the discussion."))
    if not discussion_notes.strip():
        raise ValidationError({"discussion_notes": _("Note what you talked about.")})
    concern = lock_for_edit(Concern, concern, version)
    concern.discussion_notes, concern.discussed_at = discussion_notes.strip(), timezone.now()
    advance_stage(concern, S.PARENT_VIEW if concern.parent_view else S.DISCUSSED)
    concern.save()
    return concern


@transaction.atomic
def concern_record_parent_view(*, concern, by, parent_view, version=None) -> Concern:
    """The parent's view in their own words: written by the parent, or noted by staff as they said it."""
    _require_open(concern)
    if not concern.is_shared:
        raise ValidationError(_("This concern has not been shared with the family yet."))
    if not parent_view.strip():
        raise ValidationError({"parent_view": _("Write the parent's view.")})
    concern = lock_for_edit(Concern, concern, version)
    concern.parent_view, concern.parent_view_by, concern.parent_view_at = parent_view.strip(), by, timezone.now()
    if concern.reached(S.DISCUSSED):
        advance_stage(concern, S.PARENT_VIEW)
    concern.save()
    _tell_family(concern)
    return concern


@transaction.atomic
def concern_action_add(*, concern, by, description, due_on, owner_staff=None, owner_carer=None) -> ConcernAction:
    membership = staff_membership_for(by, concern.child)
    _require_open(concern)
    errors = {}
    if not (description or "").strip():
        errors["description"] = _("Describe the action.")
    if owner_staff is None and owner_carer is None:
        errors["owner"] = _("Every action needs an owner: a member of staff or a family carer.")
    elif owner_staff is not None and owner_carer is not None:
        errors["owner"] = _("An action has one owner.")
    elif owner_staff is not None and not Membership.objects.filter(
        user=owner_staff, setting_id=membership.setting_id, is_active=True
    ).exists():
        errors["owner"] = _("That person is not on the staff of this setting.")
    elif owner_carer is not None and not access.family_links_of_child(concern.child, access.CONCERNS).filter(
        carer=owner_carer
    ).exists():
        errors["owner"] = _("That carer cannot see this child's concerns, so cannot own an action.")
    if not due_on:
        errors["due_on"] = _("Give a due date.")
    elif due_on < concern.child.setting.today():
        errors["due_on"] = _("The due date is in the past; choose today or a later date.")
    if errors:
        raise ValidationError(errors)
    return ConcernAction.objects.create(concern=concern, description=description.strip(), due_on=due_on,
                                        owner_staff=owner_staff, owner_carer=owner_carer)


@transaction.atomic
def concern_agree_actions(*, concern, by, version=None) -> Concern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    _require(concern, S.DISCUSSED, _("Talk with the family before agreeing actions."))
    if not concern.actions.exists():
        raise ValidationError(_("Add at least one action, with its owner and due date, first."))
    concern = lock_for_edit(Concern, concern, version)
    concern.actions_agreed_at = timezone.now()
    advance_stage(concern, S.ACTIONS_AGREED)
    concern.save()
    _tell_family(concern)
    return concern


@transaction.atomic
def concern_confirm_actions(*, concern, by) -> Concern:
    """A carer with concern rights confirms the agreed actions."""
    _require_open(concern)
    if concern.actions_agreed_at is None:
        raise ValidationError(_("There are no agreed actions to confirm yet."))
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    concern.actions_confirmed_at, concern.actions_confirmed_by = timezone.now(), by
    concern.save()
    return concern


@transaction.atomic
def concern_action_done(*, action, by) -> ConcernAction:
    """Staff mark any action done; a family carer only their own."""
    if access.staff_membership(by, action.concern.child.setting_id) is None:
        if action.owner_carer is None or action.owner_carer.user_id != by.pk:
            raise access.NotAllowed(_("You can mark only your own actions as done."))
    if action.done_at is None:
        action.done_at, action.done_by = timezone.now(), by
        action.save()
    return action


@transaction.atomic
def concern_set_review(*, concern, by, review_on, version=None) -> Concern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    _require(concern, S.ACTIONS_AGREED, _("Agree the actions before setting a review date."))
    if not review_on:
        raise ValidationError({"review_on": _("Choose a review date.")})
    ensure_not_past(review_on, today=concern.child.setting.today(), field="review_on",
                    label=_("The review date is in the past; choose today or a later date."))
    concern = lock_for_edit(Concern, concern, version)
    concern.review_on = review_on
    advance_stage(concern, S.REVIEW_SET)
    concern.save()
    _tell_family(concern)
    return concern


@transaction.atomic
def concern_review(*, concern, by, review_notes, version=None) -> Concern:
    staff_membership_for(by, concern.child)
    _require_open(concern)
    _require(concern, S.REVIEW_SET, _("Set a review date before recording the review."))
    if not review_notes.strip():
        raise ValidationError({"review_notes": _("Write what the review found.")})
    concern = lock_for_edit(Concern, concern, version)
    concern.review_notes, concern.reviewed_at = review_notes.strip(), timezone.now()
    advance_stage(concern, S.REVIEWED)
    concern.save()
    _tell_family(concern)
    return concern


@transaction.atomic
def concern_close(*, concern, by, outcome, outcome_note="", version=None) -> Concern:
    """Close after a review, or escalate at any stage (e.g. to outside help)."""
    staff_membership_for(by, concern.child)
    if not concern.is_open:
        raise ValidationError(_("This concern is already closed."))
    if outcome not in (S.CLOSED, S.ESCALATED):
        raise ValidationError({"outcome": _("Choose closed or escalated.")})
    if outcome == S.CLOSED and concern.reviewed_at is None:
        raise ValidationError({"outcome": _("A concern cannot close without a review. Record the review first.")})
    concern = lock_for_edit(Concern, concern, version)
    concern.stage, concern.outcome_note = outcome, outcome_note.strip()
    if outcome == S.CLOSED:
        concern.closed_at = timezone.now()
    else:
        concern.escalated_at = timezone.now()
    concern.save()
    _tell_family(concern)
    return concern


def action_owner_choices(concern):
    """(value, label) pairs for an action's owner: staff of the setting, then carers who see concerns."""
    staff = Membership.objects.filter(setting_id=concern.child.setting_id, is_active=True).select_related("user")
    carers = Carer.objects.filter(pk__in=access.family_links_of_child(concern.child, access.CONCERNS).values("carer"))
    return (
        [(f"staff:{m.user_id}", f"{m.user} ({_('staff')})") for m in staff]
        + [(f"carer:{c.pk}", f"{c.full_name} ({_('family')})") for c in carers]
    )
