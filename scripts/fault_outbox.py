#!/usr/bin/env python
"""Fault test for the outbox (issue 16): does every due email go out exactly once when processes die?

    make fault-outbox                 # full run: 3,000 emails, 6 worker kills, both beats killed once
    .venv/bin/python scripts/fault_outbox.py --count 300 --rounds 2 --delay 0.05 --batch 25   # ~ CI (pytest -m fault)

Real processes only: PostgreSQL, Redis, an aiosmtpd SMTP server in this process (optionally slow: --delay
seconds per message), two Celery workers (prefork, --concurrency each) and two separate beats sweeping every
second. While the backlog drains it SIGKILLs a worker (its whole process group, so mid-send, no ack) in each
round and starts it again, and once SIGKILLs both beats and starts them again. Then it waits until nothing is
owed, waits a little longer for late repeats, and counts:

    due        rows owed              sent      rows marked sent     failed   rows failed for good
    received   emails the SMTP server accepted                        unique   distinct rows received
    duplicates received - unique      at boundary: repeats whose first copy was accepted within --window
               seconds before a SIGKILL, at most one per process of the killed worker (the documented window:
               the relay accepted it, then the process died before its "sent" UPDATE); the rest: beyond it
    lost       due rows never received (a sent row must have been received, and vice versa)

Exit status 0 when lost == 0 and every duplicate is at the boundary. The full run uses its own database
(FAULT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/triangle_fault: recreated and migrated) and
FAULT_BROKER_URL (default redis://127.0.0.1:6379/7), each run on a queue of its own.
tests/notifications/test_fault_script.py runs `run_faults` on the pytest database.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/triangle_fault"
DEFAULT_BROKER = "redis://127.0.0.1:6379/7"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """An aiosmtpd handler that keeps (key, Message-ID, when) for every accepted email."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        msg = message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.received.append((msg["X-Triangle-Key"], msg["Message-ID"], time.monotonic()))
        return "250 Message accepted for delivery"

    def count(self):
        with self.lock:
            return len(self.received)


@dataclass
class Counts:
    due: int = 0
    sent: int = 0
    failed: int = 0
    received: int = 0
    unique: int = 0
    duplicates: int = 0
    at_boundary: int = 0
    beyond_boundary: int = 0
    same_message_id: bool = True
    lost: int = 0
    sent_not_received: int = 0
    worker_kills: int = 0
    beat_kills: int = 0
    seconds: float = 0.0
    emails_per_second: float = 0.0
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return self.lost == 0 and self.beyond_boundary == 0 and self.sent_not_received == 0 and self.due == self.sent

    def report(self):
        lines = [f"due {self.due}, sent {self.sent}, failed {self.failed}, received {self.received} "
                 f"({self.unique} distinct), duplicates {self.duplicates} (at the SMTP boundary {self.at_boundary}, "
                 f"beyond it {self.beyond_boundary}, same Message-ID: {'yes' if self.same_message_id else 'NO'}), "
                 f"lost {self.lost}, sent but never received {self.sent_not_received}",
                 f"{self.worker_kills} worker SIGKILLs, {self.beat_kills} beat SIGKILLs, {self.seconds:.0f} s, "
                 f"{self.emails_per_second:.0f} emails/s"]
        lines += self.notes
        return "\n".join(lines)


