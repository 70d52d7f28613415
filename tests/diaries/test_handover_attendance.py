"""Morning handover, check-in and check-out: who may collect, collection passwords, audited overrides."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from diaries import services
from diaries.models import Attendance, Handover
from tests.factories import COLLECTION_PASSWORD

from .conftest import minutes_ago


def test_family_sends_handover_and_sees_it_acknowledged_at_check_in(personas, login):
    mother = login(personas.mother)
    url = reverse("diaries:handover_send", args=[personas.alfie.pk])
    response = mother.post(url, {"night_sleep": "7pm-6am, woke once", "last_feed": "Porridge", "last_feed_at": "07:15",
                                 "mood_health": "A bit teary", "collector_name": "Gran Peg", "collect_at": "17:30"})
    assert response.status_code == 302
    handover = Handover.objects.get(child=personas.alfie)
    assert handover.source == "family" and handover.sent_by == personas.mother and not handover.is_acknowledged
    board = login(personas.key_person).get(reverse("diaries:room_board", args=[personas.toddlers.pk]))
    assert "Handover waiting" in board.content.decode()
    staff = login(personas.key_person)
    assert staff.post(reverse("diaries:check_in", args=[personas.alfie.pk]),
                      {"brought_by": "Mia Jones", "time": minutes_ago(personas.setting, 5).strftime("%H:%M")}
                      ).status_code == 302
    handover.refresh_from_db()
    assert handover.acknowledged_by == personas.key_person
    day = mother.get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert "read by Kim" in day
    # Once read, the family comments on the day rather than rewriting the handover.
    again = mother.post(url, {"mood_health": "Happier now"})
    assert "already read" in again.content.decode()
    handover.refresh_from_db()
    assert handover.mood_health == "A bit teary"


def test_empty_handover_is_refused(personas, login):
    response = login(personas.father).post(reverse("diaries:handover_send", args=[personas.alfie.pk]), {})
    assert "Fill in at least one thing" in response.content.decode()
    assert not Handover.objects.exists()


def test_home_injury_reported_at_arrival_becomes_a_record(personas):
    services.handover_send(child=personas.alfie, by=personas.mother, source="family", mood_health="ok",
                           home_injury="Bumped his knee on the stairs", home_injury_body_area="left knee")
    accident = personas.alfie.accidents.get()
    assert accident.kind == "home_injury" and accident.body_area == "left knee"


def test_staff_record_handover_at_the_door(personas, login):
    response = login(personas.key_person).post(reverse("diaries:handover_send", args=[personas.alfie.pk]),
                                               {"mood_health": "Tired"})
    assert response.status_code == 302
    assert Handover.objects.get().source == "staff"


def test_check_out_to_linked_carer_who_may_collect(personas, checked_in, login):
    link = personas.links["grandmother"]
    response = login(personas.key_person).post(reverse("diaries:check_out", args=[personas.alfie.pk]), {
        "collector": f"link:{link.pk}", "time": minutes_ago(personas.setting, 0).strftime("%H:%M"),
        "day_summary": "Great day, ate well."})
    assert response.status_code == 302
    checked_in.refresh_from_db()
    assert checked_in.collected_by_link == link and checked_in.out_at and checked_in.day_summary == "Great day, ate well."
    assert checked_in.checked_out_by == personas.key_person


def test_check_out_to_collector_checks_the_password(personas, checked_in, login):
    client = login(personas.key_person)
    url = reverse("diaries:check_out", args=[personas.alfie.pk])
    data = {"collector": f"collector:{personas.collector.pk}", "time": minutes_ago(personas.setting, 0).strftime("%H:%M")}
    wrong = client.post(url, {**data, "collection_password": "Red Elephant"})
    assert "collection password is wrong" in wrong.content.decode()
    checked_in.refresh_from_db()
    assert checked_in.out_at is None
    right = client.post(url, {**data, "collection_password": COLLECTION_PASSWORD.lower()})
    assert right.status_code == 302
    checked_in.refresh_from_db()
    assert checked_in.collected_by_collector == personas.collector


def test_restricted_parent_cannot_be_chosen_or_forced(personas, checked_in):
    with pytest.raises(ValidationError) as error:
        services.check_out(child=personas.alfie, by=personas.key_person, link=personas.links["restricted_parent"])
    assert "not allowed to collect" in str(error.value)
    # A carer of another child is not Alfie's either.
    with pytest.raises(ValidationError):
        services.check_out(child=personas.alfie, by=personas.manager, link=personas.links["other_parent"])
    assert Attendance.objects.get().out_at is None


def test_someone_else_needs_a_manager_and_a_reason_and_is_audited(personas, checked_in, login):
    url = reverse("diaries:check_out", args=[personas.alfie.pk])
    data = {"collector": "other", "other_name": "Uncle Bob", "time": minutes_ago(personas.setting, 0).strftime("%H:%M")}
    refused = login(personas.key_person).post(url, {**data, "override_reason": "Mum phoned"})
    assert "Only a manager can override" in refused.content.decode()
    no_reason = login(personas.manager).post(url, data)
    assert "Give the reason" in no_reason.content.decode()
    assert Attendance.objects.get().out_at is None
    ok = login(personas.manager).post(url, {**data, "override_reason": "Mum phoned; photo ID checked"})
    assert ok.status_code == 302
    attendance = Attendance.objects.get()
    assert attendance.override_by == personas.manager and attendance.collected_by_name == "Uncle Bob"
    latest = attendance.history.first()
    assert latest.override_reason == "Mum phoned; photo ID checked"
    assert latest.history_change_reason.startswith("override:")


def test_cannot_check_out_before_check_in_or_twice(personas):
    with pytest.raises(ValidationError, match="not been checked in"):
        services.check_out(child=personas.alfie, by=personas.key_person, link=personas.links["mother"])
    services.check_in(child=personas.alfie, by=personas.key_person, brought_by="Mia",
                      at=minutes_ago(personas.setting, 10))
    with pytest.raises(ValidationError, match="already checked in"):
        services.check_in(child=personas.alfie, by=personas.key_person, brought_by="Mia",
                          at=minutes_ago(personas.setting, 9))
    services.check_out(child=personas.alfie, by=personas.key_person, link=personas.links["mother"])
    with pytest.raises(ValidationError, match="already been collected"):
        services.check_out(child=personas.alfie, by=personas.key_person, link=personas.links["mother"])


def test_handover_recorded_at_the_door_is_already_read_and_keeps_its_source(personas):
    handover = services.handover_send(child=personas.alfie, by=personas.key_person, source="staff",
                                      mood_health="Sleepy")
    assert handover.acknowledged_by == personas.key_person
    family = services.handover_send(child=personas.bea, by=personas.other_parent, source="family",
                                    mood_health="Happy")
    updated = services.handover_send(child=personas.bea, by=personas.other_room_practitioner, source="staff",
                                     mood_health="Happy", notes="Dad collects")
    assert updated.pk == family.pk and updated.source == "family" and updated.sent_by == personas.other_parent


def test_end_of_day_handover_is_drafted_from_what_the_family_can_see(personas, checked_in, login):
    services.entry_create(child=personas.alfie, by=personas.key_person, kind="meal", what="Fish pie", amount="all",
                          occurred_at=minutes_ago(personas.setting, 20))
    services.entry_create(child=personas.alfie, by=personas.key_person, kind="activity", what="Built a tower",
                          is_good_news=True, occurred_at=minutes_ago(personas.setting, 15))
    services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="SECRET staff note",
                          staff_only=True, is_good_news=True, occurred_at=minutes_ago(personas.setting, 10))
    page = login(personas.key_person).get(reverse("diaries:check_out", args=[personas.alfie.pk])).content.decode()
    assert "Ate: Fish pie — All." in page and "Good news: Built a tower." in page
    draft = page[page.index('name="day_summary"'):]
    assert "SECRET" not in draft[:draft.index("</textarea>")]
