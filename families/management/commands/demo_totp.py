from django.core.management.base import BaseCommand

from families.demo import DEMO_TOTP_SECRET
from families.totp_codes import seconds_left_in_window, totp_code_with_time_left


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo manager and DSL accounts (demo secret only)."

    def handle(self, *args, **options):
        # A person has to read and type it: never print a code about to expire.
        code = totp_code_with_time_left(DEMO_TOTP_SECRET, min_seconds_left=10)
        self.stdout.write(code)
        self.stderr.write(f"valid for another {int(seconds_left_in_window())}s")
