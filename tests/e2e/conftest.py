"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots go to test-artifacts/screenshots/<test>/; look at them. Phone and tablet sizes below.
"""

import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.cache import cache

from families.totp_codes import totp_code_with_time_left
from tests.conftest import TOTP_SECRET
from tests.factories import DEFAULT_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}


def no_sideways_scroll(page):
    """Fails when the page is wider than its viewport: a phone or tablet reader would have to scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"sideways scrolling: {width}px on a {page.viewport_size['width']}px screen"


def wait_until(page, expression, arg=None, timeout=15.0):
    """Wait until `expression` (JavaScript, a function of `arg` or an expression) is truthy in the page.

    Not page.wait_for_function: when its first check is false it polls with a predicate made by eval in the page,
    which the app's Content Security Policy (no 'unsafe-eval') blocks, so a slow moment failed the test. Each
    check here is an evaluation from outside the page, which the policy does not apply to."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression, arg):
                return
            problem = "still false"
        except Error as error:  # not there yet, or the page is between two loads
            problem = str(error).splitlines()[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"{problem} after {timeout:g} s: {expression}")
        time.sleep(0.05)


def wait_for_service_worker(page, loads=3):
    """Wait until Triangle's service worker is in charge of the page, as a tablet's next page would find it.

    A worker still installing when the page loaded takes charge of it by clients.claim(). One whose install was
    cut short (a precache fetch lost on a busy test server) is installed again by the next load, so after ten
    seconds the page is loaded again, `loads` times in all; a worker that never takes charge still fails."""
    for load in range(1, loads + 1):
        try:
            return wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                              timeout=10)
        except AssertionError:
            if load == loads:
                raise
            page.reload()


DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def _chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# --- accessibility: axe-core runs on every page the browser tests load (WCAG 2.2 AA) ---------------------------
# axe.min.js is vendored from the npm package axe-core (tests/e2e/vendor/, MIT licence beside it). It is added to
# every page as an init script (not a <script> tag, so the strict CSP never has to allow it), runs after each
# load, and reports back through a binding. A serious or critical violation on any page fails the test.
AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Experimental in axe, so off by default; the issue asks for it (the notifications page had it).
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}
AXE_ON_LOAD = """
(() => {
  if (window.top !== window) return;
  const options = %s;
  window.__triangleAxeRun = () => {
    if (!window.axe) return Promise.resolve(null);
    if (window.__triangleAxeBusy) return window.__triangleAxeBusy;
    window.__triangleAxeBusy = window.axe.run(document, options).then((result) => {
      window.__triangleAxeBusy = null;
      const violations = result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 160)),
      }));
      const report = {url: location.pathname + location.search, lang: document.documentElement.lang,
                      dir: document.documentElement.dir, violations};
      if (window.__triangleAxe) window.__triangleAxe(report);
      return report;
    }, (error) => { window.__triangleAxeBusy = null; return null; });
    return window.__triangleAxeBusy;
  };
  window.addEventListener("load", () => setTimeout(window.__triangleAxeRun, 0));
})();
"""


class AxeReports:
    """What axe found on each page a test's browsers loaded."""

    def __init__(self):
        self.pages = []

    def record(self, _source, report):
        if report:
            self.pages.append(report)

    def failures(self):
        seen, lines = set(), []
        for report in self.pages:
            for v in report["violations"]:
                if v["impact"] not in AXE_FAILING_IMPACTS:
                    continue
                key = (report["url"], v["id"])
                if key in seen:
                    continue
                seen.add(key)
                lines.append(f"{report['url']} [{report['lang']} {report['dir']}] {v['impact']} {v['id']}: {v['help']}")
                lines.extend(f"    {node}" for node in v["nodes"])
        return lines


def _axe_final_run(page, reports):
    """The page the test ends on: run axe once more on what it shows now (after any htmx swaps)."""
    if page.is_closed():
        return
    try:
        report = page.evaluate("() => window.__triangleAxeRun ? window.__triangleAxeRun() : null")
    except Exception:  # the page was navigating or gone: its loads were checked already
        return
    if report and report not in reports.pages:
        reports.pages.append(report)


@pytest.fixture
def axe_reports():
    return AxeReports()


CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


