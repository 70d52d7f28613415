"""Conversations and the promises made in them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import CarerLink, Membership

from ..models import Commitment, Conversation
from .common import ensure_child_open, ensure_not_past, staff_membership_for


@transaction.atomic
def conversation_log(*, child, by, carers, channel, topic, summary="", is_good_news=False, follow_up="",
                     started_by_family=False, happened_at=None) -> Conversation:
    staff_membership_for(by, child)
    ensure_child_open(child)
    errors = {}
    carers = list(carers)
    if not carers:
        errors["carers"] = _("Choose who you talked with.")
    elif CarerLink.objects.filter(child=child, carer__in=carers, is_restricted=False).count() != len(carers):
        errors["carers"] = _("Choose carers linked to this child.")
    if channel not in Conversation.Channel.values:
        errors["channel"] = _("Choose where or how you talked.")
    if not topic.strip():
        errors["topic"] = _("Give the topic in a few words.")
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now() + timedelta(minutes=5):
        errors["happened_at"] = _("A conversation cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    conversation = Conversation.objects.create(
        child=child, staff=by, channel=channel, topic=topic.strip(), summary=summary.strip(),
        is_good_news=is_good_news, follow_up=follow_up.strip(), started_by_family=started_by_family,
        happened_at=happened_at,
    )
    conversation.carers.set(carers)
    return conversation


@transaction.atomic
def commitment_make(*, child, by, owner, description, due_on, said_to, source=None,
                    source_label="") -> Commitment:
    """'I'll get back to you by <date>', said to `said_to` (carers of this child). `source` is any record
    (conversation, concern, diary comment...). Who in the family sees it: families.access."""
    membership = staff_membership_for(by, child)
    ensure_child_open(child)
    errors = {}
    said_to = list(said_to or [])
    if not said_to:
        errors["said_to"] = _("Choose whom you said it to.")
    elif CarerLink.objects.filter(child=child, carer__in=said_to, is_restricted=False).count() != len(set(said_to)):
        errors["said_to"] = _("Choose carers linked to this child.")
    if not description.strip():
        errors["description"] = _("Say what you will get back to them about.")
    if owner is None:
        errors["owner"] = _("Choose who will get back to the family.")
    elif not Membership.objects.filter(user=owner, setting_id=membership.setting_id, is_active=True).exists():
        errors["owner"] = _("That person is not on the staff of this setting.")
    if not due_on:
        errors["due_on"] = _("Give the date you will get back by.")
    if errors:
        raise ValidationError(errors)
    ensure_not_past(due_on, today=child.setting.today(), field="due_on",
                    label=_("The due date is in the past; choose today or a later date."))
    commitment = Commitment(child=child, owner=owner, description=description.strip(), due_on=due_on,
                            created_by=by, source_label=source_label or (str(source) if source else ""))
    if source is not None:
        if getattr(source, "child_id", child.pk) != child.pk:
            raise ValidationError(_("That record belongs to another child."))
        commitment.source_type = ContentType.objects.get_for_model(source)
        commitment.source_id = source.pk
    commitment.save()
    commitment.said_to.set(said_to)
    return commitment


@transaction.atomic
def commitment_done(*, commitment, by, done_note="") -> Commitment:
    staff_membership_for(by, commitment.child)
    if commitment.done_at is None:
        commitment.done_at, commitment.done_note = timezone.now(), done_note.strip()
        commitment.save()
    return commitment
