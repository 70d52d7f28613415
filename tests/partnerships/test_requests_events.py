"""Requests that need an answer, and events with slots."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from families.access import NotAllowed
from partnerships import services
from partnerships.models import EventBooking, FamilyRequest, RequestAnswer, RequestRecipient

from . import factories as pf


def test_send_to_a_room_and_track_seen_and_answered(personas, login):
    p = personas
    staff = login(p.key_person)
    response = staff.post(reverse("partnerships:request_add"), {
        "kind": "information", "title": "Allergy update", "audience": "room", "room": p.toddlers.pk,
        "due_on": date.today() + timedelta(days=3)})
    assert response.status_code == 302
    req = FamilyRequest.objects.get()
    recipient = RequestRecipient.objects.get(request=req)
    assert recipient.child == p.alfie
    mother = login(p.mother)
    home = mother.get(reverse("families:home")).content.decode()
    assert "Allergy update" in home  # pinned until answered
    mother.get(reverse("partnerships:request_answer", args=[recipient.pk]))
    recipient.refresh_from_db()
    assert recipient.seen_at and not recipient.answered_at
    mother.post(reverse("partnerships:request_answer", args=[recipient.pk]), {"text": "No changes"})
    recipient.refresh_from_db()
    assert recipient.answered_at
    assert "Allergy update" not in mother.get(reverse("families:home")).content.decode()
    detail = staff.get(reverse("partnerships:request_detail", args=[req.pk])).content.decode()
    assert "No changes" in detail


def test_due_date_in_the_past_is_refused(personas, login):
    response = login(personas.key_person).post(reverse("partnerships:request_add"), {
        "kind": "bring", "title": "Spare clothes", "audience": "everyone",
        "due_on": date.today() - timedelta(days=1)})
    assert response.status_code == 200
    assert "The due date is in the past" in response.content.decode()
    assert not FamilyRequest.objects.exists()


def test_consent_needs_each_parent_with_parental_responsibility(personas, login):
    p = personas
    _req, recipient = pf.request(p)
    login(p.mother).post(reverse("partnerships:request_answer", args=[recipient.pk]), {"consent_given": "yes"})
    recipient.refresh_from_db()
    assert recipient.answered_at is None  # father still to answer
    assert "Trip to the park" in login(p.father).get(reverse("families:home")).content.decode()
    login(p.father).post(reverse("partnerships:request_answer", args=[recipient.pk]), {"consent_given": "no"})
    recipient.refresh_from_db()
    assert recipient.answered_at is not None
    assert sorted(RequestAnswer.objects.values_list("consent_given", flat=True)) == [False, True]


def test_carer_without_parental_responsibility_cannot_answer_a_consent(personas, login):
    p = personas
    _req, recipient = pf.request(p)
    client = login(p.grandmother)
    assert "Trip to the park" not in client.get(reverse("families:home")).content.decode()
    with pytest.raises(NotAllowed) as error:
        services.request_answer(recipient=recipient, by=p.grandmother, consent_given=True)
    assert "parental responsibility" in str(error.value)
    page = client.get(reverse("partnerships:request_answer", args=[recipient.pk])).content.decode()
    assert "A consent is answered by each carer with parental responsibility" in page
    response = client.post(reverse("partnerships:request_answer", args=[recipient.pk]), {"consent_given": "yes"})
    assert response.status_code == 404
    assert not RequestAnswer.objects.exists()


def test_restricted_parent_cannot_answer(personas, login):
    _req, recipient = pf.request(personas)
    assert login(personas.restricted_parent).get(
        reverse("partnerships:request_answer", args=[recipient.pk])).status_code == 404


def test_rsvp_for_a_full_slot_is_refused(personas, login):
    p = personas
    ev = pf.event(p, capacity=1, slots=2)
    full, free = list(ev.slots.all())
    pf.booking(p, ev, child=p.bea)
    EventBooking.objects.filter(child=p.bea).update(slot=full)
    response = login(p.mother).post(reverse("partnerships:event_rsvp", args=[ev.pk, p.alfie.pk]), {"slot": full.pk})
    assert response.status_code == 200
    assert "that time is full" in response.content.decode()
    assert not EventBooking.objects.filter(child=p.alfie).exists()
    response = login(p.mother).post(reverse("partnerships:event_rsvp", args=[ev.pk, p.alfie.pk]), {"slot": free.pk})
    assert response.status_code == 302
    assert EventBooking.objects.get(child=p.alfie).slot == free


def test_booking_answers_the_rsvp_request_and_staff_record_attendance(personas, login):
    p = personas
    ev = pf.event(p, capacity=3)
    _req, recipient = pf.request(p, kind=FamilyRequest.Kind.RSVP, event=ev)
    services.event_book(slot=ev.slots.first(), child=p.alfie, by=p.father)
    recipient.refresh_from_db()
    assert recipient.answered_at is not None
    booking = EventBooking.objects.get()
    login(p.key_person).post(reverse("partnerships:event_attendance", args=[booking.pk]), {"attended": "yes"})
    booking.refresh_from_db()
    assert booking.attended is True


def test_busy_pages_keep_their_query_counts(personas, login, django_assert_max_num_queries):
    from tests import factories as f

    p = personas
    children = [p.alfie, p.bea] + [f.ChildFactory(setting=p.setting, room=p.toddlers) for _ in range(20)]
    for child in children[2:]:
        f.CarerLinkFactory(child=child)
    req = services.request_send(setting=p.setting, by=p.manager, kind=FamilyRequest.Kind.INFORMATION,
                                title="Contact details", due_on=date.today() + timedelta(days=3))
    for _ in range(3):
        pf.request(p)
    staff = login(p.manager)
    with django_assert_max_num_queries(15):
        assert staff.get(reverse("partnerships:request_detail", args=[req.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert staff.get(reverse("partnerships:request_list")).status_code == 200
    mother = login(p.mother)
    with django_assert_max_num_queries(20):
        page = mother.get(reverse("families:home")).content.decode()
    assert page.count("Trip to the park") == 3
