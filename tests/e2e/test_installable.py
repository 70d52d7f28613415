"""Triangle installs like an app: Chromium's own manifest check finds nothing wrong, and the service worker runs.

Page.getInstallabilityErrors is the check behind Chromium's install button (DevTools → Application → Manifest).
"""


import pytest

from .conftest import CHROMIUM_FLAGS, PHONE, _chromium_path, wait_for_service_worker, watch_context

pytestmark = pytest.mark.e2e


@pytest.fixture
def profile_page(browser, live_server, tmp_path, axe_reports, browser_problems):
    """A page in a browser profile on disk: Chromium offers no install in a throwaway (incognito) context.

    Watched like new_page's: axe-core on each load, and any CSP violation or script error fails the test.
    """
    contexts = []

    def _page(viewport=PHONE, locale="en-GB"):
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / f"profile-{len(contexts)}"), executable_path=_chromium_path(), headless=True, args=CHROMIUM_FLAGS, viewport=viewport, locale=locale,
            base_url=live_server.url)
        contexts.append(context)
        watch_context(context, axe_reports, browser_problems)
        return context.pages[0] if context.pages else context.new_page()

    yield _page
    for context in contexts:
        context.close()
    assert not browser_problems.messages, "The browser reported problems:\n" + "\n".join(browser_problems.messages)
    failures = axe_reports.failures()
    if failures:
        pytest.fail("axe-core found serious or critical accessibility violations:\n" + "\n".join(failures),
                    pytrace=False)


def test_chromium_finds_no_installability_errors(personas, profile_page, browser_login, shot):
    page = profile_page(PHONE, locale="pl-PL")
    browser_login(page, personas.mother)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # evaluate awaits the promise
    page.reload()
    wait_for_service_worker(page)
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest = session.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")
    assert '"lang": "' in manifest["data"] or '"lang":"' in manifest["data"]
    shot(page, "installable-home-phone")


def test_the_install_prompt_offers_to_install(personas, profile_page, browser_login, shot):
    page = profile_page(PHONE)
    browser_login(page, personas.mother)
    page.reload()
    wait_for_service_worker(page)
    page.reload()
    try:
        page.wait_for_selector("#install-prompt:not([hidden])", timeout=8_000)
    except Exception:
        pytest.skip("this Chromium did not fire beforeinstallprompt (headless)")
    assert page.is_visible("#install-prompt [data-install]")
    shot(page, "install-prompt-phone")
    page.click("#install-prompt [data-install-dismiss]")
    assert page.is_hidden("#install-prompt")
    page.reload()
    page.wait_for_load_state()
    assert page.is_hidden("#install-prompt"), "Not now is remembered on this device"
