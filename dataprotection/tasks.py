"""Thin Celery tasks: load by id, call a service."""

from celery import shared_task

from . import retention, services


@shared_task(acks_late=True)
def build_subject_access(sar_id):
    return services.subject_access_build(sar_id=sar_id)


@shared_task(acks_late=True)
def daily_data_protection():
    """Daily: list records past their retention date for each setting's managers; drop expired copies' files."""
    return {"reviews": retention.retention_reviews_list_all(), "expired_copies": services.subject_access_expire_links()}
