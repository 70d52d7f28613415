"""The room board keeps working when the wifi drops: entries wait on the tablet and are sent once when it returns.

Playwright's context.set_offline(True) cuts the browser off the network (the page and the service worker). The
key person records lunch for five children and a nap, reloads the board (the service worker's copy, marked with
when it was loaded), and comes back online: each entry is in the database exactly once. A check-out queued
offline for a child someone else checked out meanwhile comes back as a conflict with the server's reason.
"""

import pytest
from django.urls import reverse

from diaries import services
from diaries.models import Attendance, DiaryEntry
from tests import factories as f
from tests.diaries.conftest import minutes_ago

from .conftest import PHONE, TABLET, wait_for_service_worker, wait_until

pytestmark = pytest.mark.e2e

COUNT = "[data-outbox-count]"


def _kept(page, path):
    """Wait until the service worker holds its copy of `path` (it copies after answering)."""
    wait_until(page, "(path) => caches.open('triangle-pages').then((c) => c.match(path, {ignoreVary: true})).then((r) => !!r)",
               arg=path)


def _waiting(page, n):
    page.wait_for_selector(f"{COUNT}[data-count='{n}']")


def _save(page):
    page.click("text=Save for ticked children")


def _board_ready_offline(page, personas, *also_keep):
    board = reverse("diaries:room_board", args=[personas.toddlers.pk])
    page.goto(board)
    wait_for_service_worker(page)
    for path in (*also_keep, board):  # visited once online with the worker in charge: kept for offline
        page.goto(path)
        _kept(page, path)
    return board


def test_a_meal_for_five_and_a_nap_recorded_offline_are_saved_exactly_once(personas, new_page, browser_login, shot):
    friends = [f.ChildFactory(setting=personas.setting, room=personas.toddlers, legal_first_name=name,
                              legal_last_name="Brown") for name in ("Isla", "Noah", "Ruby", "Theo")]
    children = [personas.alfie, *friends]
    page = new_page(TABLET)
    browser_login(page, personas.key_person)
    _board_ready_offline(page, personas)
    assert page.is_visible("#outbox"), "the board always says what waits and when it last synced"
    assert "Waiting to send: 0" in page.inner_text("#outbox")

    page.context.set_offline(True)
    page.wait_for_selector("#offline-banner:not([hidden])")
    page.click("label[for=kind-meal]")
    page.fill("#quick-what", "Fish pie")
    for child in children:
        page.check(f"#tick-{child.pk}")
        page.select_option(f"select[name=amount_{child.pk}]", "most")
    _save(page)
    _waiting(page, 1)
    assert not page.is_checked(f"#tick-{personas.alfie.pk}"), "the ticks clear as after a save"
    page.click("label[for=kind-sleep]")
    page.check(f"#tick-{personas.alfie.pk}")
    _save(page)
    _waiting(page, 2)
    outbox = page.inner_text("#outbox")
    assert "Waiting to send: 2" in outbox and "Alfie, Isla, Noah, Ruby, Theo" in outbox
    assert "waiting to send" in page.inner_text(f"article:has(#tick-{friends[0].pk})")
    assert DiaryEntry.objects.count() == 0, "nothing reached the server while offline"
    page.set_viewport_size(PHONE)
    shot(page, "01-offline-banner-and-waiting-count-phone")
    page.set_viewport_size(TABLET)

    page.reload()  # still offline: the worker's copy of the board, and the queue is still there
    assert page.get_attribute("body", "data-served") == "copy"
    _waiting(page, 2)
    assert "This page is as it was at" in page.inner_text("#offline-banner")
    page.set_viewport_size(PHONE)
    shot(page, "02-reloaded-offline-copy-phone")
    page.set_viewport_size(TABLET)

    page.context.set_offline(False)
    _waiting(page, 0)
    assert "Last synced at" in page.inner_text("#outbox")
    meals = DiaryEntry.objects.filter(kind="meal")
    assert sorted(meals.values_list("child_id", flat=True)) == sorted(c.pk for c in children), "one meal each"
    assert {m.amount for m in meals} == {"most"} and {m.what for m in meals} == {"Fish pie"}
    assert list(DiaryEntry.objects.filter(kind="sleep").values_list("child_id", flat=True)) == [personas.alfie.pk]
    assert DiaryEntry.objects.filter(client_id=None).count() == 0
    assert DiaryEntry.objects.values("client_id").distinct().count() == 2
    # The board redrew itself with what was sent (htmx, on the outbox's word), no reload needed.
    wait_until(page, "() => document.querySelector('#board').innerText.includes('Fish pie')")
    shot(page, "03-back-online-synced")

    # The same queue sent again (a second tablet tab, a retry after a lost answer) adds nothing.
    page.reload()
    _waiting(page, 0)
    assert DiaryEntry.objects.count() == 6


def test_a_check_out_queued_offline_for_a_child_collected_meanwhile_is_shown_as_a_conflict(
        personas, new_page, browser_login, shot):
    services.check_in(child=personas.alfie, by=personas.key_person, brought_by="Mum",
                      at=minutes_ago(personas.setting, 60))
    page = new_page(TABLET)
    browser_login(page, personas.key_person)
    check_out = reverse("diaries:check_out", args=[personas.alfie.pk])
    _board_ready_offline(page, personas, check_out)

    page.goto(check_out)
    page.context.set_offline(True)
    page.check(f"input[value='link:{personas.links['grandmother'].pk}']")
    page.click("input[type=submit][value='Check out']")
    page.wait_for_url("**/board/")
    _waiting(page, 1)
    assert Attendance.objects.get(child=personas.alfie).out_at is None

    # Meanwhile, on the office computer, the manager lets Gran Peg take Alfie home.
    services.check_out(child=personas.alfie, by=personas.manager, link=personas.links["grandmother"])
    page.context.set_offline(False)
    page.wait_for_selector(".outbox-conflict")
    conflict = page.inner_text(".outbox-conflict")
    assert "Check out Alfie" in conflict and "already been collected" in conflict
    assert Attendance.objects.get(child=personas.alfie).out_client_id is None, "the manager's check-out stands"
    shot(page, "04-conflict-shown")
