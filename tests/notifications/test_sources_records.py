"""Reminder sources against the real diaries and partnerships models."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from diaries.models import Accident
from notifications import reminders as sources
from notifications.models import Notification
from notifications.schedule import local_moment
from partnerships.models import FamilyConcern
from tests.partnerships import factories as pf

from .conftest import run_everything

pytestmark = pytest.mark.django_db


def at(p, day_offset, hh, mm=0):
    return local_moment(p.setting.today() + timedelta(days=day_offset), time(hh), p.setting.tz) + timedelta(minutes=mm)


def who(kind):
    return sorted(n.recipient.email.split("@")[0] for n in Notification.objects.filter(kind=kind))


def test_unacknowledged_accident_is_chased_daily_with_parents_until_acknowledged(personas):
    accident = Accident.objects.create(child=personas.alfie, occurred_at=at(personas, -1, 10),
                                       description="Bumped head on the slide", first_aid="Cold compress",
                                       recorded_by=personas.key_person)
    sources.run_all(at(personas, 0, 7, 59))
    assert who("accident_chaser") == []  # not before the chaser window opens
    for minutes in (30, 35, 300):
        sources.run_all(at(personas, 0, 8, minutes))
    assert who("accident_chaser") == ["father", "mother"]  # those who can acknowledge; never the restricted parent
    accident.acknowledged_at, accident.acknowledged_by = timezone.now(), personas.mother
    accident.save()
    sources.run_all(at(personas, 1, 9))
    assert Notification.objects.filter(kind="accident_chaser").count() == 2


def test_todays_accident_still_unacknowledged_at_the_end_of_the_day_goes_to_the_manager(personas):
    Accident.objects.create(child=personas.alfie, occurred_at=at(personas, 0, 10), description="Fell",
                            first_aid="Plaster", recorded_by=personas.key_person)
    sources.run_all(at(personas, 0, 17, 0))
    assert who("accident_unacknowledged") == []
    sources.run_all(at(personas, 0, 17, 30))
    sources.run_all(at(personas, 0, 17, 35))
    assert who("accident_unacknowledged") == ["manager"]


def test_request_follow_ups_before_and_on_the_due_date_to_those_who_have_not_answered(personas):
    request, recipient = pf.request(personas)
    recipient.sent_at = timezone.now() - timedelta(days=3)
    recipient.save()
    request.due_on = personas.setting.today() + timedelta(days=2)
    request.save()
    sources.run_all(at(personas, 0, 9))
    sources.run_all(at(personas, 0, 9, 5))
    assert who("request_reminder") == ["father", "grandmother", "mother", "nanny"]
    sources.run_all(at(personas, 2, 9))
    assert len(who("request_due_today")) == 4
    run_everything(at(personas, 2, 9, 1))
    row = Notification.objects.filter(kind="request_due_today", sent_at__isnull=False).first()
    assert row is not None and "Alfie" in row.subject and "Trip" not in row.body


def test_an_answered_request_is_not_followed_up(personas):
    request, recipient = pf.request(personas)
    recipient.sent_at = timezone.now() - timedelta(days=3)
    recipient.answered_at = timezone.now()
    recipient.save()
    request.due_on = personas.setting.today()
    request.save()
    sources.run_all(at(personas, 0, 9))
    assert who("request_due_today") == []


def test_event_reminder_a_day_ahead_once(personas):
    ev = pf.event(personas)
    slot = ev.slots.first()
    booking = pf.booking(personas, ev)
    slot.starts_at = timezone.now() + timedelta(hours=20)
    slot.save()
    sources.run_all()
    sources.run_all()
    assert len(who("event_reminder")) == 4 and booking.pk


def test_commitment_due_reminds_its_owner_each_day_until_done(personas):
    commitment = pf.commitment(personas)
    commitment.due_on = personas.setting.today()
    commitment.save()
    sources.run_all(at(personas, 0, 9))
    sources.run_all(at(personas, 0, 10))
    assert who("commitment_due") == ["keyperson"]
    sources.run_all(at(personas, 1, 9))
    assert len(who("commitment_due")) == 2
    commitment.done_at = timezone.now()
    commitment.save()
    sources.run_all(at(personas, 2, 9))
    assert len(who("commitment_due")) == 2


def test_concern_actions_and_reviews_reach_staff_only(personas):
    concern = pf.concern(personas, review_on=personas.setting.today())
    pf.concern_action(personas, concern, owner_staff=personas.key_person)
    overdue = pf.concern_action(personas, concern, owner_staff=personas.dsl)
    overdue.due_on = personas.setting.today() - timedelta(days=1)
    overdue.save()
    sources.run_all(at(personas, 0, 9))
    assert who("concern_action_due") == ["keyperson"]
    assert who("concern_action_overdue") == ["dsl"]
    assert who("concern_review_due") == ["keyperson"]
    run_everything(at(personas, 0, 9, 1))
    for row in Notification.objects.filter(sent_at__isnull=False):
        assert "nap" not in (row.subject + row.body).lower()  # the concern's own words stay in the record


def test_complaint_deadline_approaching_then_passed_goes_to_the_manager(personas):
    complaint = pf.complaint(personas)
    complaint.respond_by = personas.setting.today() + timedelta(days=3)
    complaint.save()
    sources.run_all(at(personas, 0, 9))
    assert who("complaint_deadline") == ["manager"]
    sources.run_all(at(personas, 4, 9))
    sources.run_all(at(personas, 5, 9))
    assert who("complaint_deadline_passed") == ["manager"]


def test_family_concern_not_acknowledged_in_two_working_days_goes_to_the_manager(personas):
    concern = pf.family_concern(personas)
    FamilyConcern.objects.filter(pk=concern.pk).update(created_at=at(personas, -4, 10))
    sources.run_all(at(personas, 0, 9))
    raised = (personas.setting.today() - timedelta(days=4))
    from notifications.schedule import working_days_after

    expected = ["manager"] if personas.setting.today() >= working_days_after(raised, 2) else []
    assert who("family_concern_unacknowledged") == expected


def test_settling_session_review_at_the_end_of_its_day_to_the_key_person(personas):
    pf.settling_plan(personas)
    sources.run_all(at(personas, 0, 12))
    assert who("settling_review_due") == []
    sources.run_all(at(personas, 0, 17, 45))
    assert who("settling_review_due") == ["keyperson"]


def test_safeguarding_record_reaches_the_dsl_only_and_names_no_child(personas):
    from partnerships.services.safeguarding import safeguarding_record_create

    safeguarding_record_create(child=personas.alfie, by=personas.key_person, what_happened="Bruise on the arm")
    run_everything()
    sent = Notification.objects.filter(kind="safeguarding_recorded", sent_at__isnull=False)
    assert sorted(n.recipient.email for n in sent) == ["dsl@example.test"]
    assert all("Alfie" not in n.subject + n.body and "Bruise" not in n.body for n in sent)
    assert not Notification.objects.filter(recipient__in=[personas.mother, personas.father],
                                           kind="safeguarding_recorded").exists()


def test_every_source_runs_on_the_real_models(personas):
    results = sources.run_all()
    assert all(not str(v).startswith(("skipped", "error", "missing")) for v in results.values()), results


def test_open_links_go_to_a_page_the_recipient_may_see(personas, login):
    from diaries.services import accident_record

    accident = accident_record(child=personas.alfie, by=personas.key_person, occurred_at=timezone.now(),
                               description="Fell off the scooter", first_aid="Cold compress")
    commitment = pf.commitment(personas)
    from notifications import api

    api.notify_staff(users=[personas.key_person], kind="commitment_due", about=commitment)
    run_everything()
    for row in Notification.objects.filter(sent_at__isnull=False):
        path = row.link.split("://", 1)[1].split("/", 1)[1]
        response = login(row.recipient).get("/" + path)
        assert response.status_code == 200, (row.kind, row.recipient, row.link)
    links = list(Notification.objects.filter(kind="accident_recorded").values_list("link", "sent_at", "cancelled_at"))
    assert links and all(f"/accident/{accident.pk}/" in link for link, _s, _c in links), links


def test_a_commitment_due_on_the_autumn_clock_change_day_fires_once_at_eight_local(personas):
    """25 Oct 2026 (BST -> GMT at 02:00): beat every 15 real minutes through the night; one reminder, at 08:00 GMT."""
    from datetime import UTC, date, datetime

    from notifications.models import ReminderSettings

    ReminderSettings.objects.create(setting=personas.setting, window_start=time(8, 0))
    commitment = pf.commitment(personas)
    commitment.due_on = date(2026, 10, 25)
    commitment.save()
    moment = datetime(2026, 10, 24, 21, 0, tzinfo=UTC)
    fired = []
    while moment < datetime(2026, 10, 25, 12, 0, tzinfo=UTC):
        sources.run_all(moment)
        run_everything(moment)
        if Notification.objects.filter(kind="commitment_due", sent_at__isnull=False).count() > len(fired):
            fired.append(moment)
        moment += timedelta(minutes=15)
    rows = Notification.objects.filter(kind="commitment_due", sent_at__isnull=False)
    assert rows.count() == 1 and len(fired) == 1
    assert fired[0] == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 08:00 GMT, not 07:00 (08:00 BST)
