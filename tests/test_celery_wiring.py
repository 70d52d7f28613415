"""Celery is wired end to end: beat's schedule names real tasks, and a real worker runs the periodic one."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from families.models import Invitation

ROOT = Path(__file__).resolve().parents[1]


def test_every_beat_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"beat entry {name} names an unknown task {entry['task']}"


def _worker_database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.celery_live
@pytest.mark.django_db(transaction=True)
def test_periodic_invitation_expiry_runs_on_a_real_worker(personas):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot see the in-memory SQLite test database; CI runs this on PostgreSQL")
    from families.tasks import expire_old_invitations

    Invitation.objects.filter(pk=personas.invitation.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    env = dict(os.environ, DATABASE_URL=_worker_database_url(), DEBUG="1")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
         "-Q", "celery", "-n", f"wiring-test-{os.getpid()}@%h", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        expire_old_invitations.delay()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            personas.invitation.refresh_from_db()
            if personas.invitation.revoked_at is not None:
                break
            time.sleep(0.3)
        assert personas.invitation.revoked_at is not None, "the worker did not run the periodic task"
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "Traceback" not in (output or "")
