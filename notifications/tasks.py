"""Thin Celery tasks. Every one is safe to run twice: the outbox rows decide what is owed."""

from celery import shared_task

from . import reminders, sending


@shared_task(acks_late=True)
def sweep_due():
    """Beat, every minute (NOTIFICATIONS_SWEEP_SECONDS): hand due rows to workers."""
    return sending.sweep()


@shared_task(acks_late=True)
def send_batch(ids, token):
    return sending.send_batch(ids, token)


@shared_task(acks_late=True)
def run_reminder_sources():
    """Beat, every few minutes: each reminder source queues what has come due (idempotently)."""
    return reminders.run_all()
