"""Starting real Celery workers (and beats) as subprocesses against the test database and Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def _live_broker() -> str:
    # Celery reads CELERY_BROKER_URL from the environment before any broker= argument (celery.app.utils
    # Settings.broker_url), so when it names a Redis (as in CI) the test's own clients publish there:
    # the workers must listen on the same one.
    configured = os.environ.get("CELERY_BROKER_URL", "")
    default = configured if configured.startswith(("redis://", "rediss://")) else "redis://127.0.0.1:6379/5"
    return os.environ.get("NOTIFICATIONS_TEST_BROKER_URL", default)


LIVE_BROKER = _live_broker()


def require_live_parts():
    if connection.vendor != "postgresql":
        pytest.skip("Live-worker tests need PostgreSQL (set DATABASE_URL): a worker process cannot see SQLite's "
                    "test database")
    import redis

    try:
        redis.Redis.from_url(LIVE_BROKER, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"Live-worker tests need Redis at {LIVE_BROKER}: {error}")


def purge_queue(queue):
    """Drop what waits in this run's queue (only ours: other runs may share the Redis DB)."""
    import redis

    client = redis.Redis.from_url(LIVE_BROKER)
    keys = [k for k in client.keys(f"{queue}*") if not k.startswith(b"_kombu")]
    if keys:
        client.delete(*keys)


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += ":" + s["PASSWORD"]
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Workers:
    """Start workers; stop (or kill) them; always clean up, even when a test fails."""

    def __init__(self, tmp_path, smtp_port=None):
        self.tmp_path = tmp_path
        self.smtp_port = smtp_port
        self.procs = []
        self.queue = f"notifications-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._client = None

    def send_batch(self, ids, token):
        """Publish a send_batch message to this run's queue, as a sweep would."""
        if self._client is None:
            self._client = broker_app()
        self._client.send_task("notifications.tasks.send_batch", args=[ids, token], queue=self.queue)

    def purge(self):
        purge_queue(self.queue)

    def env(self, **extra):
        env = dict(os.environ)
        env.update({
            "DEBUG": "1", "DATABASE_URL": database_url(), "CELERY_BROKER_URL": LIVE_BROKER,
            "NOTIFICATIONS_SWEEP_SECONDS": "1", "NOTIFICATIONS_SOURCES_SECONDS": "3600",
            # One email may wait for 5 replies of up to EMAIL_TIMEOUT: the lease must be longer (checks.py)
            "NOTIFICATIONS_LEASE_SECONDS": "11", "NOTIFICATIONS_QUEUE_LEASE_SECONDS": "3",
            "NOTIFICATIONS_SMS_TIMEOUT": "2",
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1", "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue, "EMAIL_TIMEOUT": "2", "LOG_LEVEL": "INFO",
        })
        if self.smtp_port:
            env["EMAIL_URL"] = f"smtp://127.0.0.1:{self.smtp_port}"
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def start(self, name, beat=False, concurrency=0, **extra):
        """A worker (solo pool, or prefork with `concurrency` processes), optionally with an embedded beat."""
        pool = ["--pool=prefork", f"--concurrency={concurrency}"] if concurrency else ["--pool=solo"]
        cmd = [sys.executable, "-m", "celery", "-A", "config", "worker", *pool, "-l", "info",
               "-n", f"{name}-{self.queue}@%h", "-Q", self.queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if beat:
            cmd += ["--beat", "-s", str(self.tmp_path / f"beat-{name}")]
        log = open(self.tmp_path / f"{name}.log", "wb")
        proc = subprocess.Popen(cmd, cwd=REPO, env=self.env(**extra), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        proc.name = name
        self.procs.append(proc)
        return proc

    def kill(self, proc):
        """SIGKILL the worker and its embedded beat: no shutdown, no acknowledgement, mid-send."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)

    def log_of(self, name):
        return (self.tmp_path / f"{name}.log").read_text(errors="replace")

    def logs(self):
        return "\n".join(f"--- {p.name} ---\n" + (self.tmp_path / f"{p.name}.log").read_text(errors="replace")[-4000:]
                         for p in self.procs)


def wait_until(predicate, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def broker_app():
    """A Celery client of the live broker for the test process, without touching the project's app."""
    from celery import Celery

    app = Celery("triangle-live-test", broker=LIVE_BROKER, set_as_current=False)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS if LIVE_BROKER.startswith(
        "redis") else {}
    return app
