"""Build the demo setting: families first, then each app's demo.seed(ctx) in INSTALLED_APPS order."""

import importlib
import multiprocessing
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from families import demo
from families.models import Setting


class Command(BaseCommand):
    help = "Create a realistic demo nursery. --children 150 --days 365 builds the large setting for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=30)
        parser.add_argument("--days", type=int, default=42, help="How many past days of diary and partnership data")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when a setting already exists")
        parser.add_argument("--flush", action="store_true", help="Delete every setting first")
        # Django's own --settings names the settings module, so the count of nurseries is --nurseries.
        parser.add_argument("--nurseries", type=int, default=1, dest="setting_count",
                            help="How many settings (nurseries) to build: the first is Sunnyside, the others have "
                                 "their own accounts at settingN.test. --nurseries 10 --children 150: 1,500 children.")
        parser.add_argument("--jobs", type=int, default=1,
                            help="Seed this many nurseries at once, each in its own process and transaction "
                                 "(PostgreSQL; the large bench seed).")

    def handle(self, *args, children, days, if_empty, flush, setting_count=1, jobs=1, **options):
        if Setting.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already present; nothing to do.")
                return
            if not flush:
                raise CommandError("The database already has data. Use --flush to replace it, or --if-empty.")
        if children < 6:
            raise CommandError("--children must be at least 6, so every kind of family fits.")
        if days < 1:
            raise CommandError("--days must be at least 1.")
        if setting_count < 1:
            raise CommandError("--nurseries must be at least 1.")
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        started = time.monotonic()
        if flush:
            with transaction.atomic():
                self._flush()
        ctx = self._seed_one(0, children=children, days=days)
        others = range(1, setting_count)
        if jobs > 1 and len(others) > 1:
            self._seed_in_processes(others, jobs=jobs, children=children, days=days)
        else:
            for number in others:
                self._seed_one(number, children=children, days=days)
        self.stdout.write(self.style.SUCCESS(f"Demo setting ready in {time.monotonic() - started:.1f}s."))
        self._print_accounts(ctx)

    def _seed_one(self, number, *, children, days):
        names = {} if number == 0 else {"name": f"Demo Nursery {number + 1}", "domain": f"setting{number + 1}.test",
                                        "rng_seed": 2026 + number}
        with transaction.atomic():
            ctx = demo.seed(children=children, days=days, **names)
            self.stdout.write(f"families: {len(ctx.children)} children, {len(ctx.practitioners)} practitioners")
            for app in apps.get_app_configs():
                if app.name == "families":
                    continue
                try:
                    module = importlib.import_module(f"{app.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app.name}.demo":
                        raise
                    continue
                app_started = time.monotonic()
                summary = module.seed(ctx)
                self.stdout.write(f"{app.label}: {summary or 'done'} ({time.monotonic() - app_started:.1f}s)")
        return ctx

    def _seed_in_processes(self, numbers, *, jobs, children, days):
        """The other nurseries in `jobs` forked processes, each nursery in one transaction of its own (they share
        nothing but the database: their own domain, accounts and random seed)."""
        connections.close_all()  # a forked process must not share the parent's connection
        with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=1) as pool:
            for line in pool.imap_unordered(_seed_nursery, [(n, children, days) for n in numbers]):
                self.stdout.write(line)

    def _print_accounts(self, ctx):
        self.stdout.write(f"\nEvery demo account's password is: {demo.DEMO_PASSWORD}\n")
        width = max(len(a.email) for a in ctx.accounts)
        for account in ctx.accounts:
            note = f"  [{account.note}]" if account.note else ""
            self.stdout.write(f"  {account.email.ljust(width)}  {account.role}{note}")
        self.stdout.write(
            "\nManagers and DSLs sign in with a TOTP code: run `python manage.py demo_totp` for the current one,"
            f" or add the secret {demo.DEMO_TOTP_SECRET} to an authenticator app."
        )

    def _flush(self):
        from django.contrib.auth import get_user_model

        Setting.objects.all().delete()
        get_user_model().objects.filter(is_superuser=False).delete()


def _seed_nursery(job):
    """One nursery in a worker process (seed_demo --jobs); returns what it printed."""
    import io

    number, children, days = job
    out = io.StringIO()
    try:
        Command(stdout=out)._seed_one(number, children=children, days=days)
    finally:
        connections.close_all()
    return out.getvalue().rstrip()
