"""Time the partnership dashboard the way a manager opens it: `manage.py report_bench [--runs 20]`.

Logs in as the setting's first manager (no password needed: a test client session), requests each report
page `--runs` times after one warm-up request, and prints p50/p95 in milliseconds and the query count.
On PostgreSQL it runs ANALYZE first: right after a bulk seed the planner has no statistics yet (autovacuum
would gather them within minutes in a live system) and picks hash joins over whole tables.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from families.models import Membership

PAGES = [
    ("term dashboard", "/reports/"),
    ("week dashboard", "/reports/?period=week"),
    ("print view (term report)", "/reports/print/"),
    ("overlooked families", "/reports/children/contact/overlooked/"),
]


class Command(BaseCommand):
    help = "Time the partnership report pages (p50/p95 ms and queries)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--email", help="the manager to log in as (default: the first manager)")
        parser.add_argument("--cached", action="store_true",
                            help="keep the dashboard cache on (by default every request computes: the cold path)")
        parser.add_argument("--no-analyze", action="store_true",
                            help="skip ANALYZE (a fresh bulk seed has no planner statistics until autovacuum runs)")

    def handle(self, *args, runs, email, no_analyze=False, cached=False, **options):
        if not cached:
            settings.REPORTS_CACHE_SECONDS = 0
        if connection.vendor == "postgresql" and not no_analyze:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        managers = Membership.objects.filter(role=Membership.Role.MANAGER, is_active=True).select_related("user")
        manager = managers.filter(user__email=email).first() if email else managers.order_by("pk").first()
        if manager is None:
            raise CommandError("No manager found: run `manage.py seed_demo` first.")
        host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
        client = Client(HTTP_HOST=host)
        client.force_login(manager.user, backend="django.contrib.auth.backends.ModelBackend")
        children = manager.setting.children.count()
        self.stdout.write(f"{manager.setting} — {children} children — {runs} runs per page, as {manager.user.email}")
        for label, url in PAGES:
            response = client.get(url)
            if response.status_code != 200:
                self.stdout.write(f"  {label}: HTTP {response.status_code} (skipped)")
                continue
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
            self.stdout.write(f"  {label:28} p50 {statistics.median(timings):6.0f} ms   p95 {p95:6.0f} ms   "
                              f"{len(queries.captured_queries)} queries")
