"""Forms that start from what the setting already knows: RSVPs from their event, bookings by carer, one check at two."""

from datetime import date

from django.urls import reverse

from partnerships.models import Event, FamilyRequest, ProgressCheck

from . import factories as pf


def test_an_rsvp_request_starts_from_its_events_audience_and_title(personas, login):
    p = personas
    everyone = pf.event(p)
    toddlers = Event.objects.create(setting=p.setting, kind=Event.Kind.PARENT_EVENING, title="Toddler stay and play",
                                    room=p.toddlers, created_by=p.manager)
    staff = login(p.key_person)
    form = staff.get(reverse("partnerships:request_add"), {"kind": "rsvp", "event": toddlers.pk}).context["form"]
    assert (form["kind"].value(), form["event"].value(), form["title"].value()) == ("rsvp", toddlers.pk,
                                                                                    "Toddler stay and play")
    assert form["audience"].value() == FamilyRequest.Audience.ROOM and form["room"].value() == p.toddlers.pk
    form = staff.get(reverse("partnerships:request_add"), {"event": everyone.pk}).context["form"]
    assert form["kind"].value() == "rsvp" and form["audience"].value() == FamilyRequest.Audience.EVERYONE
    assert form["title"].value() == "Parent evening"
    # The event page's button leads there.
    assert f'{reverse("partnerships:request_add")}?kind=rsvp&event={toddlers.pk}' in staff.get(
        reverse("partnerships:event_detail", args=[toddlers.pk])).content.decode()


def test_another_settings_event_or_nonsense_prefills_nothing(personas, login):
    p = personas
    elsewhere = Event.objects.create(setting=p.other_setting, kind=Event.Kind.PARENT_EVENING, title="Not yours",
                                     created_by=p.other_setting_staff)
    staff = login(p.key_person)
    for raw in (elsewhere.pk, "x", "²", "9" * 30):
        response = staff.get(reverse("partnerships:request_add"), {"kind": "rsvp", "event": raw})
        assert response.status_code == 200
        assert not response.context["form"]["title"].value()


def test_the_request_page_shows_which_carer_booked_which_slot(personas, login):
    p = personas
    ev = pf.event(p, slots=2)
    req, _recipient = pf.request(p, kind=FamilyRequest.Kind.RSVP, event=ev)
    first, second = ev.slots.order_by("starts_at")
    login(p.father).post(reverse("partnerships:event_rsvp", args=[ev.pk, p.alfie.pk]), {"slot": second.pk})
    page = login(p.key_person).get(reverse("partnerships:request_detail", args=[req.pk])).content.decode()
    assert "Who booked which time" in page and "booked by Fred Jones" in page
    event_page = login(p.key_person).get(reverse("partnerships:event_detail", args=[ev.pk])).content.decode()
    assert "booked by Fred Jones" in event_page


def test_the_check_at_two_link_opens_the_existing_check(personas, login):
    p = personas
    staff = login(p.key_person)
    url = reverse("partnerships:progress_check_add", args=[p.alfie.pk])
    assert staff.get(url).status_code == 200  # none yet: the blank form
    check = pf.progress_check(p, shared=False)
    response = staff.get(url)
    assert response.status_code == 302 and response.url == reverse("partnerships:progress_check_detail", args=[check.pk])
    # Staff who may not see the child still get nothing.
    assert login(p.other_room_practitioner).get(url).status_code == 404
    assert ProgressCheck.objects.count() == 1 and check.checked_on == date.today()
