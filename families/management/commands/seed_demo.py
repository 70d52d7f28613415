"""Build the demo setting: families first, then each app's demo.seed(ctx) in INSTALLED_APPS order."""

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from families import demo
from families.models import Setting


class Command(BaseCommand):
    help = "Create a realistic demo nursery. --children 150 --days 365 builds the large setting for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=30)
        parser.add_argument("--days", type=int, default=42, help="How many past days of diary and partnership data")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when a setting already exists")
        parser.add_argument("--flush", action="store_true", help="Delete every setting first")

    def handle(self, *args, children, days, if_empty, flush, **options):
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
        started = time.monotonic()
        with transaction.atomic():
            if flush:
                self._flush()
            ctx = demo.seed(children=children, days=days)
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
        self.stdout.write(self.style.SUCCESS(f"Demo setting ready in {time.monotonic() - started:.1f}s."))
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
