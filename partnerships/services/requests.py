"""Requests that need a family's answer. A consent needs an answer from each carer with parental responsibility."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access
from families.models import Child
from notifications.api import mark_read_about, notify_child_family

from ..models import FamilyRequest, RequestAnswer, RequestRecipient
from .common import ensure_not_past, family_link_for, staff_membership_for

K = FamilyRequest.Kind
A = FamilyRequest.Audience


def _audience_children(*, setting, audience, room, children, today):
    current = Child.objects.filter(setting=setting).filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
    if audience == A.ROOM:
        if room is None or room.setting_id != setting.pk:
            raise ValidationError({"room": _("Choose a room.")})
        return list(current.filter(room=room))
    if audience == A.CHILDREN:
        chosen = list(current.filter(pk__in=[c.pk for c in children or []]))
        if not chosen:
            raise ValidationError({"children": _("Choose at least one child.")})
        return chosen
    return list(current)


@transaction.atomic
def request_send(*, setting, by, kind, title, due_on, audience=A.EVERYONE, body="", room=None, children=None,
                 event=None) -> FamilyRequest:
    staff_membership_for(by, setting)
    today = setting.today()
    errors = {}
    if kind not in K.values:
        errors["kind"] = _("Choose what kind of request this is.")
    if not title.strip():
        errors["title"] = _("Give the request a title.")
    if not due_on:
        errors["due_on"] = _("Give a date to answer by.")
    if kind == K.RSVP and event is None:
        errors["event"] = _("An RSVP is for an event: choose it.")
    if errors:
        raise ValidationError(errors)
    ensure_not_past(due_on, today=today, field="due_on", label=_("The due date is in the past; choose today or later."))
    recipients = _audience_children(setting=setting, audience=audience, room=room, children=children, today=today)
    if not recipients:
        raise ValidationError({"audience": _("Nobody would receive this request.")})
    request = FamilyRequest.objects.create(setting=setting, kind=kind, title=title.strip(), body=body.strip(),
                                           audience=audience, room=room if audience == A.ROOM else None,
                                           event=event, due_on=due_on, created_by=by)
    now = timezone.now()
    RequestRecipient.objects.bulk_create(
        [RequestRecipient(request=request, child=child, sent_at=now) for child in recipients]
    )
    for child in recipients:
        notify_child_family(child=child, kind="request_sent", about=request, need=access.SEE,
                            key=f"request_sent:{request.pk}:{child.pk}")
    return request


def request_mark_seen(*, recipient, by):
    if recipient.seen_at is None and access.staff_membership(by, recipient.request.setting_id) is None:
        RequestRecipient.objects.filter(pk=recipient.pk, seen_at=None).update(seen_at=timezone.now())


def consent_carers(child):
    """Carers who must each answer a consent: open, unrestricted links with parental responsibility (families/
    access.py) and an account."""
    return consent_carers_of(child_ids=[child.pk])


def consent_carers_of(*, child_ids):
    """`consent_carers` for many children in one query (the request pages)."""
    return access.family_links_of_children(child_ids, access.PARENTAL_RESPONSIBILITY).filter(carer__user__isnull=False)


def _update_answered(recipient, *, by):
    if recipient.request.kind == K.CONSENT:
        needed = set(consent_carers(recipient.child).values_list("carer_id", flat=True))
        given = set(recipient.answers.values_list("carer_id", flat=True))
        done = needed <= given
    else:
        done = recipient.answers.exists()
    if done and recipient.answered_at is None:
        recipient.answered_at = timezone.now()
        recipient.save(update_fields=["answered_at"])
    # Off the to-do list, so its notifications are read: for the whole family once the request's rule is met,
    # otherwise (a consent still waiting for the other parent) for the carer who answered.
    users = None if done else [by]
    for about in (recipient.request, recipient):  # request_sent is about the request, its reminders the recipient
        mark_read_about(about=about, child=recipient.child, users=users)


@transaction.atomic
def request_answer(*, recipient, by, consent_given=None, text="") -> RequestAnswer:
    link = family_link_for(by, recipient.child)
    request = recipient.request
    recipient = RequestRecipient.objects.select_for_update().get(pk=recipient.pk)
    if not access.request_answerable_by(link, request):
        raise access.NotAllowed(_("Only a carer with parental responsibility for %(name)s can answer a consent.")
                                % {"name": recipient.child.first_name})
    if request.kind == K.CONSENT and consent_given is None:
        raise ValidationError({"consent_given": _("Choose yes or no.")})
    elif request.kind == K.INFORMATION and not text.strip():
        raise ValidationError({"text": _("Write your answer.")})
    elif request.kind == K.RSVP:
        raise ValidationError(_("Choose a time slot for the event to answer this RSVP."))
    if RequestAnswer.objects.filter(recipient=recipient, carer=link.carer).exists():
        raise ValidationError(_("You have already answered this request."))
    answer = RequestAnswer.objects.create(recipient=recipient, carer=link.carer, answered_by=by,
                                          consent_given=consent_given if request.kind == K.CONSENT else None,
                                          text=text.strip())
    recipient.seen_at = recipient.seen_at or timezone.now()
    recipient.save(update_fields=["seen_at"])
    _update_answered(recipient, by=by)
    return answer


def rsvp_answered(*, event, child, link, by):
    """Booking a slot answers the RSVP requests for that event."""
    for recipient in RequestRecipient.objects.filter(request__event=event, child=child):
        RequestAnswer.objects.get_or_create(recipient=recipient, carer=link.carer,
                                            defaults={"answered_by": by, "text": _("Booked a time")})
        _update_answered(recipient, by=by)
