"""Run the portal and a Celery worker with its beat together, for the demo on the embedded default."""

import atexit
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEFAULT_ADDRPORT = "127.0.0.1:8000"
# An address a server listens on but a browser cannot open: links then name the machine itself.
_ANY_ADDRESS = {"", "0", "0.0.0.0", "::", "[::]"}


def served_url(addrport: str) -> str:
    """The address a browser opens for `runserver ADDRPORT`: what links in notifications and emails must use.

    A parent signed in at http://127.0.0.1:8000 who follows a link to http://localhost:8000 is signed out
    there (another host, other cookies), so the links say exactly what the server serves.
    """
    addr, _sep, port = addrport.rpartition(":")
    if not port.isdigit():  # "runserver 127.0.0.1" is not valid; "runserver 8001" is a port alone
        addr, port = addrport, "8000"
    if addr in _ANY_ADDRESS:
        addr = "127.0.0.1"
    elif ":" in addr and not addr.startswith("["):
        addr = f"[{addr}]"
    return f"http://{addr}:{port}"


class Command(BaseCommand):
    help = "Migrate, seed the demo if empty, then serve on ADDR:PORT with a Celery worker and beat alongside."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRPORT)
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, addrport, no_worker, **options):
        self._use_served_address(addrport)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", if_empty=True)
        if not settings.DEBUG:
            # With DEBUG off WhiteNoise serves the collected, hashed files (and pages name them from the manifest).
            call_command("collectstatic", interactive=False, verbosity=0)
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

    def _use_served_address(self, addrport):
        """Links in notifications and emails (written here and by the worker) use the address served here."""
        url = served_url(addrport)
        if os.environ.get("SITE_URL"):
            if os.environ["SITE_URL"].rstrip("/") != url:
                self.stdout.write(self.style.WARNING(
                    f"SITE_URL is {os.environ['SITE_URL']}: links in notifications and emails go there, "
                    f"not to {url}."))
            return
        os.environ["SITE_URL"] = url  # the worker started below reads it
        settings.SITE_URL = url
        host = url.split("//", 1)[1].rsplit(":", 1)[0]
        if "ALLOWED_HOSTS" not in os.environ and host not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
        self.stdout.write(f"Links in notifications and emails open {url}")
