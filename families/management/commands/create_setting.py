"""Create a setting from the command line: for a host who sets up many settings (the set-up page does the first)."""

from datetime import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from families import first_run, jurisdictions, services
from families.models import Membership, Setting, User


def _time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a time like 08:00")


class Command(BaseCommand):
    help = ("Create a setting with its rooms and first manager. An existing account becomes manager at once; "
            "a new address gets an emailed invitation.")

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--kind", choices=Setting.Kind.values, default=Setting.Kind.GROUP)
        parser.add_argument("--timezone", default="Europe/London")
        parser.add_argument("--jurisdiction", choices=list(jurisdictions.PROFILES), default=jurisdictions.EYFS.code)
        parser.add_argument("--opens", default="08:00")
        parser.add_argument("--closes", default="18:00")
        parser.add_argument("--room", action="append", default=[], help="a room's name; repeat for each room")
        parser.add_argument("--manager-email", required=True)
        parser.add_argument("--manager-name", default="")

    @transaction.atomic
    def handle(self, *args, **o):
        email = o["manager_email"].strip().lower()
        manager = User.objects.filter(email__iexact=email).first()
        try:
            setting = first_run.setting_create(
                name=o["name"], kind=o["kind"], timezone_name=o["timezone"], jurisdiction=o["jurisdiction"],
                opens_at=_time(o["opens"]), closes_at=_time(o["closes"]), rooms=o["room"], manager=manager,
            )
            if manager is None:
                services.invitation_send_to_staff(setting=setting, by=None, email=email,
                                                  full_name=o["manager_name"], role=Membership.Role.MANAGER)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages))
        self.stdout.write(f"Created setting {setting.pk}: {setting.name}")
        if manager is None:
            self.stdout.write(f"Invitation emailed to {email} (manager).")
        else:
            self.stdout.write(f"{manager.email} is its manager.")
