"""Both sides hear about it: a family when a settling-in plan or session review waits for them, staff when a family
reports back on a take-home activity (and the family when staff have read it). Through the real outbox."""

from datetime import date

import pytest
from django.urls import reverse

from diaries.models import ActivityResponse, TakeHomeActivity
from notifications.models import Notification

from .conftest import run_everything

pytestmark = pytest.mark.django_db


def who(kind):
    return sorted(n.recipient.email.split("@")[0] for n in Notification.objects.filter(kind=kind))


def test_the_family_is_told_of_a_new_settling_in_plan_and_of_each_review_waiting_for_them(personas, login):
    p = personas
    staff = login(p.key_person)
    staff.post(reverse("partnerships:settling_plan", args=[p.alfie.pk]), {"notes": "Loves his blue rabbit"})
    plan = p.alfie.settling_plan
    # Everyone linked to Alfie (never the restricted parent) hears of the plan; staff do not tell themselves.
    assert who("settling_plan_ready") == ["father", "grandmother", "mother", "nanny"]
    staff.post(reverse("partnerships:settling_session_add", args=[plan.pk]), {
        "date": date.today(), "start_time": "09:00", "length_minutes": 60, "parent_stays": "on"})
    session = plan.sessions.get()
    assert not Notification.objects.filter(kind="settling_review_waiting").exists()
    staff.post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "Played with sand"})
    waiting = who("settling_review_waiting")
    assert "mother" in waiting and "restricted" not in waiting
    # Writing the staff note again does not tell them twice.
    staff.post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "Played with sand!"})
    assert who("settling_review_waiting") == waiting
    assert run_everything()
    row = Notification.objects.get(kind="settling_review_waiting", recipient=p.mother)
    assert row.link.endswith(reverse("partnerships:settling_session_review", args=[session.pk]))
    plan_row = Notification.objects.get(kind="settling_plan_ready", recipient=p.mother)
    assert plan_row.link.endswith(reverse("partnerships:settling_plan", args=[p.alfie.pk]))
    # The link opens the page for her, and her answer is the family's half of the review.
    mother = login(p.mother)
    assert mother.get(reverse("partnerships:settling_session_review", args=[session.pk])).status_code == 200
    mother.post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "Happy at home after"})
    session.refresh_from_db()
    assert session.parent_note == "Happy at home after"


def test_a_session_the_family_reviewed_first_tells_nobody_when_staff_add_theirs(personas, login):
    p = personas
    staff = login(p.key_person)
    staff.post(reverse("partnerships:settling_plan", args=[p.alfie.pk]), {"notes": ""})
    plan = p.alfie.settling_plan
    staff.post(reverse("partnerships:settling_session_add", args=[plan.pk]), {
        "date": date.today(), "start_time": "09:00", "length_minutes": 60})
    session = plan.sessions.get()
    login(p.mother).post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "He was fine"})
    staff.post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "Played with sand"})
    assert not Notification.objects.filter(kind="settling_review_waiting").exists()


def test_staff_hear_when_a_family_reports_back_and_can_acknowledge_it(personas, login):
    p = personas
    activity = TakeHomeActivity.objects.create(child=p.alfie, title="Puddle jumping", description="Count splashes",
                                               suggested_by=p.dsl)
    login(p.mother).post(reverse("diaries:activity_respond", args=[activity.pk]), {"text": "Twelve splashes!"})
    response = ActivityResponse.objects.get()
    # The key person, the Toddlers staff and whoever suggested it; not another room's staff, not the family.
    assert who("activity_reported_back") == ["dsl", "keyperson"]
    assert run_everything()
    row = Notification.objects.get(kind="activity_reported_back", recipient=p.key_person)
    assert row.link.endswith(reverse("diaries:child_records", args=[p.alfie.pk]))

    staff = login(p.key_person)
    records = staff.get(reverse("diaries:child_records", args=[p.alfie.pk])).content.decode()
    url = reverse("diaries:activity_response_acknowledge", args=[response.pk])
    assert url in records
    assert "Twelve splashes!" in staff.get(url).content.decode()
    assert staff.post(url, {"reply": "Brilliant counting"}).status_code == 302
    response.refresh_from_db()
    assert response.acknowledged_by == p.key_person and response.staff_reply == "Brilliant counting"
    assert who("activity_response_acknowledged") == ["father", "grandmother", "mother", "nanny"]
    # Acknowledging again keeps the first time and tells nobody twice.
    first = response.acknowledged_at
    staff.post(url, {"reply": ""})
    response.refresh_from_db()
    assert response.acknowledged_at == first and response.staff_reply == "Brilliant counting"
    assert Notification.objects.filter(kind="activity_response_acknowledged").count() == 4
    page = login(p.mother).get(reverse("diaries:child_records", args=[p.alfie.pk])).content.decode()
    assert "seen by" in page and "Brilliant counting" in page and url not in page


def test_families_and_other_rooms_cannot_acknowledge(personas, login):
    p = personas
    activity = TakeHomeActivity.objects.create(child=p.alfie, title="Puddle jumping", description="x",
                                               suggested_by=p.key_person)
    response = ActivityResponse.objects.create(activity=activity, author=p.mother, text="Fun")
    url = reverse("diaries:activity_response_acknowledge", args=[response.pk])
    for name in ("mother", "other_room_practitioner", "other_setting_staff"):
        assert login(p.user(name)).post(url, {"reply": "x"}).status_code == 404
    response.refresh_from_db()
    assert response.acknowledged_at is None and response.staff_reply == ""
