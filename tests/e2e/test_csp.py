"""Every page loads under the Content-Security-Policy with no violation; the watcher itself is proven to see one.

The watcher lives in conftest.new_page: each e2e test fails on any CSP violation on any page it visits. This
file adds a walk of every GET page in the access matrix (as one allowed persona each), allauth's own pages,
and the report charts, so a page no journey visits is covered too.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from partnerships.models import SettlingPlan, Transition
from tests.factories import DEFAULT_PASSWORD
from tests.test_access_matrix import ROWS

from .conftest import DESKTOP, PHONE, TABLET, wait_until

pytestmark = pytest.mark.e2e

STAFF_FIRST = ("manager", "dsl", "key_person", "other_room_practitioner", "other_setting_staff")
FAMILY_FIRST = ("mother", "father", "grandmother", "nanny", "other_parent", "restricted_parent")
NOT_A_PAGE = {"service_worker", "web_manifest", "reports:pdf"}  # the service worker script and the app manifest
# (tests/e2e/test_installable.py); the term report PDF (tests/reports/test_dashboard.py); other downloads and the JSON
# probes are skipped by their content type
ONE_PER_CHILD = (SettlingPlan, Transition)  # each matrix row makes its own; one child may have only one
PAGES = [row for row in ROWS if row.method == "get" and row.ok == 200 and row.name not in NOT_A_PAGE]


def _signed_in(context, user, live_server):
    """The session a real login would give (the login form itself is driven in browser_login)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def _first_allowed(row, order):
    return next((name for name in order if name in row.allowed or row.overrides.get(name) == 200), None)


def test_the_watcher_sees_an_inline_script_the_csp_refuses(new_page, browser_problems, transactional_db):
    page = new_page(PHONE)
    page.goto("/accounts/login/")
    page.evaluate("""() => { const s = document.createElement("script");
                               s.textContent = "window.__inlineRan = true;"; document.head.append(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__inlineRan === undefined"), "the inline script must not run"
    assert any("Content Security Policy" in m or "script-src" in m for m in browser_problems.messages), \
        browser_problems.messages
    browser_problems.messages.clear()  # provoked on purpose; the fixture's teardown check stays for the rest


@pytest.mark.parametrize("audience", ["staff", "family"])
def test_every_page_in_the_access_matrix_loads_with_no_csp_violation(audience, personas, new_page, live_server,
                                                                     browser_problems, transactional_db):
    order = STAFF_FIRST if audience == "staff" else FAMILY_FIRST
    page = new_page(TABLET if audience == "staff" else PHONE)
    signed_in_as = None
    visited = []
    for row in PAGES:
        persona = _first_allowed(row, order)
        if persona is None:
            continue
        if persona != signed_in_as:
            page.context.clear_cookies()
            _signed_in(page.context, personas.user(persona), live_server)
            signed_in_as = persona
        for model in ONE_PER_CHILD:  # rows of one page's arguments would collide with the previous row's
            model.objects.all().delete()
        kwargs = row.kwargs(personas)
        url = reverse(row.name, kwargs=kwargs) + row.query
        fetched = page.request.get(url)  # downloads (PDF, CSV, ZIP) and JSON probes are not pages to load
        assert fetched.status < 400, f"{row.name} as {persona}: {fetched.status}"
        if ("text/html" not in fetched.headers.get("content-type", "")
                or "attachment" in fetched.headers.get("content-disposition", "")):  # e.g. the keepsake book
            continue
        response = page.goto(url)
        assert response.status < 400, f"{row.name} as {persona}: {response.status}"
        assert response.headers.get("content-security-policy"), f"{row.name}: no CSP header"
        visited.append(row.name)
    assert len(visited) > (40 if audience == "staff" else 10), visited
    assert not browser_problems.messages, browser_problems.messages


def test_allauth_pages_load_with_no_csp_violation(personas, new_page, live_server, browser_problems,
                                                   transactional_db):
    page = new_page(PHONE)
    for name in ("account_login", "account_reset_password", "account_reset_password_done"):
        page.goto(reverse(name))
    _signed_in(page.context, personas.mother, live_server)
    for name in ("account_change_password", "mfa_index", "mfa_activate_totp", "account_email"):
        page.goto(reverse(name))
    assert not browser_problems.messages, browser_problems.messages


def test_totp_setup_page_shows_its_qr_code_under_the_csp(personas, new_page, browser_login):
    personas.manager.authenticator_set.all().delete()
    page = new_page(DESKTOP)
    browser_login(page, personas.manager)  # no TOTP yet: a manager is sent to set it up
    page.goto(reverse("mfa_activate_totp"))
    if reverse("account_reauthenticate") in page.url:  # allauth asks for the password before any MFA change
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert reverse("mfa_activate_totp") in page.url
    # allauth's QR code is a data: SVG image (img-src 'self' data:).
    wait_until(page, "document.querySelector(\"img[src^='data:image/svg']\")?.naturalWidth > 0")


def test_report_charts_render_under_the_csp(personas, new_page, browser_login, shot):
    page = new_page(DESKTOP)
    browser_login(page, personas.manager)
    page.goto(reverse("reports:dashboard"))
    chart = page.locator("svg.report-svg").first
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 20
    # The colours come from fill= attributes and the labels from reports.css: both apply with style-src 'self'.
    assert page.evaluate("getComputedStyle(document.querySelector('svg.report-svg rect')).fill") != "none"
    assert page.evaluate("getComputedStyle(document.querySelector('svg.report-svg text')).fontSize") != ""
    shot(page, "dashboard-under-csp")
    page.goto(reverse("reports:print"))
    assert page.locator("svg.report-svg").count() >= 1
