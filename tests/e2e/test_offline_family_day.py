"""A family's day survives a tunnel (issue 15 point 4): the last day opened stays readable offline, marked with when
it was loaded, and a comment written offline waits on the phone and is sent once when the connection returns."""

import pytest
from django.urls import reverse

from diaries import services
from diaries.models import EntryComment
from tests.diaries.conftest import minutes_ago

from .conftest import PHONE, wait_for_service_worker
from .test_offline_board import COUNT, _kept, _waiting

pytestmark = pytest.mark.e2e


def test_the_day_reads_offline_and_a_comment_written_offline_is_sent_once(personas, new_page, browser_login, shot):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="meal", what="Fish pie",
                                  amount="most", occurred_at=minutes_ago(personas.setting, 30))
    page = new_page(PHONE)
    browser_login(page, personas.mother)
    day = reverse("diaries:child_day", args=[personas.alfie.pk])
    page.goto(day)
    wait_for_service_worker(page)
    page.goto(day)
    _kept(page, day)

    page.context.set_offline(True)
    page.reload()  # the worker's copy of the day, saying when it was loaded
    assert page.get_attribute("body", "data-served") == "copy"
    assert "Fish pie" in page.inner_text("body")
    assert "This page is as it was at" in page.inner_text("#offline-banner")

    page.fill(f"#c-{entry.pk}", "He loves fish pie, we have it on Fridays")
    page.click(f"#thread-{entry.pk} button[type=submit]")
    _waiting(page, 1)
    assert not EntryComment.objects.exists(), "nothing reached the server while offline"
    shot(page, "offline-comment-waiting-phone")

    page.context.set_offline(False)
    page.wait_for_selector(f"{COUNT}[data-count='0']", state="attached")  # the family's list hides when empty
    comment = EntryComment.objects.get()
    assert comment.entry == entry and comment.author == personas.mother
    assert comment.text == "He loves fish pie, we have it on Fridays", "what the parent wrote is not lost"
    page.reload()
    page.wait_for_selector(f"{COUNT}[data-count='0']", state="attached")
    assert "He loves fish pie" in page.inner_text(f"#thread-{entry.pk}")
    assert EntryComment.objects.count() == 1, "sent once, whatever retries followed"