class Fleet:
    """Two workers and two beats as process groups of their own: started, SIGKILLed, restarted, stopped."""

    def __init__(self, log_dir: Path, env: dict, queue: str, concurrency: int):
        self.log_dir, self.env, self.queue, self.concurrency = log_dir, env, queue, concurrency
        self.procs = {}
        self.starts = {}

    def start(self, name):
        self.starts[name] = self.starts.get(name, 0) + 1
        if name.startswith("beat"):
            cmd = ["beat", "-s", str(self.log_dir / f"{name}-schedule"), "-l", "info"]
        else:
            cmd = ["worker", "--pool=prefork", f"--concurrency={self.concurrency}", "-l", "info", "-Q", self.queue,
                   "-n", f"{name}-{self.queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        log = open(self.log_dir / f"{name}.{self.starts[name]}.log", "wb")
        self.procs[name] = subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", *cmd], cwd=ROOT,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def kill(self, name):
        proc = self.procs[name]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def stop_all(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    proc.wait(timeout=10)

    def dead(self):
        return [name for name, proc in self.procs.items() if proc.poll() is not None]


def make_backlog(count, families=200):
    """A throwaway setting with `families` carers and `count` due email rows interleaved across them."""
    from datetime import date, timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from families.models import Carer, CarerLink, Child, Room, Setting, User
    from notifications.models import Channel, Notification

    stamp = uuid.uuid4().hex[:8]
    setting = Setting.objects.create(name=f"Fault nursery {stamp}")
    room = Room.objects.create(setting=setting, name="Fault room")
    users = User.objects.bulk_create([User(email=f"fault{stamp}-{i}@example.test", full_name=f"Fault Carer {i}")
                                      for i in range(families)])
    children = Child.objects.bulk_create([
        Child(setting=setting, room=room, legal_first_name=f"Child{i}", legal_last_name="Fault",
              date_of_birth=date(2023, 1, 1), start_date=date(2024, 1, 1)) for i in range(max(1, families // 2))])
    carers = Carer.objects.bulk_create([Carer(setting=setting, user=u, full_name=u.full_name, email=u.email)
                                        for u in users])
    links = CarerLink.objects.bulk_create([
        CarerLink(child=children[i // 2 % len(children)], carer=c, relationship="mother") for i, c in enumerate(carers)])
    ct = ContentType.objects.get_for_model(CarerLink)
    due = timezone.now() - timedelta(seconds=1)
    Notification.objects.bulk_create([
        Notification(recipient_id=links[i % len(links)].carer.user_id, setting=setting, channel=Channel.EMAIL,
                     kind="medicine_dose_given", content_type=ct, object_id=links[i % len(links)].pk,
                     child_id=links[i % len(links)].child_id, need="diary", language="en-gb", due_at=due,
                     key=f"fault:{stamp}:{i}") for i in range(count)], batch_size=2000)
    return setting, users


def remove_backlog(setting, users):
    from families.models import Child, User
    from notifications.models import Notification

    Notification.objects.filter(setting=setting).delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    Child.objects.filter(setting=setting).delete()
    setting.delete()


def _database_url():
    from django.db import connection

    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += ":" + s["PASSWORD"]
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def run_faults(*, count=3000, rounds=6, broker=DEFAULT_BROKER, delay=0.15, concurrency=2, lease=11,
               email_timeout=2, batch=100, window=2.0, timeout=900, log_dir=None, say=print) -> Counts:
    """Run the faults against the Django database this process is connected to; returns the counts."""
    from aiosmtpd.controller import Controller

    from notifications.models import Notification

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    log_dir = Path(log_dir or tempfile.mkdtemp(prefix="fault-outbox-"))
    relay = Relay(delay)
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"fault-outbox-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DEBUG="1", DATABASE_URL=_database_url(), CELERY_BROKER_URL=broker,
               CELERY_TASK_DEFAULT_QUEUE=queue, EMAIL_URL=f"smtp://127.0.0.1:{port}", EMAIL_TIMEOUT=str(email_timeout),
               NOTIFICATIONS_LEASE_SECONDS=str(lease), NOTIFICATIONS_QUEUE_LEASE_SECONDS=str(lease),
               NOTIFICATIONS_BATCH_SIZE=str(batch), NOTIFICATIONS_SMS_TIMEOUT=str(email_timeout),
               NOTIFICATIONS_SWEEP_SECONDS="1", NOTIFICATIONS_SOURCES_SECONDS="3600", NOTIFICATIONS_KICK_ON_COMMIT="0",
               CELERY_VISIBILITY_TIMEOUT=str(lease * 2), CELERY_UNACKED_RESTORE_INTERVAL="1",
               CELERY_UNACKED_RESTORE_THROTTLE="1", LOG_LEVEL="INFO")
    setting, users = make_backlog(count)
    counts = Counts(due=count)
    fleet = Fleet(log_dir, env, queue, concurrency)
    kills = []  # monotonic times of worker SIGKILLs
    pending = Notification.objects.filter(setting=setting, sent_at__isnull=True, failed_at__isnull=True,
                                          cancelled_at__isnull=True)
    say(f"fault-outbox: {count} due emails, relay {delay:g} s/message, lease {lease} s, batch {batch}, "
        f"2 workers x {concurrency} + 2 beats; logs in {log_dir}")
    started = time.monotonic()
    try:
        for name in ("worker-a", "worker-b", "beat-a", "beat-b"):
            fleet.start(name)
        step = max(1, count // (rounds + 2))
        for i in range(rounds):
            target = relay.count() + step
            deadline = time.monotonic() + timeout / 2
            while relay.count() < target and pending.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            if not pending.exists():
                counts.notes.append(f"the backlog drained after {i} of {rounds} kill rounds")
                break
            victim = "worker-a" if i % 2 == 0 else "worker-b"
            fleet.kill(victim)  # mid-send: four processes are sending all the time
            kills.append(time.monotonic())
            counts.worker_kills += 1
            say(f"  SIGKILL {victim} at {relay.count()} received")
            if i == rounds // 2:
                fleet.kill("beat-a")
                fleet.kill("beat-b")
                counts.beat_kills += 2
                say("  SIGKILL both beats; nothing sweeps for 3 s")
                time.sleep(3)
                fleet.start("beat-a")
                fleet.start("beat-b")
            time.sleep(1)
            fleet.start(victim)
        deadline = time.monotonic() + timeout
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
            for name in fleet.dead():  # a crash we did not cause: note it and restart
                counts.notes.append(f"{name} died on its own; restarted")
                fleet.start(name)
        counts.seconds = time.monotonic() - started
        counts.emails_per_second = relay.count() / counts.seconds if counts.seconds else 0
        if pending.exists():
            counts.notes.append(f"timed out after {timeout} s with {pending.count()} rows still owed")
        time.sleep(lease + 3)  # late repeats would come within a lease and a few sweeps
    finally:
        fleet.stop_all()
        controller.stop()
    rows = Notification.objects.filter(setting=setting)
    keys = set(rows.values_list("key", flat=True))
    sent_keys = set(rows.filter(sent_at__isnull=False).values_list("key", flat=True))
    counts.sent = len(sent_keys)
    counts.failed = rows.filter(failed_at__isnull=False).count()
    received = [r for r in relay.received if r[0] in keys]
    counts.received = len(received)
    first_seen, ids, per_kill = {}, {}, {}
    for key, message_id, when in received:
        if key in first_seen:
            counts.duplicates += 1
            # At the boundary: the first copy was accepted just before a SIGKILL, and that kill can account for
            # at most one repeat per worker process (each was sending one message when it died).
            kill = next((k for k in kills if 0 <= k - first_seen[key] <= window), None)
            if kill is not None and per_kill.get(kill, 0) < concurrency:
                per_kill[kill] = per_kill.get(kill, 0) + 1
                counts.at_boundary += 1
            else:
                counts.beyond_boundary += 1
            counts.same_message_id &= ids[key] == message_id
        else:
            first_seen[key], ids[key] = when, message_id
    counts.unique = len(first_seen)
    counts.lost = len(keys - set(first_seen))
    counts.sent_not_received = len(sent_keys - set(first_seen))
    remove_backlog(setting, users)
    say(counts.report())
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("FAULT_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--broker", default=os.environ.get("FAULT_BROKER_URL", DEFAULT_BROKER))
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=6, help="worker SIGKILLs (alternating); beats once, halfway")
    parser.add_argument("--delay", type=float, default=0.15,
                        help="seconds the SMTP server takes per message (0.15 x batch 100 = 15 s, beyond the lease)")
    parser.add_argument("--concurrency", type=int, default=2, help="processes per worker")
    parser.add_argument("--lease", type=int, default=11, help="must exceed 5 x --email-timeout (system check)")
    parser.add_argument("--email-timeout", type=float, default=2)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--window", type=float, default=2.0)
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--reuse", action="store_true", help="keep the database (only migrate)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.update({"DATABASE_URL": args.database_url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"})
    if not args.reuse:
        from scripts.bench import recreate_database

        recreate_database(args.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=dict(os.environ), check=True)
    import django

    django.setup()
    counts = run_faults(count=args.count, rounds=args.rounds, broker=args.broker, delay=args.delay,
                        concurrency=args.concurrency, lease=args.lease, email_timeout=args.email_timeout,
                        batch=args.batch, window=args.window, timeout=args.timeout)
    print("counts:", {k: v for k, v in asdict(counts).items() if k != "notes"})
    sys.exit(0 if counts.ok else 1)


if __name__ == "__main__":
    main()
