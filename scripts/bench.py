#!/usr/bin/env python
"""Benchmark the busy pages on the large demo setting, through real HTTP against gunicorn (2 workers).

    make bench                      # seed triangle_bench (150 children, 365 days), measure, report
    .venv/bin/python scripts/bench.py --reuse --requests 300

Steps: (re)create the PostgreSQL database BENCH_DATABASE_URL (default .../triangle_bench), migrate, seed
the large demo, collect static files, start gunicorn with 2 workers on a free loopback port (DEBUG off),
log each persona in over HTTP (the real allauth form, with the TOTP step for managers), then request each
page in PAGES sequentially and report p50/p95 latency. Queries per page are counted separately, in this
process, by running the same URL through Django's test client inside CaptureQueriesContext (real
autocommit requests, so no test-transaction savepoints), against the same database.

Other apps add their pages to PAGES (one place): Page(label, persona email, url(ctx), budget_ms, budget_queries).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/triangle_bench"


@dataclass
class Page:
    label: str
    email: str  # a demo account (password families.demo.DEMO_PASSWORD)
    url: Callable[[dict], str]  # ctx -> path; ctx has ids of the demo's named objects
    budget_ms: float | None = None  # p95 budget, when the issue sets one
    budget_queries: int | None = None


def _pages():
    from django.urls import reverse

    return [
        Page("family: child's day (today)", "mother@sunnyside.test",
             lambda c: reverse("diaries:child_day", args=[c["alfie"]]), 120, 15),
        Page("family: child's day (a busy past day)", "mother@sunnyside.test",
             lambda c: reverse("diaries:child_day", args=[c["alfie"]]) + f"?day={c['busy_day']}", 120, 15),
        Page("staff: room board (Toddlers)", "kim@sunnyside.test",
             lambda c: reverse("diaries:room_board", args=[c["toddlers"]]), 120, 15),
        Page("staff: child profile", "kim@sunnyside.test", lambda c: reverse("child_detail", args=[c["alfie"]])),
        Page("floor: change-password page (framework cost)", "mother@sunnyside.test",
             lambda c: reverse("account_change_password")),
        Page("manager: partnership report (term dashboard)", "manager@sunnyside.test",
             lambda c: reverse("reports:dashboard"), 800, 30),
    ]


def env_for(database_url):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    return env


def run(args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def recreate_database(database_url):
    import psycopg2

    parts = urllib.parse.urlparse(database_url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                             password=parts.password or None, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A cookie-keeping HTTP client that logs in through the real allauth form."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, path, data):
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def login(self, email, password, totp_secret):
        self.get("/accounts/login/")
        _status, url, _body = self.post("/accounts/login/", {"login": email, "password": password})
        if "/accounts/2fa/authenticate" in url:
            from families.totp_codes import totp_code_with_time_left

            code = totp_code_with_time_left(totp_secret)
            _status, url, _body = self.post(urllib.parse.urlparse(url).path, {"code": code})
        if "/accounts/login" in url or "/accounts/2fa/authenticate" in url:
            raise SystemExit(f"login failed for {email}: still on {urllib.parse.urlparse(url).path}")


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database from the last run")
    parser.add_argument("--children", type=int, default=150)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    env = env_for(args.database_url)
    os.environ.update(env)
    if not args.reuse:
        print(f"Seeding {args.children} children x {args.days} days into {args.database_url} ...", flush=True)
        recreate_database(args.database_url)
        run(["migrate", "-v0"], env)
        started = time.monotonic()
        run(["seed_demo", "--children", str(args.children), "--days", str(args.days)], env)
        print(f"seeded in {time.monotonic() - started:.0f}s", flush=True)
        # Fresh tables have no planner statistics; a real database has them (autovacuum), so time against that.
        run(["dbshell", "--", "-c", "ANALYZE"], env)
    else:
        run(["migrate", "-v0"], env)  # code may have moved on since the database was seeded
    run(["collectstatic", "--noinput", "-v0"], env)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from diaries.models import DiaryEntry
    from families.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from families.models import Child, Room, User

    alfie = Child.objects.get(preferred_name="Alfie", legal_last_name="Jones")
    busy = (DiaryEntry.objects.filter(child=alfie).values("day").order_by().annotate(n=Count("pk"))
            .order_by("-n", "-day").first())
    ctx = {"alfie": alfie.pk, "toddlers": Room.objects.get(name="Toddlers").pk,
           "busy_day": busy["day"].isoformat() if busy else ""}
    pages = _pages()
    # Managers and DSLs log in with TOTP. A database seeded by older code may hold an older demo secret, so the
    # bench sets today's demo secret on them (in its own database) before logging in.
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    for user in User.objects.filter(email__in={p.email for p in pages}, authenticator__type="totp").distinct():
        Authenticator.objects.filter(user=user, type="totp").delete()
        TOTP.activate(user, DEMO_TOTP_SECRET)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        browsers = {}
        results = []
        for page in pages:
            if page.email not in browsers:
                browsers[page.email] = Browser(base)
                browsers[page.email].login(page.email, DEMO_PASSWORD, DEMO_TOTP_SECRET)
            browser = browsers[page.email]
            path = page.url(ctx)
            status, final, body = browser.get(path)
            if status != 200 or "/accounts/login" in final:
                raise SystemExit(f"{page.label}: {path} answered {status} at {final}")
            for _ in range(args.warmup):
                browser.get(path)
            timings = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                browser.get(path)
                timings.append((time.perf_counter() - t0) * 1000)
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(email=page.email), backend="django.contrib.auth.backends.ModelBackend")
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            # BEGIN/COMMIT around the session save are transaction control, not queries.
            count = sum(1 for q in queries.captured_queries if q["sql"] not in ("BEGIN", "COMMIT"))
            results.append((page, path, statistics.median(timings), percentile(timings, 95), count))
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=20)

    entries = DiaryEntry.objects.count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nTriangle bench: {Child.objects.count()} children, {entries} diary entries, gunicorn 2 workers, "
          f"{args.requests} sequential requests per page after {args.warmup} warm-up; "
          f"load average {load} on {os.cpu_count()} CPUs\n")
    print(f"{'page':52} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  budget")
    failed = False
    for page, _path, p50, p95, n in results:
        verdict = ""
        if page.budget_ms is not None:
            ok = p95 <= page.budget_ms and (page.budget_queries is None or n <= page.budget_queries)
            failed |= not ok
            verdict = f"{'OK' if ok else 'OVER'} (p95 <= {page.budget_ms:.0f} ms, <= {page.budget_queries} queries)"
        print(f"{page.label:52} {p50:8.1f} {p95:8.1f} {n:8d}  {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
