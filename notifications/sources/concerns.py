"""Concerns (partnerships.Concern / ConcernAction): agreed actions due today or overdue go to their owner
(a family-owned action to whoever raised the concern); a review date that has come goes to whoever raised it
and the child's key person."""

from datetime import timedelta

from ..api import notify_staff
from . import key_people, reached, require_model, settings_with_local_today

CHASE_DAYS = 14


def collect(now) -> int:
    Concern = require_model("partnerships", "Concern")
    ConcernAction = require_model("partnerships", "ConcernAction")
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
            users = [concern.raised_by, *key_people(concern.child, today)]
            queued += notify_staff(users=users, kind="concern_review_due", about=concern,
                                   due_at=now, key=f"concern_review_due:{concern.pk}:{concern.review_on}")
    return queued
