"""A concern both ways, in a real browser: staff on a tablet, parents on their phones."""

from datetime import date, timedelta

import pytest

from partnerships.models import Concern, FamilyConcern

from .conftest import PHONE, TABLET

pytestmark = pytest.mark.e2e


def _submit(page):
    page.click("main input[type=submit]")
    page.wait_for_load_state()


def test_key_person_raises_a_concern_parent_joins_in_and_it_closes_after_review(
        personas, new_page, browser_login, shot):
    p = personas
    kim = browser_login(new_page(TABLET), p.key_person)
    kim.goto(f"/children/{p.alfie.pk}/")
    kim.click("text=Partnership timeline")
    kim.click("text=Raise a concern")
    kim.fill("input[name=title]", "Few words for his age")
    kim.fill("textarea[name=summary]", "Alfie mostly points and says few words.")
    kim.fill("input[name=observed_on]", (date.today() - timedelta(days=3)).isoformat())
    kim.fill("textarea[name=note]", "Pointed at the cup instead of asking for a drink.")
    shot(kim, "01-kim-prepares")
    _submit(kim)
    assert "Prepared" in kim.inner_text("[data-testid=concern-stage]")
    kim.click("text=Invite the family to talk")
    tomorrow = date.today() + timedelta(days=1)
    kim.fill("input[name=meeting_at]", f"{tomorrow.isoformat()}T16:30")
    kim.fill("input[name=meeting_place]", "Quiet room")
    _submit(kim)
    kim.click("text=Record the discussion")
    kim.fill("textarea[name=discussion_notes]", "Talked about words at home and here.")
    _submit(kim)
    shot(kim, "02-kim-discussed")

    mum = browser_login(new_page(PHONE), p.mother)
    mum.click("text=Concerns, requests and events")
    mum.click("text=Few words for his age")
    shot(mum, "03-mother-sees-concern")
    mum.click("text=Add your view")
    mum.fill("textarea[name=parent_view]", "He chats a lot at home, in English and a bit of Polish from Nina.")
    _submit(mum)
    assert "He chats a lot at home" in mum.inner_text("[data-testid=parent-view]")

    concern = Concern.objects.get()
    kim.goto(f"/partnership/concerns/{concern.pk}/")
    kim.click("text=Add an action")
    kim.fill("input[name=description]", "Name things together at bath time")
    kim.select_option("select[name=owner]", f"carer:{p.links['mother'].carer.pk}")
    kim.fill("input[name=due_on]", (date.today() + timedelta(days=14)).isoformat())
    _submit(kim)
    kim.click("text=Add an action")
    kim.fill("input[name=description]", "Small-group talk time daily")
    kim.select_option("select[name=owner]", f"staff:{p.key_person.pk}")
    kim.fill("input[name=due_on]", (date.today() + timedelta(days=14)).isoformat())
    _submit(kim)
    kim.click("a:has-text('Actions agreed')")
    _submit(kim)
    shot(kim, "04-kim-actions-agreed")

    mum.reload()
    mum.click("text=I agree with these actions")
    mum.wait_for_load_state()
    assert "Confirmed by Mia Jones" in mum.inner_text("main")
    shot(mum, "05-mother-agreed")

    kim.reload()
    kim.click("text=Set the review date")
    kim.fill("input[name=review_on]", date.today().isoformat())
    _submit(kim)
    kim.click("text=Close or escalate")
    kim.check("input[name=outcome][value=closed]")
    _submit(kim)
    assert "cannot close without a review" in kim.inner_text("main")
    shot(kim, "06-kim-close-refused")
    kim.goto(f"/partnership/concerns/{concern.pk}/")
    kim.click("text=Record the review")
    kim.fill("textarea[name=review_notes]", "Now using two-word phrases. Well done, everyone.")
    _submit(kim)
    kim.click("text=Close or escalate")
    kim.check("input[name=outcome][value=closed]")
    kim.fill("textarea[name=outcome_note]", "Resolved together.")
    _submit(kim)
    assert "Closed" in kim.inner_text("[data-testid=concern-stage]")
    shot(kim, "07-kim-closed")
    concern.refresh_from_db()
    assert concern.stage == Concern.Stage.CLOSED and concern.reviewed_at and concern.actions_confirmed_at


