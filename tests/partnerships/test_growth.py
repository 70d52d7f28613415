"""Settling in, the progress check at two, and the transition out."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import ProgressCheck, Transition

from . import factories as pf


def test_settling_plan_sessions_reviews_and_settled(personas, login):
    p = personas
    staff = login(p.key_person)
    staff.post(reverse("partnerships:settling_plan", args=[p.alfie.pk]), {"notes": "Loves his blue rabbit"})
    plan = p.alfie.settling_plan
    staff.post(reverse("partnerships:settling_session_add", args=[plan.pk]), {
        "date": date.today(), "start_time": "09:00", "length_minutes": 60, "parent_stays": "on"})
    session = plan.sessions.get()
    staff.post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "Played with sand"})
    login(p.mother).post(reverse("partnerships:settling_session_review", args=[session.pk]), {"note": "Happy at home after"})
    session.refresh_from_db()
    assert session.staff_note == "Played with sand" and session.parent_note == "Happy at home after"
    with pytest.raises(ValidationError):
        services.settling_complete(plan=plan, by=p.key_person, settled_on=date.today(), final_review="")
    services.settling_complete(plan=plan, by=p.key_person, settled_on=date.today(), final_review="Settled well")
    plan.refresh_from_db()
    assert plan.is_settled
    assert "Settled on" in login(p.father).get(reverse("partnerships:settling_plan", args=[p.alfie.pk])).content.decode()


def test_progress_check_only_for_children_aged_24_to_36_months(personas, login):
    p = personas
    response = login(p.other_room_practitioner).post(reverse("partnerships:progress_check_add", args=[p.bea.pk]),
                                                     {"checked_on": date.today()})
    assert response.status_code == 200
    assert "aged 24 to 36 months" in response.content.decode()
    assert not ProgressCheck.objects.exists()
    check = services.progress_check_save(child=p.alfie, by=p.key_person, checked_on=date.today(),
                                         cl_going_well="Two-word phrases")
    assert check.pk


def test_progress_check_shared_then_parent_contributes(personas, login):
    p = personas
    check = pf.progress_check(p, shared=False)
    assert login(p.mother).get(reverse("partnerships:progress_check_detail", args=[check.pk])).status_code == 404
    login(p.key_person).post(reverse("partnerships:progress_check_share", args=[check.pk]))
    check.refresh_from_db()
    assert check.shared_on == date.today()
    login(p.mother).post(reverse("partnerships:progress_check_contribute", args=[check.pk]),
                         {"parent_contribution": "Sings at bath time"})
    check.refresh_from_db()
    assert check.parent_contribution == "Sings at bath time"
    assert login(p.nanny).get(reverse("partnerships:progress_check_detail", args=[check.pk])).status_code == 404


def test_transition_shared_family_section_printable_and_closed_after_leaving(personas, login):
    p = personas
    staff = login(p.key_person)
    staff.post(reverse("partnerships:transition_edit", args=[p.alfie.pk]), {"destination": "Meadow Primary",
                                                               "interests": "Dinosaurs"})
    t = Transition.objects.get()
    staff.post(reverse("partnerships:transition_share", args=[t.pk]))
    login(p.mother).post(reverse("partnerships:transition_family", args=[t.pk]), {"family_section": "He loves lists"})
    printed = staff.get(reverse("partnerships:transition_detail", args=[t.pk]) + "?print=1").content.decode()
    assert "Meadow Primary" in printed and "He loves lists" in printed and "<nav" not in printed
    p.alfie.leave_date = date.today() - timedelta(days=1)
    p.alfie.save()
    t.refresh_from_db()
    with pytest.raises(ValidationError, match="left on"):
        services.transition_family_section(transition=t, by=p.mother, family_section="More")
    with pytest.raises(ValidationError, match="left on"):
        services.conversation_log(child=p.alfie, by=p.key_person, carers=[p.links["mother"].carer],
                                  channel="phone", topic="x")
    assert staff.get(reverse("partnerships:transition_detail", args=[t.pk])).status_code == 200  # still readable
