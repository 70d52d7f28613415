"""Requests (partnerships.RequestRecipient): follow up families who have not answered — a configurable number
of days before the due date and on the due date — and remind families of booked events a day ahead.

The first notice (`request_sent`) is queued by partnerships when the request is sent.
"""

from datetime import timedelta

from ..api import notify_child_family
from . import SourceUnavailable, reached, require_model, settings_with_local_today


def collect(now) -> int:
    RequestRecipient = require_model("partnerships", "RequestRecipient")
    from families import access

    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        ahead = today + timedelta(days=rs.request_days_before_due)
        waiting = RequestRecipient.objects.filter(
            request__setting=setting, answered_at__isnull=True, request__due_on__in=[today, ahead],
        ).select_related("request", "child")
        for recipient in waiting:
            due = recipient.request.due_on
            if recipient.sent_at.astimezone(setting.tz).date() >= today:
                continue  # sent today: the first notice is enough for now
            if due == today:
                queued += notify_child_family(child=recipient.child, kind="request_due_today", about=recipient,
                                              need=access.SEE, due_at=now, key=f"request_due_today:{recipient.pk}")
            else:
                queued += notify_child_family(child=recipient.child, kind="request_reminder", about=recipient,
                                              need=access.SEE, due_at=now, key=f"request_reminder:{recipient.pk}:{due}")
    try:
        queued += _event_reminders(now)
    except SourceUnavailable:
        pass
    return queued


def _event_reminders(now) -> int:
    EventBooking = require_model("partnerships", "EventBooking")
    from families import access

    queued = 0
    soon = EventBooking.objects.filter(slot__starts_at__gt=now, slot__starts_at__lte=now + timedelta(days=1),
                                       attended__isnull=True).select_related("child", "slot")
    for booking in soon:
        queued += notify_child_family(child=booking.child, kind="event_reminder", about=booking, need=access.SEE,
                                      due_at=now, key=f"event_reminder:{booking.pk}:{booking.slot_id}")
    return queued
