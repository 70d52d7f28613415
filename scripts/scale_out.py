"""Scale-out test: three gunicorns, two Celery workers and one beat on one PostgreSQL, one Redis and an S3 server,
under load, while one gunicorn and one worker are killed and Redis restarts. Then: was anything lost?

    make scale-out                                   # the full run: 20 staff, 200 carers, 5 minutes
    .venv/bin/python scripts/scale_out.py --short    # ~1 minute of load, fewer people (what CI runs)
    SCALE_OUT_DATABASE_URL=postgres://... .venv/bin/python scripts/scale_out.py --duration 120 --json out.json

It starts everything itself: a Redis of its own on a free port, moto's S3 server, an SMTP sink (aiosmtpd),
the gunicorns (deploy/gunicorn.conf.py, DEBUG off, collected static files), the workers and the beat, in a
fresh database (`SCALE_OUT_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/triangle_scaleout,
dropped and created). tests/scale/test_scale_out.py runs the short version on pytest's test database.

The load is a bounded Python generator: every staff member and carer is a thread with its own session and
think time (a closed loop: nobody sends a new request before the last one answered). A small "load balancer"
spreads every request over the live web processes, round robin, with no stickiness; a process that refuses
connections is skipped for a while (nginx's max_fails). Like nginx, it retries a request on another process
only when the connection was refused (nothing was sent) or the request was a GET; a POST whose answer was
lost is counted as "outcome unknown" and never sent twice.

Afterwards it checks (docs/scaling.md shows a run):
- every write answered with a redirect (Triangle's 2xx-equivalent after POST) is in the database exactly once,
  and no write whose answer was lost is there twice;
- every uploaded photo is in the bucket without EXIF, and reads give the bucket's bytes, also from web
  processes other than the one that took the upload;
- every notification due in the window (reminders queued ahead, and those the load itself caused) was sent,
  and each email reached the SMTP server once (a worker killed between the SMTP reply and its UPDATE may
  repeat that one email, with the same Message-ID; counted and reported, at most one per killed worker);
- no response was a 5xx; no session was lost (nobody was sent to the login page) after the process that
  made it died or Redis restarted;
- p50/p95/p99 per kind of request.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECRET = "scale-out-" + "s" * 50
PASSWORD = "scale-out-password-2026"


@dataclass
class Plan:
    staff: int = 20
    carers: int = 200
    duration: float = 300.0
    web: int = 3
    web_workers: int = 2
    workers: int = 2
    reminders: int = 200
    staff_think: tuple = (2.0, 4.0)
    carer_think: tuple = (6.0, 12.0)
    drain: float = 90.0
    # Faults, as fractions of the duration.
    kill_web_at: float = 0.3
    kill_worker_at: float = 0.45
    restart_redis_at: float = 0.6

    @classmethod
    def short(cls):
        return cls(staff=6, carers=40, duration=50.0, web_workers=1, reminders=40, staff_think=(1.5, 3.0),
                   carer_think=(3.0, 6.0), drain=60.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc=None, timeout=60.0, what="process"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout:.0f} s")


# --- the SMTP sink ------------------------------------------------------------------------------------------


class SmtpSink:
    """Counts every message by its idempotency key (X-Triangle-Key) and Message-ID."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.keys = Counter()
        self.message_ids = {}
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        from email import message_from_bytes
        from email.policy import default

        msg = message_from_bytes(envelope.content, policy=default)
        with self.lock:
            self.keys[msg["X-Triangle-Key"]] += 1
            self.message_ids.setdefault(msg["X-Triangle-Key"], set()).add(msg["Message-ID"])
        return "250 OK"

    def start(self):
        import logging

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


# --- the processes ------------------------------------------------------------------------------------------


