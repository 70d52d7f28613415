from celery import shared_task

from . import services


@shared_task
def run_import(batch_id):
    """The confirmed import of one file (one transaction; see services.batch_run)."""
    services.batch_run(batch_id=batch_id)


@shared_task
def invite_carers(batch_id, by_id):
    """After an import: an invitation to each carer with an email, in their language."""
    return services.carers_invite_run(batch_id=batch_id, by_id=by_id)
