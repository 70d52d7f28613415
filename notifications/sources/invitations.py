"""A carer invitation still waiting a day before it expires: remind the staff member who sent it."""

from datetime import timedelta

from families.models import Invitation

from ..api import notify_staff


def collect(now) -> int:
    queued = 0
    waiting = Invitation.objects.filter(
        kind=Invitation.Kind.CARER, accepted_at__isnull=True, revoked_at__isnull=True,
        expires_at__gt=now, expires_at__lte=now + timedelta(days=1), invited_by__isnull=False,
    ).select_related("setting", "invited_by")
    for invitation in waiting:
        queued += notify_staff(users=[invitation.invited_by], kind="invitation_unaccepted", about=invitation,
                               due_at=now, key=f"invitation_unaccepted:{invitation.pk}")
    return queued
