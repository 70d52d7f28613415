"""Issue 18 point 7: the demo behaves like the product.

Links in notifications and emails use the address the demo serves (a parent signed in at 127.0.0.1 who follows
a link to localhost lands signed out), and a visitor never sees Django's debug page: the friendly 404 and 500
pages answer with DEBUG on or off, and static files are served either way.
"""

import os
import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from diaries.models import TakeHomeActivity
from families.management.commands import run_demo
from notifications.models import Notification
from tests.notifications.conftest import run_everything

DEBUG_PAGE = "DEBUG = True"  # every technical 404/500 page says "you have DEBUG = True in your settings file"


@pytest.fixture
def demo_run(monkeypatch):
    """run_demo with its migrate/seed/collectstatic/runserver recorded instead of run; SITE_URL put back after."""
    calls = []
    monkeypatch.setattr(run_demo, "call_command", lambda name, *args, **kw: calls.append(name))
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    saved = django_settings.SITE_URL, django_settings.ALLOWED_HOSTS

    def run(*args):
        call_command("run_demo", *args, "--no-worker")
        return calls

    yield run
    django_settings.SITE_URL, django_settings.ALLOWED_HOSTS = saved


@pytest.mark.parametrize("addrport, url", [
    ("127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("0.0.0.0:8080", "http://127.0.0.1:8080"),  # listening everywhere: the browser on this machine opens 127.0.0.1
    ("8001", "http://127.0.0.1:8001"),
    ("localhost:8000", "http://localhost:8000"),
    ("[::1]:8000", "http://[::1]:8000"),
])
def test_the_served_address(addrport, url):
    assert run_demo.served_url(addrport) == url


def test_the_default_address_is_the_one_the_demo_serves():
    source = (django_settings.BASE_DIR / "config" / "settings.py").read_text()
    default = re.search(r'SITE_URL = env\.str\("SITE_URL", default="([^"]+)"\)', source).group(1)
    assert default == run_demo.served_url(run_demo.DEFAULT_ADDRPORT) == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_links_in_notifications_open_the_address_the_demo_serves(personas, login, demo_run):
    calls = demo_run("127.0.0.1:8123")
    assert calls[-1] == "runserver"
    assert django_settings.SITE_URL == os.environ["SITE_URL"] == "http://127.0.0.1:8123"  # the worker reads it
    p = personas
    activity = TakeHomeActivity.objects.create(child=p.alfie, title="Puddles", description="Count splashes",
                                               suggested_by=p.key_person)
    login(p.mother).post(reverse("diaries:activity_respond", args=[activity.pk]), {"text": "Twelve!"})
    assert run_everything()
    link = Notification.objects.get(kind="activity_reported_back", recipient=p.key_person).link
    assert link == "http://127.0.0.1:8123" + reverse("diaries:child_records", args=[p.alfie.pk])
    # Followed in the browser she is signed in with, the link opens the page itself.
    assert login(p.key_person).get(link.removeprefix("http://127.0.0.1:8123")).status_code == 200


def test_an_address_on_the_network_is_allowed_and_an_explicit_site_url_is_kept(demo_run, monkeypatch, capsys):
    demo_run("192.168.1.5:8000")
    assert django_settings.SITE_URL == "http://192.168.1.5:8000"
    assert "192.168.1.5" in django_settings.ALLOWED_HOSTS
    monkeypatch.setenv("SITE_URL", "https://nursery.example.org")
    django_settings.SITE_URL = "https://nursery.example.org"
    demo_run("127.0.0.1:8000")
    assert django_settings.SITE_URL == "https://nursery.example.org"
    assert "links in notifications and emails go there" in capsys.readouterr().out


def test_static_files_are_collected_for_the_demo_with_debug_off_and_found_directly_with_debug_on(demo_run, settings):
    settings.DEBUG = False
    calls = demo_run()
    assert calls.index("collectstatic") < calls.index("runserver")
    settings.DEBUG = True
    assert "collectstatic" not in demo_run()[len(calls):]
    # With DEBUG on WhiteNoise finds the files where they are (a new client loads the middleware afresh).
    response = Client().get("/static/js/triangle.js")
    assert response.status_code == 200 and b"data-print" in b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.urls("tests.boom_urls")
@pytest.mark.parametrize("debug", [True, False])
def test_a_visitor_never_sees_the_debug_page(personas, login, settings, debug):
    settings.DEBUG = debug
    anonymous = Client(raise_request_exception=False)
    # No such address.
    response = anonymous.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "We could not find this page" in html and DEBUG_PAGE not in html
    assert reverse("account_login") in html
    # A page the person may not open (or that does not exist): a view raises Http404.
    staff = login(personas.key_person, Client(raise_request_exception=False))
    response = staff.get(reverse("diaries:child_day", args=[999999]))
    html = response.content.decode()
    assert response.status_code == 404 and "We could not find this page" in html and DEBUG_PAGE not in html
    assert "Go to your home page" in html and "<nav" in html  # the site's own layout, signed in
    # A bug: the friendly 500 page, nothing of the code or the settings.
    response = anonymous.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong on our side" in html
    assert DEBUG_PAGE not in html and "RuntimeError" not in html and "SECRET_KEY" not in html
    # A host the site does not serve.
    response = anonymous.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and DEBUG_PAGE not in response.content.decode()
    # A view's own 404 page, written on purpose, is left as it is.
    response = login(personas.manager, Client()).get(reverse("reports:room", args=[999999]))
    assert response.status_code == 404 and "There is no room with that number" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.boom_urls")
def test_a_developer_can_ask_for_the_debug_pages(settings):
    settings.DEBUG = True
    settings.DEBUG_ERROR_PAGES = True
    assert DEBUG_PAGE in Client().get("/no-such-page/").content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.boom_urls")
def test_the_500_page_reads_in_the_visitors_language(settings):
    settings.DEBUG = True
    html = Client(raise_request_exception=False).get("/boom/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="ar" dir="rtl"' in html and "bootstrap.rtl" in html


_REQUEST_A_COPY = """
import time
from dataprotection import services
from families.models import CarerLink, Membership
manager = Membership.objects.filter(role="manager").select_related("user", "setting").first()
link = CarerLink.objects.filter(child__setting=manager.setting, parental_responsibility=True,
                                is_restricted=False).select_related("child", "carer").first()
sar = services.subject_access_request(child=link.child, by=manager.user, requester=link.carer)
for _ in range(90):
    sar.refresh_from_db()
    if sar.status not in ("requested", "building"):
        break
    time.sleep(1)
print("STATUS", sar.status)
"""


@pytest.mark.celery_live
def test_a_copy_requested_in_the_demo_is_prepared_by_the_demos_own_worker(tmp_path):
    """`make demo` as it runs (SQLite, the embedded broker, the worker run_demo starts): a subject access request
    made in the demo reaches "Ready" with nothing else started."""
    import socket
    import subprocess
    import sys
    import time

    root = django_settings.BASE_DIR
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL",
                                                            "CELERY_TASK_DEFAULT_QUEUE", "SITE_URL")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media"), DEBUG="1")
    demo = subprocess.Popen([sys.executable, "manage.py", "run_demo", f"127.0.0.1:{port}"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert demo.poll() is None, demo.stdout.read()
                time.sleep(1)
        shell = subprocess.run([sys.executable, "manage.py", "shell", "-c", _REQUEST_A_COPY], cwd=root, env=env,
                               capture_output=True, text=True, timeout=150)
        assert "STATUS ready" in shell.stdout, shell.stdout + shell.stderr
    finally:
        demo.terminate()
        demo.wait(timeout=30)
