"""A family's to-do list at phone width (issue 18, point 2): the mother gives a consent, books a slot at the
parent evening and writes her half of a settling-in review, each one tap from her home page; each answer takes
the item off the list and reads its notification."""

from datetime import timedelta

import pytest

from notifications.models import Notification
from partnerships import services
from partnerships.models import FamilyRequest
from tests.partnerships import factories as pf

from .conftest import PHONE

pytestmark = pytest.mark.e2e


def _submit(page):
    with page.expect_navigation(wait_until="load"):
        page.click("main input[type=submit], main button[type=submit]")


def _todo(page):
    return page.locator("#todo").inner_text()


def test_the_mother_clears_her_to_do_list_from_her_phone(personas, new_page, browser_login, shot):
    p = personas
    consent = services.request_send(setting=p.setting, by=p.key_person, kind=FamilyRequest.Kind.CONSENT,
                                    title="Trip to the park", due_on=p.setting.today() + timedelta(days=3),
                                    audience=FamilyRequest.Audience.CHILDREN, children=[p.alfie])
    pf.event(p)  # "Parent evening", one slot next week
    session = pf.settling_plan(p).sessions.get()
    services.settling_session_review(session=session, by=p.key_person, note="Played in the sand")

    mum = browser_login(new_page(PHONE), p.mother)
    mum.goto("/")
    todo = _todo(mum)
    assert "Trip to the park" in todo and "Parent evening" in todo and "How did the session on" in todo
    shot(mum, "01-three-waiting")

    # 1. The consent: one tap, answer, and back home without it.
    with mum.expect_navigation():
        mum.get_by_role("link", name="Trip to the park").click()
    mum.check("input[name=consent_given][value=yes]")
    _submit(mum)
    assert "Trip to the park" not in _todo(mum)
    assert Notification.objects.get(recipient=p.mother, kind="request_sent", object_id=consent.pk).read_at
    assert Notification.objects.get(recipient=p.father, kind="request_sent", object_id=consent.pk).read_at is None
    shot(mum, "02-consent-given")

    # 2. The parent evening: one tap to its times, book one.
    with mum.expect_navigation():
        mum.locator("#todo").get_by_role("link", name="Parent evening").click()
    mum.locator("input[name=slot]").first.check()
    shot(mum, "03-choose-a-time")
    _submit(mum)
    assert "Parent evening" not in _todo(mum)

    # 3. The settling-in review: one tap to the form, write her half.
    with mum.expect_navigation():
        mum.locator("#todo").get_by_role("link", name="How did the session on").click()
    mum.fill("textarea[name=note]", "He waved goodbye and had his lunch")
    _submit(mum)
    assert Notification.objects.get(recipient=p.mother, kind="settling_review_waiting").read_at
    mum.goto("/")
    assert "Nothing is waiting for you." in _todo(mum)
    shot(mum, "04-nothing-waiting")
    session.refresh_from_db()
    assert session.parent_note == "He waved goodbye and had his lunch"
