"""Concerns raised by a family: the family follows each stage; only carers with concern rights take part."""

from django.urls import reverse

from partnerships import services
from partnerships.models import FamilyConcern

from . import factories as pf

S = FamilyConcern.Stage


def test_family_raises_and_staff_respond_through_pages(personas, login):
    p = personas
    mother = login(p.mother)
    response = mother.post(reverse("partnerships:family_concern_raise", args=[p.alfie.pk]),
                           {"subject": "Biting", "details": "A bite mark on his arm"})
    fc = FamilyConcern.objects.get()
    assert response.status_code == 302 and fc.stage == S.RECEIVED and fc.raised_by_carer == p.links["mother"].carer
    staff = login(p.key_person)
    staff.post(reverse("partnerships:family_concern_step", args=[fc.pk, "acknowledge"]),
               {"acknowledgement": "Thank you, looking into it", "version": fc.version})
    fc.refresh_from_db()
    assert fc.stage == S.ACKNOWLEDGED
    staff.post(reverse("partnerships:family_concern_step", args=[fc.pk, "summarise"]),
               {"staff_summary": "You are worried he is bitten", "version": fc.version})
    mother.post(reverse("partnerships:family_concern_confirm", args=[fc.pk]), {"confirmed": "yes"})
    fc.refresh_from_db()
    assert fc.stage == S.CLARIFIED and fc.family_confirmed_at
    staff.post(reverse("partnerships:family_concern_step", args=[fc.pk, "respond"]),
               {"outcome": "We shadowed play", "actions": "Extra adult", "version": fc.version})
    fc.refresh_from_db()
    assert fc.stage == S.RESPONDED
    page = mother.get(reverse("partnerships:family_concern_detail", args=[fc.pk])).content.decode()
    assert "We shadowed play" in page and "Responded" in page
    staff.post(reverse("partnerships:family_concern_step", args=[fc.pk, "follow_up"]),
               {"follow_up_note": "No more bites", "version": fc.version})
    fc.refresh_from_db()
    assert fc.stage == S.FOLLOWED_UP and not fc.is_open


def test_family_correction_keeps_it_unclarified(personas):
    p = personas
    fc = pf.family_concern(p)
    fc = services.family_concern_acknowledge(concern=fc, by=p.key_person, acknowledgement="Thanks")
    fc = services.family_concern_summarise(concern=fc, by=p.key_person, staff_summary="You want X")
    fc = services.family_concern_confirm(concern=fc, by=p.mother, confirmed=False, correction="I want Y")
    assert fc.stage == S.ACKNOWLEDGED and fc.family_correction == "I want Y"


def test_carers_without_concern_rights_cannot_raise_or_see(personas, login):
    p = personas
    fc = pf.family_concern(p)
    for name in ("nanny", "grandmother", "restricted_parent"):
        client = login(p.user(name))
        assert client.get(reverse("partnerships:family_concern_raise", args=[p.alfie.pk])).status_code == 404
        assert client.get(reverse("partnerships:family_concern_detail", args=[fc.pk])).status_code == 404
    assert login(p.father).get(reverse("partnerships:family_concern_detail", args=[fc.pk])).status_code == 200


def test_responding_before_summarising_is_refused(personas, login):
    p = personas
    fc = services.family_concern_acknowledge(concern=pf.family_concern(p), by=p.key_person, acknowledgement="ok")
    response = login(p.key_person).post(reverse("partnerships:family_concern_step", args=[fc.pk, "respond"]),
                                        {"outcome": "x", "version": fc.version})
    assert "Summarise the concern back" in response.content.decode()
    fc.refresh_from_db()
    assert fc.stage == S.ACKNOWLEDGED
