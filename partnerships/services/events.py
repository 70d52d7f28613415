"""Events in several time slots; families book a slot, a full slot refuses, staff record who came."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Event, EventBooking, EventSlot
from .common import ensure_child_open, family_link_for, staff_membership_for
from .requests import rsvp_answered


@transaction.atomic
def event_create(*, setting, by, kind, title, description="", room=None) -> Event:
    staff_membership_for(by, setting)
    errors = {}
    if kind not in Event.Kind.values:
        errors["kind"] = _("Choose the kind of event.")
    if not title.strip():
        errors["title"] = _("Give the event a title.")
    if errors:
        raise ValidationError(errors)
    return Event.objects.create(setting=setting, kind=kind, title=title.strip(), description=description.strip(),
                                room=room, created_by=by)


@transaction.atomic
def event_slot_add(*, event, by, starts_at, length_minutes, capacity) -> EventSlot:
    staff_membership_for(by, event.setting)
    errors = {}
    if starts_at is None or starts_at < timezone.now():
        errors["starts_at"] = _("This time is in the past; choose a time still to come.")
    if not capacity or capacity < 1:
        errors["capacity"] = _("A slot needs at least one place.")
    if not length_minutes or length_minutes < 5:
        errors["length_minutes"] = _("A slot lasts at least 5 minutes.")
    if errors:
        raise ValidationError(errors)
    return EventSlot.objects.create(event=event, starts_at=starts_at, length_minutes=length_minutes,
                                    capacity=capacity)


@transaction.atomic
def event_book(*, slot, child, by) -> EventBooking:
    """Book (or move to) a slot for a child's family. A full slot refuses."""
    link = family_link_for(by, child)
    ensure_child_open(child)
    slot = EventSlot.objects.select_for_update().select_related("event").get(pk=slot.pk)
    event = slot.event
    if event.setting_id != child.setting_id or (event.room_id and event.room_id != child.room_id):
        raise ValidationError({"slot": _("This event is not for %(name)s.") % {"name": child.first_name}})
    if slot.starts_at < timezone.now():
        raise ValidationError({"slot": _("This time has passed.")})
    existing = EventBooking.objects.filter(event=event, child=child).first()
    if existing and existing.slot_id == slot.pk:
        return existing
    if slot.bookings.count() >= slot.capacity:
        raise ValidationError({"slot": _("Sorry, that time is full. Please choose another time.")})
    if existing:
        existing.slot, existing.booked_by = slot, by
        existing.save()
        booking = existing
    else:
        booking = EventBooking.objects.create(event=event, slot=slot, child=child, booked_by=by)
    rsvp_answered(event=event, child=child, link=link, by=by)
    return booking


@transaction.atomic
def event_record_attendance(*, booking, by, attended: bool) -> EventBooking:
    staff_membership_for(by, booking.child)
    booking.attended = attended
    booking.save(update_fields=["attended"])
    return booking
