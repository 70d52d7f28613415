import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from families.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo manager and DSL accounts (demo secret only)."

    def handle(self, *args, **options):
        period = 30
        now = int(time.time())
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // period)))
        self.stderr.write(f"valid for another {period - now % period}s")
