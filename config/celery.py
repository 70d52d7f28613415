"""The Celery app. Tasks live in each app's tasks.py; the schedule is in settings."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("triangle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_settings_that_could_send_twice(**kwargs):
    """A worker with a send lease shorter than one send could deliver a message twice: it does not start."""
    from django.core import checks

    errors = [m for m in checks.run_checks(tags=["notifications"]) if m.is_serious()]
    if errors:
        raise SystemExit("The worker will not start:\n" + "\n".join(f"{m.id}: {m.msg} HINT: {m.hint}" for m in errors))
