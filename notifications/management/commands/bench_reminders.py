"""Benchmark: reminders per second from a backlog, with one real Celery worker, in-app and email.

    python manage.py bench_reminders --count 10000 --channel in_app --channel email

Creates a throwaway setting with families and a backlog of due rows, starts ONE worker process
(solo pool) against the broker, starts a local SMTP server (aiosmtpd) for email, sweeps once and
times until every row is sent. Everything it created is deleted afterwards.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from families.models import Carer, CarerLink, Child, Room, Setting, User

from ... import sending
from ...models import Notification

BASE_DIR = Path(settings.BASE_DIR)


class _CountingHandler:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += ":" + s["PASSWORD"]
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Command(BaseCommand):
    help = "Measure reminders/second with one Celery worker from a backlog of due reminders."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10000)
        parser.add_argument("--channel", action="append", choices=["in_app", "email"])
        parser.add_argument("--families", type=int, default=200, help="distinct recipients")
        parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", settings.CELERY_BROKER_URL))
        parser.add_argument("--timeout", type=int, default=600)

    def handle(self, *args, count, channel, families, broker, timeout, **options):
        channels = channel or ["in_app", "email"]
        results = {}
        setting, users = self._families(families)
        try:
            for ch in channels:
                results[ch] = self._run(ch, count, setting, users, broker, timeout)
        finally:
            Notification.objects.filter(setting=setting).delete()
            User.objects.filter(pk__in=[u.pk for u in users]).delete()
            Child.objects.filter(setting=setting).delete()
            setting.delete()
        for ch, (rate, elapsed) in results.items():
            self.stdout.write(f"{ch}: {count} reminders in {elapsed:.1f} s = {rate:.0f}/s (one worker, {broker.split('://')[0]} broker, "
                              f"{connection.vendor})")

    def _families(self, n):
        setting = Setting.objects.create(name="Benchmark nursery")
        room = Room.objects.create(setting=setting, name="Bench room")
        stamp = int(time.time())
        users = User.objects.bulk_create([User(email=f"bench{stamp}-{i}@example.test", full_name=f"Bench Carer {i}")
                                          for i in range(n)])
        children = Child.objects.bulk_create([
            Child(setting=setting, room=room, legal_first_name=f"Child{i}", legal_last_name="Bench",
                  date_of_birth=date(2023, 1, 1), start_date=date(2024, 1, 1)) for i in range(n // 2 or 1)])
        carers = Carer.objects.bulk_create([Carer(setting=setting, user=u, full_name=u.full_name, email=u.email)
                                            for u in users])
        self.links = CarerLink.objects.bulk_create([
            CarerLink(child=children[i // 2 % len(children)], carer=c, relationship="mother") for i, c in enumerate(carers)])
        return setting, users

    def _run(self, ch, count, setting, users, broker, timeout):
        ct = ContentType.objects.get_for_model(CarerLink)
        now = timezone.now() - timedelta(seconds=1)
        stamp = time.time_ns()
        rows = []
        for i in range(count):
            link = self.links[i % len(self.links)]  # interleaved: each batch has many different people
            rows.append(Notification(
                recipient_id=link.carer.user_id, setting=setting, channel=ch, kind="medicine_dose_given",
                content_type=ct, object_id=link.pk, child_id=link.child_id, need="diary", language="en-gb",
                due_at=now, key=f"bench:{stamp}:{i}"))
        Notification.objects.bulk_create(rows, batch_size=2000)

        queue = f"bench-reminders-{stamp}"  # a queue of its own: nothing else on the broker takes its messages
        env = dict(os.environ, CELERY_BROKER_URL=broker, CELERY_TASK_DEFAULT_QUEUE=queue, DATABASE_URL=_database_url(), DEBUG="1",
                   NOTIFICATIONS_SWEEP_SECONDS="3600", NOTIFICATIONS_SOURCES_SECONDS="3600", LOG_LEVEL="WARNING")
        controller = handler = None
        if ch == "email":
            from aiosmtpd.controller import Controller

            logging.getLogger("mail.log").setLevel(logging.WARNING)  # a log line per SMTP command would be the bottleneck

            handler = _CountingHandler()
            port = _free_port()
            controller = Controller(handler, hostname="127.0.0.1", port=port)
            controller.start()
            env["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
        log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False)
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench-{stamp}@%h", "-Q", queue],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while b"ready" not in Path(log.name).read_bytes():
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise CommandError(f"The worker did not start; see {log.name}")
                time.sleep(0.2)
            from celery import Celery

            client = Celery("bench", broker=broker, set_as_current=False)
            pending = Notification.objects.filter(setting=setting, channel=ch, sent_at__isnull=True,
                                                  failed_at__isnull=True)
            started = time.monotonic()
            sending.sweep(enqueue=lambda ids, token: client.send_task(
                "notifications.tasks.send_batch", args=[ids, token], queue=queue), limit=count)
            while pending.exists():
                if time.monotonic() - started > timeout:
                    raise CommandError(f"Timed out with {pending.count()} left; see {log.name}")
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            if handler is not None and handler.count < count:
                raise CommandError(f"Only {handler.count} of {count} emails reached the SMTP server")
            return count / elapsed, elapsed
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            if controller is not None:
                controller.stop()
