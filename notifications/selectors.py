"""Reads for the notification pages. Each takes the viewer; what they may no longer see drops out."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from families import access

from .models import Notification, PushSubscription


def inbox_for(*, viewer) -> QuerySet[Notification]:
    """The viewer's delivered notifications, minus any whose child or right they have since lost."""
    visible = Q(child__isnull=True)
    membership = access.staff_membership(viewer)
    if membership is not None:
        staff_children = access.staff_children(viewer).values("pk")
        visible |= Q(child__in=staff_children, need__in=[access.STAFF, access.SEE, access.DIARY, access.CONTRIBUTE,
                                                          access.CONCERNS])
        if membership.is_manager:
            visible |= Q(child__in=staff_children, need=access.MANAGER)
        visible |= access.notices_beyond_rooms(membership)
    for need in (access.SEE, access.DIARY, access.CONTRIBUTE, access.CONCERNS, access.PARENTAL_RESPONSIBILITY):
        visible |= Q(need=need, child__in=access.family_children(viewer, need).values("pk"))
    return Notification.objects.filter(recipient=viewer, sent_at__isnull=False).filter(visible)


def unread_count(*, viewer) -> int:
    return inbox_for(viewer=viewer).filter(read_at__isnull=True).count()


def failures_for(*, manager_membership) -> QuerySet[Notification]:
    return (Notification.objects.filter(setting_id=manager_membership.setting_id, failed_at__isnull=False)
            .select_related("recipient").order_by("-failed_at"))


def push_devices_for(*, viewer) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(user=viewer).order_by("-created_at", "-pk"))