class Cluster:
    """Redis, S3, gunicorns, workers and beat as subprocesses, each in its own process group (kill = killpg)."""

    def __init__(self, plan: Plan, database_url: str, workdir: Path, smtp_port: int, static_root: Path):
        self.plan, self.database_url, self.workdir = plan, database_url, workdir
        self.smtp_port, self.static_root = smtp_port, static_root
        self.redis_port = free_port()
        self.queue = f"scaleout-{uuid.uuid4().hex[:8]}"
        self.redis = self.moto = self.bucket = self.beat = None
        self.web: list[dict] = []
        self.workers: list[subprocess.Popen] = []
        self.events: list[tuple[float, str]] = []
        workdir.mkdir(parents=True, exist_ok=True)

    def log(self, name):
        return open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115

    def env(self):
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SENTRY_DSN"}}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", SECRET_KEY=self.secret_key(),
            ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
            SECURE_HSTS_PRELOAD="0", STATIC_ROOT=str(self.static_root), DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            CACHE_URL=f"rediscache://127.0.0.1:{self.redis_port}/1",
            MEDIA_STORAGE_URL=self.bucket.url, EMAIL_URL=f"smtp://127.0.0.1:{self.smtp_port}",
            EMAIL_TIMEOUT="1.5", NOTIFICATIONS_SMS_TIMEOUT="5",  # one send must fit twice in the 15 s lease
            CELERY_TASK_DEFAULT_QUEUE=self.queue,
            # Short leases and sweeps so that what a dead worker or a lost Redis held comes back within the run.
            NOTIFICATIONS_SWEEP_SECONDS="3", NOTIFICATIONS_SOURCES_SECONDS="3600",
            NOTIFICATIONS_LEASE_SECONDS="15", NOTIFICATIONS_QUEUE_LEASE_SECONDS="15",
            CELERY_VISIBILITY_TIMEOUT="30", CELERY_UNACKED_RESTORE_INTERVAL="5", CELERY_UNACKED_RESTORE_THROTTLE="5",
            LOG_LEVEL="WARNING", ACCESS_LOG="1", REQUIRE_MFA_FOR_MANAGERS_AND_DSLS="1",
        )
        return env

    @staticmethod
    def secret_key():
        """The orchestrator writes the sessions: the servers must sign with the same key."""
        from django.conf import settings

        return settings.SECRET_KEY

    def _popen(self, name, args, **kwargs):
        return subprocess.Popen(args, cwd=ROOT, env=kwargs.pop("env", None) or self.env(), stdout=self.log(name),
                                stderr=subprocess.STDOUT, start_new_session=True, **kwargs)

    def start_storage(self):
        from tests.s3 import MotoServer

        self.start_redis()
        self.moto = MotoServer(log_path=self.workdir / "moto.log").start()
        self.bucket = self.moto.create_bucket()

    def start_redis(self):
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=self.log("redis"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.redis_port, self.redis, what="redis-server")

    def start_services(self):
        bin_dir = Path(sys.executable).parent
        for i in range(self.plan.web):
            port = free_port()
            env = dict(self.env(), GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(self.plan.web_workers))
            proc = self._popen(f"web{i}", [str(bin_dir / "gunicorn"), "config.wsgi", "--config",
                                           "deploy/gunicorn.conf.py"], env=env)
            self.web.append({"name": f"web{i}", "port": port, "proc": proc, "alive": True})
        for i in range(self.plan.workers):
            self.workers.append(self._popen(f"worker{i}", [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=1", "-Q", self.queue,
                "-n", f"{self.queue}-w{i}@%h", "--without-gossip", "--without-mingle", "-l", "warning"]))
        self.beat = self._popen("beat", [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "warning",
                                         f"--schedule={self.workdir / 'beat-schedule'}"])
        for web in self.web:
            wait_for_port(web["port"], web["proc"], timeout=120, what=web["name"])
        self._wait_workers_ready()

    def _wait_workers_ready(self, timeout=120):
        from celery import Celery

        # Celery prefers the environment's CELERY_BROKER_URL to any broker= argument: point it here meanwhile.
        saved = os.environ.get("CELERY_BROKER_URL")
        os.environ["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        app = Celery("scaleout-probe", broker=os.environ["CELERY_BROKER_URL"], set_as_current=False)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                for proc in self.workers:
                    if proc.poll() is not None:
                        raise RuntimeError("a Celery worker exited; see its log in " + str(self.workdir))
                replies = app.control.ping(timeout=1.0) or []
                if len([r for r in replies if any(self.queue in name for name in r)]) >= len(self.workers):
                    return
            raise RuntimeError("the Celery workers did not answer a ping")
        finally:
            app.close()
            if saved is None:
                os.environ.pop("CELERY_BROKER_URL", None)
            else:
                os.environ["CELERY_BROKER_URL"] = saved

    def note(self, started, what):
        self.events.append((round(time.monotonic() - started, 1), what))
        print(f"[{time.monotonic() - started:6.1f}s] {what}", flush=True)

    def kill_web(self, index, started):
        web = self.web[index]
        os.killpg(web["proc"].pid, signal.SIGKILL)
        web["proc"].wait(10)
        web["alive"] = False
        self.note(started, f"killed {web['name']} (SIGKILL to gunicorn and its workers)")

    def kill_worker(self, index, started):
        proc = self.workers[index]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        self.note(started, f"killed worker{index} (SIGKILL, mid-task if it had one)")

    def restart_redis(self, started):
        self.redis.terminate()
        self.redis.wait(10)
        self.note(started, "Redis stopped (queued messages and cache lost)")
        time.sleep(1.0)
        self.start_redis()
        self.note(started, "Redis started again")

    def stop(self):
        procs = [w["proc"] for w in self.web] + self.workers + [self.beat, self.redis]
        for proc in procs:
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for proc in procs:
            if proc is not None:
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        if self.moto:
            self.moto.stop()


def collect_static(target: Path, env: dict):
    """DEBUG off serves hashed static names: collect once, again only when static/ changed."""
    sources = sorted(p for p in (ROOT / "static").rglob("*") if p.is_file())
    stamp = hashlib.sha256("".join(f"{p}:{p.stat().st_mtime_ns}" for p in sources).encode()).hexdigest()
    marker = target / ".scale-out-stamp"
    if marker.exists() and marker.read_text() == stamp and (target / "staticfiles.json").exists():
        return
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env={**env, "STATIC_ROOT": str(target)}, check=True, timeout=600)
    marker.write_text(stamp)


