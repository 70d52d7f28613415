"""A push from the outbox is shown by the service worker (issue 15 point 2).

The server sends the real encrypted request to the loopback push service (tests/notifications/push_service.py);
the test opens it with the device's keys, as the browser would, and hands the plaintext to Chromium's service
worker through the DevTools protocol (ServiceWorker.deliverPushMessage: what a push service's delivery ends in).
The worker's `push` handler (static/js/sw/push.js) then shows the notification.
"""

import json
import time

import pytest
from django.urls import reverse

from notifications import api
from notifications.models import Preference
from tests.notifications import conftest as notification_fixtures
from tests.notifications.conftest import push_device, run_everything

from .conftest import PHONE

pytestmark = pytest.mark.e2e


push_service = notification_fixtures.push_service  # the loopback push service and a VAPID key pair


@pytest.fixture(autouse=True)
def sweep_by_hand(settings):
    settings.NOTIFICATIONS_KICK_ON_COMMIT = False  # the test sweeps and sends by hand


def _registration_id(session, timeout=15):
    """The service worker registration's id, from the ServiceWorker domain's events."""
    found = {}
    session.on("ServiceWorker.workerRegistrationUpdated", lambda event: found.update(
        {r["scopeURL"]: r["registrationId"] for r in event["registrations"] if not r.get("isDeleted")}))
    session.send("ServiceWorker.enable")
    deadline = time.monotonic() + timeout
    while not found and time.monotonic() < deadline:
        session.send("Runtime.evaluate", {"expression": "1"})  # lets the events arrive
        time.sleep(0.1)
    assert found, "no service worker registration"
    return next(iter(found.values()))


def _notifications(page):
    return page.evaluate("""navigator.serviceWorker.ready
        .then(r => r.getNotifications())
        .then(list => list.map(n => ({title: n.title, link: n.data && n.data.link, tag: n.tag})))""")


def _shown_when(page, ready, timeout=15):
    """The notifications on show once `ready(shown)` holds (polled here: showNotification settles after the push
    event returns, and a predicate that returns a promise would pass at once)."""
    deadline = time.monotonic() + timeout
    shown = _notifications(page)
    while not ready(shown) and time.monotonic() < deadline:
        time.sleep(0.2)
        shown = _notifications(page)
    return shown


def test_a_push_from_the_outbox_is_shown_by_the_service_worker(personas, push_service, new_page, browser_login,
                                                               live_server, shot):
    mother = personas.mother
    Preference.objects.update_or_create(user=mother, defaults={"language": "pl"})
    page = new_page(PHONE, locale="pl-PL")
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    browser_login(page, mother)
    page.goto(reverse("notifications:notification_preferences"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # evaluate awaits the promise
    shot(page, "push-preferences-phone")

    # The server side, for real: a device subscribed at the loopback service, a notification through the outbox.
    device = push_device(push_service, mother)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    run_everything()
    [message] = push_service.to(device)
    content = device.decrypt(message)
    assert set(content) == {"title", "link"} and "Alfie" in content["title"]

    session = page.context.new_cdp_session(page)
    registration = _registration_id(session)
    for _delivery in range(3):  # a push the browser dropped (its worker still starting on a busy machine) is sent
        session.send("ServiceWorker.deliverPushMessage", {  # again, as a push service retries; the tag keeps one
            "origin": live_server.url, "registrationId": registration, "data": json.dumps(content)})
        shown = _shown_when(page, lambda shown: shown, timeout=8)
        if shown:
            break
        registration = _registration_id(page.context.new_cdp_session(page))
    assert shown == [{"title": content["title"], "link": content["link"], "tag": content["link"]}]

    # A message that tries to send the phone elsewhere opens the inbox instead (only paths on this site).
    session.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server.url, "registrationId": registration,
        "data": json.dumps({"title": "Elsewhere", "link": "//evil.example/"})})
    shown = {n["title"]: n["link"] for n in _shown_when(page, lambda shown: any(
        n["title"] == "Elsewhere" for n in shown))}
    assert shown["Elsewhere"] == "/notifications/"
