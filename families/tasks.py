from celery import shared_task

from . import services


@shared_task
def expire_old_invitations():
    """Periodic: revoke invitation links past their expiry date."""
    return services.invitations_expire_stale()