def test_parent_raises_a_concern_staff_acknowledge_and_respond(personas, new_page, browser_login, shot):
    p = personas
    mum = browser_login(new_page(PHONE), p.mother)
    mum.click("text=Concerns, requests and events")
    mum.click("text=Raise a concern")
    mum.fill("input[name=subject]", "Bite mark on his arm")
    mum.fill("textarea[name=details]", "He came home with a bite mark and said a friend did it.")
    shot(mum, "01-mother-raises")
    _submit(mum)
    assert "Received" in mum.inner_text("[data-testid=fc-stage]")
    fc = FamilyConcern.objects.get()

    kim = browser_login(new_page(TABLET), p.key_person)
    kim.goto(f"/partnership/children/{p.alfie.pk}/")
    kim.click("text=Bite mark on his arm")
    kim.click("main a:has-text('Acknowledge')")
    _submit(kim)
    kim.click("text=Summarise back to the family")
    kim.fill("textarea[name=staff_summary]", "You would like to know what happened and how we stop it.")
    _submit(kim)
    shot(kim, "02-kim-summarised")

    mum.reload()
    assert "Acknowledged" in mum.inner_text("[data-testid=fc-stage]")
    mum.click("text=Is this right? Tell us")
    mum.check("input[name=confirmed][value=yes]")
    _submit(mum)
    assert "Clarified" in mum.inner_text("[data-testid=fc-stage]")

    kim.reload()
    kim.click("main a:has-text('Respond')")
    kim.fill("textarea[name=outcome]", "It happened at tidy-up; we spoke with both children and changed tidy-up.")
    kim.fill("textarea[name=actions]", "An extra adult at tidy-up for two weeks.")
    _submit(kim)
    shot(kim, "03-kim-responded")

    mum.reload()
    assert "Responded" in mum.inner_text("[data-testid=fc-stage]")
    assert "extra adult" in mum.inner_text("main")
    shot(mum, "04-mother-sees-response")
    fc.refresh_from_db()
    assert fc.stage == FamilyConcern.Stage.RESPONDED


def test_complaint_register_prints_and_consent_is_pinned_until_answered(personas, new_page, browser_login, shot):
    from tests.partnerships import factories as pf

    p = personas
    pf.complaint(p)
    _req, recipient = pf.request(p)
    manager = browser_login(new_page(TABLET), p.manager)
    manager.goto("/partnership/complaints/")
    shot(manager, "01-register-screen")
    manager.emulate_media(media="print")
    assert not manager.is_visible("nav")
    shot(manager, "02-register-print")

    mum = browser_login(new_page(PHONE), p.mother)
    assert "Trip to the park" in mum.inner_text("#pinned-requests + ul, main")
    shot(mum, "03-consent-pinned")
    mum.click("text=Trip to the park")
    mum.check("input[name=consent_given][value=yes]")
    _submit(mum)
    assert "Waiting for your answer" not in mum.inner_text("main")
    shot(mum, "04-consent-answered")
    recipient.refresh_from_db()
    assert recipient.seen_at and recipient.answered_at is None  # the father has still to answer


def test_partnership_pages_at_phone_and_tablet_sizes(personas, new_page, browser_login, shot):
    """Walk the other partnership pages with data in them; the screenshots are for looking at."""
    from partnerships import services
    from tests.partnerships import factories as pf

    p = personas
    services.conversation_log(child=p.alfie, by=p.key_person, carers=[p.links["father"].carer],
                              channel="pick_up", topic="Great painting", is_good_news=True)
    pf.concern(p)
    pf.family_concern(p)
    pf.commitment(p)
    req, _recipient = pf.request(p)
    ev = pf.event(p, capacity=2, slots=3)
    pf.booking(p, ev)
    plan = pf.settling_plan(p)
    check = pf.progress_check(p)
    t = pf.transition(p)
    kim = browser_login(new_page(TABLET), p.key_person)
    for name, url in [("home", "/"), ("timeline", f"/partnership/children/{p.alfie.pk}/"),
                      ("concerns", "/partnership/concerns/"), ("commitments", "/partnership/commitments/"),
                      ("request", f"/partnership/requests/{req.pk}/"), ("event", f"/partnership/events/{ev.pk}/"),
                      ("settling", f"/partnership/children/{plan.child_id}/settling/"),
                      ("progress", f"/partnership/progress-checks/{check.pk}/"),
                      ("transition", f"/partnership/transitions/{t.pk}/"),
                      ("conversation-form", f"/partnership/children/{p.alfie.pk}/conversations/new/")]:
        kim.goto(url)
        assert kim.locator("main h1").count() == 1, name
        shot(kim, f"staff-{name}")
    mum = browser_login(new_page(PHONE), p.mother)
    for name, url in [("family-child", f"/partnership/children/{p.alfie.pk}/family/"),
                      ("rsvp", f"/partnership/events/{ev.pk}/children/{p.alfie.pk}/"),
                      ("settling", f"/partnership/children/{plan.child_id}/settling/"),
                      ("transition", f"/partnership/transitions/{t.pk}/")]:
        mum.goto(url)
        assert mum.locator("main h1").count() == 1, name
        shot(mum, f"family-{name}")