# --- the people ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    kind: str  # "staff" | "carer"
    user_id: int
    email: str
    session: str = ""
    csrf: str = field(default_factory=lambda: uuid.uuid4().hex)
    room_id: int = 0
    children: list = field(default_factory=list)  # child ids
    link_ids: dict = field(default_factory=dict)  # child id -> carer link id (for check-out)
    login_on: int | None = None  # logs in through this web process's login form (the others get a session)


def seed(plan: Plan, window_start, window_end):
    """One setting (rooms, practitioners, children, carers with email), sessions, and reminders due in the window."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from families.models import Carer, CarerLink, Child, KeyPersonAssignment, Membership, Room, Setting, User

    Notification = _notification_model()
    stamp = uuid.uuid4().hex[:6]
    setting = Setting.objects.create(name=f"Scale-out nursery {stamp}")
    rooms = [Room.objects.create(setting=setting, name=f"Room {i + 1}") for i in range(4)]
    today = timezone.localdate()
    n_children = max(len(rooms), math.ceil(plan.carers * 0.6))
    children = Child.objects.bulk_create([
        Child(setting=setting, room=rooms[i % len(rooms)], legal_first_name=f"Child{i}", legal_last_name="Scale",
              date_of_birth=today - timedelta(days=800 + i), start_date=today - timedelta(days=100),
              photo_consent=True)
        for i in range(n_children)])
    people = []
    staff_users = User.objects.bulk_create([
        User(email=f"staff{i}-{stamp}@scale.test", full_name=f"Staff {i}", language="en-gb")
        for i in range(plan.staff)])
    memberships = []
    for i, user in enumerate(staff_users):
        room = rooms[i % len(rooms)]
        membership = Membership.objects.create(user=user, setting=setting, role=Membership.Role.PRACTITIONER)
        membership.rooms.set([room])
        memberships.append(membership)
        people.append(Person("staff", user.pk, user.email, room_id=room.pk,
                             children=[c.pk for c in children if c.room_id == room.pk]))
    by_room = defaultdict(list)
    for m, room in zip(memberships, [rooms[i % len(rooms)] for i in range(plan.staff)], strict=True):
        by_room[room.pk].append(m)
    KeyPersonAssignment.objects.bulk_create([
        KeyPersonAssignment(child=c, staff=by_room[c.room_id][i % len(by_room[c.room_id])],
                            starts_on=today - timedelta(days=100))
        for i, c in enumerate(children) if by_room[c.room_id]])
    carer_users = User.objects.bulk_create([
        User(email=f"carer{i}-{stamp}@scale.test", full_name=f"Carer {i}", language="en-gb")
        for i in range(plan.carers)])
    carers = Carer.objects.bulk_create([
        Carer(setting=setting, user=u, full_name=u.full_name, email=u.email, preferred_channel="email")
        for u in carer_users])
    links = CarerLink.objects.bulk_create([
        CarerLink(child=children[i % n_children], carer=c, relationship="mother" if i < n_children else "father",
                  parental_responsibility=True, lives_with_child=True, may_collect=True, emergency_contact=True,
                  can_see_concerns=True)
        for i, c in enumerate(carers)])
    for link, user in zip(links, carer_users, strict=True):
        people.append(Person("carer", user.pk, user.email, children=[link.child_id]))
    first_link = {}
    for link in links:
        first_link.setdefault(link.child_id, link.pk)  # who collects, at check-out
    for p in people:
        if p.kind == "staff":
            p.link_ids = {c: first_link[c] for c in p.children if c in first_link}

    # Sessions as the login form would leave them (in PostgreSQL); a few staff really log in through the form.
    users = {u.pk: u for u in User.objects.filter(pk__in=[p.user_id for p in people])}
    for i, p in enumerate(people):
        if p.kind == "staff" and i < 3:
            # The servers' own hasher (a test run may have swapped the orchestrator's for a fast one).
            users[p.user_id].password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
            users[p.user_id].save(update_fields=["password"])
            p.login_on = 1  # the process that will be killed
            continue
        store = SessionStore()
        store[SESSION_KEY] = str(p.user_id)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = users[p.user_id].get_session_auth_hash()
        store.set_expiry(3600)
        store.create()
        p.session = store.session_key

    # Reminders due across the window (as reminder sources queue them), emailed to carers.
    ct = ContentType.objects.get_for_model(CarerLink)
    span = (window_end - window_start).total_seconds()
    Notification.objects.bulk_create([
        Notification(recipient_id=links[i % len(links)].carer.user_id, setting=setting, channel="email",
                     kind="medicine_dose_given", content_type=ct, object_id=links[i % len(links)].pk,
                     child_id=links[i % len(links)].child_id, need="diary", language="en-gb",
                     due_at=window_start + timedelta(seconds=span * i / max(1, plan.reminders)),
                     key=f"scaleout:{stamp}:{i}")
        for i in range(plan.reminders)])
    return setting, people


def _notification_model():
    from django.apps import apps

    return apps.get_model("notifications", "Notification")


# --- the load -----------------------------------------------------------------------------------------------


class Unknown(Exception):
    """The request was sent but its answer was lost (the process died under it)."""


class Balancer:
    """Round robin over the live web processes; a refusing process is skipped for 10 s (nginx max_fails)."""

    def __init__(self, web):
        self.web = web
        self.next = 0
        self.down_until = {}
        self.lock = threading.Lock()

    def order(self):
        with self.lock:
            n = len(self.web)
            start = self.next
            self.next = (self.next + 1) % n
        now = time.monotonic()
        candidates = [(start + k) % n for k in range(n)]
        up = [i for i in candidates if self.down_until.get(i, 0) <= now]
        return up + [i for i in candidates if i not in up]

    def mark_down(self, index):
        with self.lock:
            self.down_until[index] = time.monotonic() + 10


class Load:
    def __init__(self, plan: Plan, cluster: Cluster, people: list[Person], started: float):
        self.plan, self.cluster, self.people, self.started = plan, cluster, people, started
        self.balancer = Balancer(cluster.web)
        self.lock = threading.Lock()
        self.requests = []  # (t, label, web index, status, seconds)
        self.writes = []  # dicts: kind, marker, status/outcome, web, details
        self.photo_reads = []  # (photo id, web index, sha256)
        self.logged_out = []
        self.errors = []
        self.stop = threading.Event()
        self.logins_pending = sum(1 for p in people if p.login_on is not None)
        self.logins_done = threading.Event()
        if not self.logins_pending:
            self.logins_done.set()

    # HTTP ------------------------------------------------------------------------------------------------
    def _send(self, index, method, path, person, body=None, content_type=None):
        web = self.cluster.web[index]
        conn = http.client.HTTPConnection("127.0.0.1", web["port"], timeout=60)
        cookies = f"csrftoken={person.csrf}" + (f"; sessionid={person.session}" if person.session else "")
        headers = {"Cookie": cookies, "Host": "127.0.0.1", "X-Request-ID": uuid.uuid4().hex}
        if method == "POST":
            headers.update({"X-CSRFToken": person.csrf, "Content-Type": content_type,
                            "Referer": f"http://127.0.0.1:{web['port']}/"})
        try:
            conn.request(method, path, body=body, headers=headers)
        except ConnectionRefusedError:
            conn.close()
            raise
        except OSError as error:
            conn.close()
            raise Unknown(str(error)) from error
        try:
            response = conn.getresponse()
            data = response.read()
            return response, data
        except (OSError, http.client.HTTPException) as error:
            raise Unknown(str(error)) from error
        finally:
            conn.close()

    def request(self, label, method, path, person, body=None, content_type=None, prefer=None):
        order = self.balancer.order() if prefer is None else [prefer]
        last = None
        for index in order:
            t0 = time.monotonic()
            try:
                response, data = self._send(index, method, path, person, body, content_type)
            except ConnectionRefusedError as error:
                self.balancer.mark_down(index)
                last = error
                continue
            except Unknown:
                self.balancer.mark_down(index)
                if method == "GET":
                    continue
                raise
            seconds = time.monotonic() - t0
            with self.lock:
                self.requests.append((t0 - self.started, label, index, response.status, seconds))
            location = response.getheader("Location") or ""
            if "/accounts/login/" in location and label != "login":
                with self.lock:
                    self.logged_out.append((t0 - self.started, person.email, label, index))
            return response, data, index
        raise Unknown(f"no web process answered: {last}")

    # Forms -----------------------------------------------------------------------------------------------
    @staticmethod
    def form(fields):
        from urllib.parse import urlencode

        return urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"

    @staticmethod
    def multipart(fields, files):
        boundary = uuid.uuid4().hex
        out = io.BytesIO()
        for name, value in fields:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content in files:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                      f"Content-Type: image/jpeg\r\n\r\n".encode())
            out.write(content + b"\r\n")
        out.write(f"--{boundary}--\r\n".encode())
        return out.getvalue(), f"multipart/form-data; boundary={boundary}"

    def write(self, kind, person, path, fields, files=None, **details):
        marker = f"so-{kind}-{uuid.uuid4().hex[:12]}"
        fields = [(k, marker if v == "{marker}" else v) for k, v in fields]
        body, ctype = self.multipart(fields, files) if files else self.form(fields)
        record = {"kind": kind, "marker": marker, "user": person.email, **details}
        try:
            response, data, index = self.request(kind, "POST", path, person, body, ctype)
            record.update(status=response.status, web=index)
            if "/accounts/login/" in (response.getheader("Location") or ""):
                record["status"] = "logged out"
            elif response.status == 200:  # the form came back: refused with a message (e.g. already checked in)
                record["refused"] = True
        except Unknown as error:
            record.update(status=None, outcome="unknown", error=str(error))
        with self.lock:
            self.writes.append(record)
        return record

    # What people do --------------------------------------------------------------------------------------
    def local_time(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo("Europe/London")).strftime("%H:%M")

    def staff_loop(self, person: Person, rng: random.Random):
        checked_in, checked_out = set(), set()
        if person.login_on is not None:
            try:
                self.login(person)
            except Exception as error:  # noqa: BLE001
                self.errors.append(f"staff {person.email}: {error!r}")
                return
        while not self.stop.is_set():
            roll = rng.random()
            child = rng.choice(person.children)
            try:
                if roll < 0.35:
                    picked = rng.sample(person.children, k=min(3, len(person.children)))
                    self.write("board", person, f"/diary/room/{person.room_id}/board/quick/",
                               [("kind", "note"), ("time", self.local_time()), ("text", "{marker}")]
                               + [("child", c) for c in picked], children=picked)
                elif roll < 0.50:
                    candidates = [c for c in person.children if c not in checked_in]
                    if candidates:
                        c = rng.choice(candidates)
                        rec = self.write("check_in", person, f"/diary/child/{c}/check-in/",
                                         [("brought_by", "{marker}"), ("time", self.local_time())], child=c)
                        checked_in.add(c)
                        if rec.get("status") == 302:
                            rec["checked_in"] = True
                elif roll < 0.60:
                    candidates = [c for c in checked_in if c not in checked_out and c in person.link_ids]
                    if candidates:
                        c = rng.choice(candidates)
                        self.write("check_out", person, f"/diary/child/{c}/check-out/",
                                   [("collector", f"link:{person.link_ids[c]}"), ("time", self.local_time()),
                                    ("day_summary", "{marker}")], child=c)
                        checked_out.add(c)
                elif roll < 0.75:
                    self.write("photo", person, f"/diary/child/{child}/photo/add/",
                               [("caption", "{marker}"), ("children", child)],
                               files=[("image", "IMG_1234.jpg", photo_bytes(rng))], child=child)
                else:
                    self.request("board_view", "GET", f"/diary/room/{person.room_id}/board/", person)
            except Unknown:
                pass
            except Exception as error:  # noqa: BLE001
                self.errors.append(f"staff {person.email}: {error!r}")
            self.stop.wait(rng.uniform(*self.plan.staff_think))

    def carer_loop(self, person: Person, rng: random.Random):
        child = person.children[0]
        while not self.stop.is_set():
            roll = rng.random()
            try:
                if roll < 0.45:
                    self.read_day(person, child, rng)
                elif roll < 0.65:
                    _r, data, _i = self.request("day", "GET", f"/diary/child/{child}/", person)
                    entries = re.findall(rb"/diary/entry/(\d+)/comment/", data)
                    if entries:
                        entry = int(rng.choice(entries))
                        self.write("comment", person, f"/diary/entry/{entry}/comment/", [("text", "{marker}")],
                                   entry=entry)
                elif roll < 0.80:
                    self.write("handover", person, f"/diary/child/{child}/handover/",
                               [("notes", "{marker}"), ("mood_health", "Fine")], child=child)
                else:
                    self.read_day(person, child, rng, photos=True)
            except Unknown:
                pass
            except Exception as error:  # noqa: BLE001
                self.errors.append(f"carer {person.email}: {error!r}")
            self.stop.wait(rng.uniform(*self.plan.carer_think))

    def read_day(self, person, child, rng, photos=False):
        _r, data, _i = self.request("day", "GET", f"/diary/child/{child}/", person)
        if photos:
            ids = sorted({int(x) for x in re.findall(rb"/diary/photo/(\d+)/", data)})
            for photo_id in rng.sample(ids, k=min(2, len(ids))):
                response, content, index = self.request("photo", "GET", f"/diary/photo/{photo_id}/", person)
                if response.status == 200:
                    with self.lock:
                        self.photo_reads.append((photo_id, index, hashlib.sha256(content).hexdigest()))

    def login(self, person: Person):
        body, ctype = self.form([("login", person.email), ("password", PASSWORD),
                                 ("csrfmiddlewaretoken", person.csrf)])
        try:
            response, _data, index = self.request("login", "POST", "/accounts/login/", person, body, ctype,
                                                  prefer=person.login_on)
        except Unknown:  # no answer: log in again, anywhere (a login made twice is harmless)
            response, _data, index = self.request("login", "POST", "/accounts/login/", person, body, ctype)
        finally:
            with self.lock:
                self.logins_pending -= 1
                if not self.logins_pending:
                    self.logins_done.set()
        cookie = response.getheader("Set-Cookie") or ""
        found = re.search(r"sessionid=([a-z0-9]+)", cookie)
        if response.status != 302 or not found:
            raise RuntimeError(f"login through web{index} failed: {response.status}")
        person.session = found.group(1)
        person.logged_in_on = index

    def cross_check_photos(self):
        """Every accepted photo, read by a carer of a tagged child through a live process other than the uploader."""
        from diaries.models import Photo

        carers = defaultdict(list)
        for p in self.people:
            if p.kind == "carer":
                carers[p.children[0]].append(p)
        accepted = {w["marker"]: w["web"] for w in self.writes if w["kind"] == "photo" and w.get("status") == 302}
        alive = [i for i, web in enumerate(self.cluster.web) if web["alive"]]
        for photo in Photo.objects.filter(caption__in=list(accepted)).prefetch_related("children"):
            readers = [c for child in photo.children.all() for c in carers.get(child.pk, [])]
            others = [i for i in alive if i != accepted[photo.caption]]
            if not readers or not others:
                continue
            response, content, index = self.request("photo", "GET", f"/diary/photo/{photo.pk}/", readers[0],
                                                    prefer=others[0])
            if response.status == 200:
                self.photo_reads.append((photo.pk, index, hashlib.sha256(content).hexdigest()))

    def run(self, faults):
        threads = []
        for i, person in enumerate(self.people):
            rng = random.Random(i)
            target = self.staff_loop if person.kind == "staff" else self.carer_loop
            threads.append(threading.Thread(target=target, args=(person, rng), daemon=True, name=person.email))
        for t in threads:
            t.start()
            time.sleep(0.005)
        deadline = self.started + self.plan.duration
        for at, action in sorted(faults):
            while time.monotonic() < self.started + at:
                time.sleep(0.2)
            action()
        while time.monotonic() < deadline:
            time.sleep(0.2)
        self.stop.set()
        for t in threads:
            t.join(90)


def photo_bytes(rng) -> bytes:
    """A small JPEG with EXIF (camera and GPS) that must never reach the bucket."""
    from PIL import Image

    image = Image.new("RGB", (320, 240), tuple(rng.randrange(256) for _ in range(3)))
    exif = Image.Exif()
    exif[0x010F] = "ScaleCam"
    exif[0x8825] = {1: "N", 2: (53.0, 48.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=80)
    return out.getvalue()


# --- the checks ---------------------------------------------------------------------------------------------


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def verify(load: Load, cluster: Cluster, setting, window_end, sink: SmtpSink, worker_kills: int):
    from PIL import Image

    from diaries.models import Attendance, DiaryEntry, EntryComment, Handover, Photo

    problems = []
    report = {"events": cluster.events}

    # Requests: no 5xx, latency.
    statuses = Counter(status for _t, _l, _i, status, _s in load.requests)
    report["requests"] = len(load.requests)
    report["statuses"] = dict(sorted(statuses.items()))
    report["per_web"] = dict(sorted(Counter(f"web{i}" for _t, _l, i, _s, _x in load.requests).items()))
    report["rps"] = round(len(load.requests) / load.plan.duration, 1)
    fivexx = [(round(t, 1), label, f"web{i}", status) for t, label, i, status, _s in load.requests if status >= 500]
    if fivexx:
        problems.append(f"{len(fivexx)} responses were 5xx: {fivexx[:10]}")
    latency = {}
    by_label = defaultdict(list)
    for _t, label, _i, _status, seconds in load.requests:
        by_label[label].append(seconds * 1000)
        by_label["all"].append(seconds * 1000)
    for label, values in sorted(by_label.items()):
        latency[label] = {"n": len(values), "p50_ms": round(percentile(values, 50)),
                          "p95_ms": round(percentile(values, 95)), "p99_ms": round(percentile(values, 99))}
    report["latency"] = latency
    if load.logged_out:
        problems.append(f"{len(load.logged_out)} requests were sent to the login page: {load.logged_out[:5]}")
    if load.errors:
        problems.append(f"load generator errors: {load.errors[:5]}")

    # Writes: each accepted one exactly once; an unknown one at most once.
    counters = Counter()
    for w in load.writes:
        kind, marker = w["kind"], w["marker"]
        if kind == "board":
            found, want = DiaryEntry.objects.filter(text=marker).count(), len(w["children"])
        elif kind == "check_in":
            found, want = Attendance.objects.filter(brought_by=marker).count(), 1
        elif kind == "check_out":
            found, want = Attendance.objects.filter(day_summary=marker).count(), 1
        elif kind == "photo":
            found, want = Photo.objects.filter(caption=marker).count(), 1
        elif kind == "comment":
            found, want = EntryComment.objects.filter(text=marker).count(), 1
        elif kind == "handover":
            # A second handover the same day updates the first: the marker lives on in its history.
            found = min(1, Handover.history.filter(notes=marker).count())
            want = 1
        else:
            continue
        outcome = "unknown" if w.get("status") is None else ("accepted" if w["status"] == 302 else
                                                              "refused" if w["status"] == 200 else str(w["status"]))
        counters[(kind, outcome)] += 1
        if outcome == "accepted" and found != want:
            problems.append(f"{kind} {marker} accepted by web{w['web']} but found {found} times (want {want})")
        elif outcome == "unknown" and found > want:
            problems.append(f"{kind} {marker} (answer lost) stored {found} times")
        elif outcome == "refused" and found:
            problems.append(f"{kind} {marker} was refused with a form but stored anyway")
    report["writes"] = {f"{k}:{o}": n for (k, o), n in sorted(counters.items())}
    if Handover.objects.filter(child__setting=setting).values("child", "day").distinct().count() != \
            Handover.objects.filter(child__setting=setting).count():
        problems.append("two handovers for one child and day")

    # Photos: in the bucket, clean, and the same bytes from every web process.
    accepted_photos = {w["marker"]: w for w in load.writes if w["kind"] == "photo" and w.get("status") == 302}
    photos = {p.caption: p for p in Photo.objects.filter(caption__in=list(accepted_photos))}
    client = cluster.moto.client()
    shas, cross = {}, 0
    for marker, photo in photos.items():
        try:
            stored = client.get_object(Bucket=cluster.bucket.name, Key=photo.image.name)["Body"].read()
        except Exception as error:  # noqa: BLE001
            problems.append(f"photo {photo.pk} ({photo.image.name}) not readable from the bucket: {error}")
            continue
        with Image.open(io.BytesIO(stored)) as image:
            if image.getexif():
                problems.append(f"photo {photo.pk} kept EXIF in the bucket")
        shas[photo.pk] = (hashlib.sha256(stored).hexdigest(), accepted_photos[marker]["web"])
    for photo_id, index, sha in load.photo_reads:
        if photo_id in shas:
            if sha != shas[photo_id][0]:
                problems.append(f"photo {photo_id} served by web{index} differs from the bucket's")
            elif index != shas[photo_id][1]:
                cross += 1
    report["photos"] = {"uploaded": len(accepted_photos), "in_bucket": len(shas), "reads": len(load.photo_reads),
                        "served_by_another_process": cross}
    if accepted_photos and not cross:
        problems.append("no photo was read through a web process other than the one that took it")

    # Notifications due in the window: all sent, each email received once.
    Notification = _notification_model()
    due = Notification.objects.filter(setting=setting, due_at__lte=window_end, digest=False)
    pending = list(due.filter(sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True)
                   .values_list("key", flat=True))
    failed = list(due.filter(failed_at__isnull=False).values_list("key", "last_error"))
    cancelled = due.filter(cancelled_at__isnull=False).count()
    emails = list(due.filter(channel="email", sent_at__isnull=False).values_list("key", flat=True))
    missing = [k for k in emails if sink.keys.get(k, 0) == 0]
    repeats = {k: n for k, n in sink.keys.items() if n > 1}
    repeats_new_id = [k for k in repeats if len(sink.message_ids.get(k, ())) > 1]
    report["notifications"] = {
        "due_in_window": due.count(), "reminders_queued_ahead": Notification.objects.filter(
            setting=setting, key__startswith="scaleout:").count(),  # by key: a retry moves due_at past the window
        "sent": due.filter(sent_at__isnull=False).count(), "emails_received": sum(sink.keys.values()),
        "email_repeats_same_message_id": len(repeats), "pending": len(pending), "failed": len(failed),
        "cancelled": cancelled, "by_kind": dict(Counter(due.values_list("kind", flat=True))),
    }
    if pending:
        problems.append(f"{len(pending)} notifications due in the window were never sent: {pending[:5]}")
    if failed:
        problems.append(f"{len(failed)} notifications failed: {failed[:3]}")
    if missing:
        problems.append(f"{len(missing)} emails marked sent never reached the SMTP server: {missing[:5]}")
    if repeats_new_id:
        problems.append(f"emails repeated with a different Message-ID: {repeats_new_id[:5]}")
    if len(repeats) > worker_kills:
        problems.append(f"{len(repeats)} emails repeated; at most {worker_kills} (one per killed worker) may be")
    unexpected = set(sink.keys) - set(Notification.objects.filter(setting=setting).values_list("key", flat=True))
    if unexpected:
        problems.append(f"emails the outbox does not know: {sorted(unexpected)[:5]}")
    report["problems"] = problems
    return report


def wait_for_outbox(setting, window_end, timeout, started, cluster):
    Notification = _notification_model()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = Notification.objects.filter(setting=setting, due_at__lte=window_end, digest=False, sent_at__isnull=True,
                                           failed_at__isnull=True, cancelled_at__isnull=True).count()
        if not left:
            cluster.note(started, "outbox drained: every notification due in the window is sent")
            return
        time.sleep(1)
    cluster.note(started, "outbox NOT drained in time")


# --- putting it together ------------------------------------------------------------------------------------


def run(plan: Plan, database_url: str, workdir: Path) -> dict:
    """Django must already be set up on `database_url` (migrated). Returns the report; report["problems"]."""
    from django.db import connection
    from django.utils import timezone

    static_root = ROOT / "var" / "scale-out-static"
    sink = SmtpSink().start()
    cluster = Cluster(plan, database_url, workdir, sink.port, static_root)
    try:
        cluster.start_storage()
        collect_static(static_root, cluster.env())
        t0 = time.monotonic()
        cluster.start_services()
        startup = time.monotonic() - t0
        window_start = timezone.now() + timedelta(seconds=5)
        window_end = window_start + timedelta(seconds=plan.duration - 10)
        setting, people = seed(plan, window_start, window_end)
        connection.close()  # the checks open a fresh connection after the run
        started = time.monotonic()
        load_average_before = os.getloadavg()
        cluster.note(started, f"load: {plan.staff} staff, {plan.carers} carers on {plan.web} web processes "
                              f"({plan.web_workers} workers each), {plan.workers} Celery workers, 1 beat "
                              f"(started in {startup:.0f} s)")
        load = Load(plan, cluster, people, started)
        victim_web = 1
        def kill_web():
            load.logins_done.wait(30)  # the sessions made by the victim's login form are the ones to survive
            cluster.kill_web(victim_web, started)

        faults = [
            (plan.duration * plan.kill_web_at, kill_web),
            (plan.duration * plan.kill_worker_at, lambda: cluster.kill_worker(0, started)),
            (plan.duration * plan.restart_redis_at, lambda: cluster.restart_redis(started)),
        ]
        load.run(faults)
        cluster.note(started, f"load stopped: {len(load.requests)} requests, {len(load.writes)} writes")
        load.cross_check_photos()
        wait_for_outbox(setting, window_end, plan.drain, started, cluster)
        report = verify(load, cluster, setting, window_end, sink, worker_kills=1)
        report["plan"] = asdict(plan)
        report["machine"] = {"cpus": os.cpu_count(), "load_average_before": [round(x, 1) for x in load_average_before],
                             "load_average_after": [round(x, 1) for x in os.getloadavg()]}
        report["startup_seconds"] = round(startup, 1)
        report["logins_on_killed_process"] = sum(1 for p in people if getattr(p, "logged_in_on", None) == victim_web)
        return report
    finally:
        cluster.stop()
        sink.stop()


def print_report(report):
    print(json.dumps({k: v for k, v in report.items() if k != "problems"}, indent=2, default=str))
    if report["problems"]:
        print("\nPROBLEMS:")
        for p in report["problems"]:
            print(" -", p)
    else:
        print("\nNothing lost: every check passed.")


def _fresh_database(url):
    import environ

    cfg = environ.Env.db_url_config(url)
    admin = dict(cfg, NAME="postgres")
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", user=admin["USER"], password=admin["PASSWORD"] or None,
                            host=admin["HOST"] or "127.0.0.1", port=admin["PORT"] or 5432)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="the CI version: ~1 minute, fewer people")
    parser.add_argument("--duration", type=float)
    parser.add_argument("--staff", type=int)
    parser.add_argument("--carers", type=int)
    parser.add_argument("--json", help="write the report here")
    parser.add_argument("--reuse", action="store_true", help="keep the database (migrate only)")
    args = parser.parse_args(argv)
    plan = Plan.short() if args.short else Plan()
    for name in ("duration", "staff", "carers"):
        if getattr(args, name) is not None:
            setattr(plan, name, getattr(args, name))
    database_url = os.environ.get("SCALE_OUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/triangle_scaleout")
    if not args.reuse:
        _fresh_database(database_url)
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", SECRET_KEY=SECRET,
                      CELERY_BROKER_URL="memory://", CACHE_URL="locmemcache://scaleout", LOG_LEVEL="WARNING",
                      NOTIFICATIONS_KICK_ON_COMMIT="0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    workdir = ROOT / "var" / "scale-out" / time.strftime("%Y%m%d-%H%M%S")
    report = run(plan, database_url, workdir)
    report["logs"] = str(workdir)
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