class BrowserProblems:
    """What the browser said was wrong on the pages a test visited: CSP violations, uncaught script errors."""

    def __init__(self):
        self.messages = []

    def console(self, message):
        if any(marker in message.text for marker in CSP_MARKERS):
            self.messages.append(f"console {message.type} on {message.page.url if message.page else '?'}: "
                                 f"{message.text}")

    def page_error(self, web_error):
        page = web_error.page
        self.messages.append(f"page error on {page.url if page else '?'}: {web_error.error}")

    def violation(self, page, detail):
        self.messages.append(f"securitypolicyviolation on {page.url}: {detail}")


# Every page reports a CSP violation to the test too, not only to the console (which names no element).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation && window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || ""}:${e.lineNumber || ""} ${e.sample || ""}`);
});
"""


@pytest.fixture
def browser_problems():
    """The live list of what the browser reported; a test that provokes a violation on purpose clears it."""
    return BrowserProblems()


@pytest.fixture
def new_page(browser, live_server, request, axe_reports, browser_problems):
    """new_page(viewport=PHONE, locale="en-GB") -> a Playwright page in a fresh browser context (its own cookies).

    axe-core checks every page it loads; the test fails on a serious or critical WCAG violation. Every page is
    watched for the Content-Security-Policy too: a CSP (or Permissions-Policy) message in the console, a
    securitypolicyviolation event or an uncaught script error fails the test at teardown.
    """

    contexts = []

    def _new_page(viewport=DESKTOP, locale="en-GB"):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, locale=locale)
        watch_context(context, axe_reports, browser_problems)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        for page in context.pages:
            _axe_final_run(page, axe_reports)  # also lets the last console messages and bindings arrive
        context.close()
    assert not browser_problems.messages, "The browser reported problems:\n" + "\n".join(browser_problems.messages)
    failures = axe_reports.failures()
    if failures:
        pytest.fail("axe-core found serious or critical accessibility violations:\n" + "\n".join(failures),
                    pytrace=False)


@pytest.fixture
def shot(request):
    """shot(page, "name") saves a full-page screenshot under test-artifacts/screenshots/<test name>/."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


LOGIN_PATH = "/accounts/login/"
TWO_FACTOR_PATH = "/accounts/2fa/authenticate/"
# What the login and two-factor pages show when they refuse: form errors and messages.
REFUSAL_TEXT = ".alert, .invalid-feedback, .errorlist, .form-error, [role=alert]"


def _path(page):
    return urlparse(page.url).path


def _refusal_text(page):
    texts = [t.strip() for t in page.locator(REFUSAL_TEXT).all_inner_texts() if t.strip()]
    return "; ".join(texts) or "(the page showed no error text)"


def _submit_and_wait(page):
    """Click the form's submit button and return once the page it leads to has loaded (never mid-flight)."""
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")


@pytest.fixture
def browser_login(transactional_db):
    """browser_login(page, user) logs in through the real allauth form, with the TOTP step when the user has one.

    It waits for the navigation after each click before looking at where the browser is, takes a TOTP code with
    at least five seconds to run (families/totp_codes.py), and fails here, with the server's own message, unless
    the browser has left both the login page and the two-factor page.
    """

    def _login(page, user, password=DEFAULT_PASSWORD, totp_secret=TOTP_SECRET):
        cache.clear()  # a TOTP code may be used once per 30 s window; each test starts fresh
        page.goto(LOGIN_PATH)
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        _submit_and_wait(page)
        if _path(page) == TWO_FACTOR_PATH:
            page.fill("input[name=code]", totp_code_with_time_left(totp_secret))
            _submit_and_wait(page)
        where = _path(page)
        assert where not in (LOGIN_PATH, TWO_FACTOR_PATH), (
            f"login failed for {user.email}: still on {where}: {_refusal_text(page)}"
        )
        return page

    return _login


def wait_a_moment(seconds=0.2):
    time.sleep(seconds)


def watch_context(context, axe_reports, browser_problems):
    """What every e2e page gets: a timeout, axe after each load, and console, page-error and CSP watchers."""
    context.set_default_timeout(15_000)
    context.expose_binding("__triangleAxe", axe_reports.record)
    context.add_init_script(path=str(AXE_PATH))
    context.add_init_script(script=AXE_ON_LOAD % json.dumps(AXE_OPTIONS))
    context.on("console", browser_problems.console)
    context.on("weberror", browser_problems.page_error)
    context.expose_binding("__cspViolation", lambda source, detail: browser_problems.violation(source["page"], detail))
    context.add_init_script(CSP_LISTENER)
