"""Partnerships' reminder sources, registered in PartnershipsConfig.ready() (the registry:
notifications/reminders.py). Each is `collect(now) -> int` and queues with a key naming the thing and the
occasion, so running it twice queues nothing new."""

from datetime import timedelta

from families import access, audiences
from notifications.api import notify_child_family, notify_staff
from notifications.reminders import reached, settings_with_local_today
from notifications.schedule import working_days_after

from .models import (
    Commitment,
    Complaint,
    Concern,
    ConcernAction,
    EventBooking,
    FamilyConcern,
    RequestRecipient,
    SettlingSession,
)

CHASE_DAYS = 14
COMPLAINT_WARN_DAYS = 5


def requests(now) -> int:
    """Follow up families who have not answered a request: a configurable number of days before the due date and
    on the due date; and remind families of booked events a day ahead. The first notice (`request_sent`) is
    queued by partnerships.services when the request is sent."""
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
    return queued + _event_reminders(now)


def _event_reminders(now) -> int:
    queued = 0
    soon = EventBooking.objects.filter(slot__starts_at__gt=now, slot__starts_at__lte=now + timedelta(days=1),
                                       attended__isnull=True).select_related("child", "slot")
    for booking in soon:
        queued += notify_child_family(child=booking.child, kind="event_reminder", about=booking, need=access.SEE,
                                      due_at=now, key=f"event_reminder:{booking.pk}:{booking.slot_id}")
    return queued


def commitments(now) -> int:
    """"I'll get back to you tomorrow": remind the owner on the due date and every day after until it is done
    (for two weeks)."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        due = Commitment.objects.filter(child__setting=setting, done_at__isnull=True, due_on__lte=today,
                                        due_on__gte=today - timedelta(days=CHASE_DAYS)).select_related("owner", "child")
        for commitment in due:
            queued += notify_staff(users=[commitment.owner], kind="commitment_due", about=commitment,
                                   due_at=now, key=f"commitment_due:{commitment.pk}:{today.isoformat()}")
    return queued


def concerns(now) -> int:
    """Agreed actions due today or overdue go to their owner (a family-owned action to whoever raised the
    concern); a review date that has come goes to whoever raised it and the child's key person."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        actions = ConcernAction.objects.filter(
            concern__child__setting=setting, done_at__isnull=True, due_on__lte=today,
            due_on__gte=today - timedelta(days=CHASE_DAYS), concern__closed_at__isnull=True,
        ).select_related("concern__child", "concern__raised_by", "owner_staff")
        for action in actions:
            owner = action.owner_staff or action.concern.raised_by
            if action.due_on == today:
                queued += notify_staff(users=[owner], kind="concern_action_due", about=action,
                                       due_at=now, key=f"concern_action_due:{action.pk}")
            else:
                queued += notify_staff(users=[owner], kind="concern_action_overdue", about=action,
                                       due_at=now, key=f"concern_action_overdue:{action.pk}:{today.isoformat()}")
        reviews = Concern.objects.filter(
            child__setting=setting, review_on__lte=today, review_on__gte=today - timedelta(days=CHASE_DAYS),
            reviewed_at__isnull=True, closed_at__isnull=True, escalated_at__isnull=True,
        ).select_related("child", "raised_by")
        for concern in reviews:
            users = [concern.raised_by, *audiences.key_people(concern.child, today)]
            queued += notify_staff(users=users, kind="concern_review_due", about=concern,
                                   due_at=now, key=f"concern_review_due:{concern.pk}:{concern.review_on}")
    return queued


def complaints(now) -> int:
    """To the managers when the respond-by date is 5 days away, and again when it has passed without the
    complainant being told the outcome."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        open_ = Complaint.objects.filter(setting=setting, complainant_told_on__isnull=True,
                                         respond_by__lte=today + timedelta(days=COMPLAINT_WARN_DAYS))
        managers = None
        for complaint in open_:
            managers = managers if managers is not None else audiences.managers_of(setting)
            if complaint.respond_by < today:
                queued += notify_staff(users=managers, kind="complaint_deadline_passed", about=complaint,
                                       due_at=now, key=f"complaint_deadline_passed:{complaint.pk}")
            else:
                queued += notify_staff(users=managers, kind="complaint_deadline", about=complaint,
                                       due_at=now, key=f"complaint_deadline:{complaint.pk}")
    return queued


def settling(now) -> int:
    """At the end of a settling-in session's day, remind the child's key person to review it with the parent,
    while the plan is open and the session unreviewed."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        sessions = SettlingSession.objects.filter(
            plan__child__setting=setting, reviewed_at__isnull=True, plan__settled_on__isnull=True,
            date__lte=today, date__gte=today - timedelta(days=7),
        ).select_related("plan__child")
        for session in sessions:
            if session.date == today and not reached(setting, today, rs.end_of_day, now):
                continue
            queued += notify_staff(users=audiences.key_people(session.plan.child, today), kind="settling_review_due",
                                   about=session, due_at=now, key=f"settling_review_due:{session.pk}")
    return queued


def family_concerns(now) -> int:
    """Family-raised concerns not acknowledged within 2 working days: to the managers."""
    queued = 0
    for setting, today, rs in settings_with_local_today(now):
        if not reached(setting, today, rs.window_start, now):
            continue
        waiting = FamilyConcern.objects.filter(child__setting=setting, acknowledged_at__isnull=True,
                                               created_at__gte=now - timedelta(days=60)).select_related("child")
        for concern in waiting:
            raised = concern.created_at.astimezone(setting.tz).date()
            if today >= working_days_after(raised, 2):
                queued += notify_staff(users=audiences.managers_of(setting), kind="family_concern_unacknowledged",
                                       about=concern, due_at=now, key=f"family_concern_unacknowledged:{concern.pk}")
    return queued
