from django.core.management.base import BaseCommand, CommandError

from families import first_run


class Command(BaseCommand):
    help = "Print a one-time code for the first-run set-up page (/setup/). Only its hash is stored."

    def handle(self, *args, **options):
        if not first_run.setup_is_open():
            raise CommandError("This install already has a setting: the set-up page is closed. "
                               "Add further settings with `manage.py create_setting`.")
        self.stdout.write(first_run.setup_code_issue())
        self.stderr.write("Open /setup/ and type this code. It works once.")
