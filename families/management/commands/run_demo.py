"""Run the portal and a Celery worker with its beat together, for the demo on the embedded default."""

import atexit
import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, seed the demo if empty, then serve on ADDR:PORT with a Celery worker and beat alongside."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, addrport, no_worker, **options):
        call_command("migrate", verbosity=0)
        call_command("seed_demo", if_empty=True)
        if not no_worker:
            # One process with an embedded beat: the demo has one machine, so exactly one beat.
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--pool=solo", "-l", "warning",
                 "--schedule", os.path.join("var", "celerybeat-schedule")],
            )
            atexit.register(lambda: worker.poll() is None and worker.send_signal(signal.SIGTERM))
            # Turn SIGTERM into a normal exit so the worker above is stopped with us.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            self.stdout.write(f"Celery worker and beat running (pid {worker.pid}).")
        call_command("runserver", addrport, use_reloader=False)
