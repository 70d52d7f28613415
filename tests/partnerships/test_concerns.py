"""Concerns raised by staff: the full path, who sees what, and what is refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from families.access import NotAllowed
from partnerships import services
from partnerships.models import Concern, ConcernAction

from . import factories as pf

S = Concern.Stage


def _prepared(p):
    return services.concern_raise(child=p.alfie, by=p.key_person, title="Language", summary="Few words",
                                  observed_on=date.today() - timedelta(days=2), note="Points rather than says")


def test_full_staff_raised_concern_path(personas):
    p = personas
    concern = _prepared(p)
    assert concern.stage == S.PREPARED and not concern.is_shared
    concern = services.concern_invite_parent(concern=concern, by=p.key_person,
                                             meeting_at=timezone.now() + timedelta(days=1), version=concern.version)
    assert concern.stage == S.INVITED and concern.is_shared
    concern = services.concern_record_discussion(concern=concern, by=p.key_person, discussion_notes="Talked",
                                                 version=concern.version)
    concern = services.concern_record_parent_view(concern=concern, by=p.mother, parent_view="He talks at home")
    assert concern.stage == S.PARENT_VIEW and concern.parent_view_by == p.mother
    services.concern_action_add(concern=concern, by=p.key_person, description="Read together daily",
                                owner_carer=p.links["mother"].carer, due_on=date.today() + timedelta(days=7))
    services.concern_action_add(concern=concern, by=p.key_person, description="Small group talk time",
                                owner_staff=p.key_person, due_on=date.today() + timedelta(days=7))
    concern = services.concern_agree_actions(concern=concern, by=p.key_person, version=concern.version)
    assert concern.stage == S.ACTIONS_AGREED
    concern = services.concern_confirm_actions(concern=concern, by=p.mother)
    assert concern.actions_confirmed_by == p.mother
    concern = services.concern_set_review(concern=concern, by=p.key_person, review_on=date.today() + timedelta(21),
                                          version=concern.version)
    concern = services.concern_review(concern=concern, by=p.key_person, review_notes="Much better",
                                      version=concern.version)
    concern = services.concern_close(concern=concern, by=p.key_person, outcome=S.CLOSED, version=concern.version)
    assert concern.stage == S.CLOSED and concern.closed_at
    # Nothing is lost: every stage is in the history.
    stages = set(concern.history.values_list("stage", flat=True))
    assert {S.PREPARED, S.INVITED, S.DISCUSSED, S.PARENT_VIEW, S.ACTIONS_AGREED, S.REVIEW_SET, S.REVIEWED,
            S.CLOSED} <= stages


def test_cannot_close_without_review_via_the_page(personas, login):
    p = personas
    concern = pf.concern(p, stage=S.ACTIONS_AGREED)
    client = login(p.key_person)
    response = client.post(reverse("partnerships:concern_step", args=[concern.pk, "close"]),
                           {"outcome": "closed", "outcome_note": "done", "version": concern.version})
    assert response.status_code == 200
    assert "cannot close without a review" in response.content.decode()
    concern.refresh_from_db()
    assert concern.stage == S.ACTIONS_AGREED and concern.closed_at is None


def test_escalation_needs_no_review(personas):
    concern = pf.concern(personas)
    concern = services.concern_close(concern=concern, by=personas.key_person, outcome=S.ESCALATED,
                                     outcome_note="Referred to speech and language therapy")
    assert concern.stage == S.ESCALATED


def test_action_without_owner_is_refused(personas, login):
    p = personas
    concern = pf.concern(p, stage=S.DISCUSSED)
    response = login(p.key_person).post(reverse("partnerships:concern_step", args=[concern.pk, "action"]),
                                        {"description": "Something", "owner": "", "due_on": date.today()})
    assert response.status_code == 200
    assert "Every action needs an owner" in response.content.decode()
    assert not ConcernAction.objects.exists()


def test_action_due_in_the_past_is_refused(personas, login):
    p = personas
    concern = pf.concern(p, stage=S.DISCUSSED)
    response = login(p.key_person).post(reverse("partnerships:concern_step", args=[concern.pk, "action"]), {
        "description": "Something", "owner": f"staff:{p.key_person.pk}",
        "due_on": date.today() - timedelta(days=1)})
    assert "The due date is in the past" in response.content.decode()
    assert not ConcernAction.objects.exists()


def test_review_date_in_the_past_is_refused(personas):
    concern = pf.concern(personas, stage=S.ACTIONS_AGREED)
    with pytest.raises(ValidationError) as error:
        services.concern_set_review(concern=concern, by=personas.key_person, review_on=date.today() - timedelta(1))
    assert "review_on" in error.value.error_dict


def test_action_for_carer_without_concern_rights_is_refused(personas):
    concern = pf.concern(personas, stage=S.DISCUSSED)
    with pytest.raises(ValidationError) as error:
        services.concern_action_add(concern=concern, by=personas.key_person, description="x",
                                    owner_carer=personas.links["nanny"].carer, due_on=date.today())
    assert "owner" in error.value.error_dict


def test_second_of_two_concurrent_saves_is_rejected(personas, login):
    p = personas
    concern = pf.concern(p, stage=S.INVITED)
    seen_version = concern.version
    services.concern_record_discussion(concern=concern, by=p.dsl, discussion_notes="First save",
                                       version=seen_version)
    response = login(p.key_person).post(reverse("partnerships:concern_step", args=[concern.pk, "discuss"]),
                                        {"discussion_notes": "Second save", "version": seen_version})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    concern.refresh_from_db()
    assert concern.discussion_notes == "First save"


@pytest.mark.parametrize("persona", ["nanny", "grandmother", "restricted_parent", "other_parent",
                                     "other_room_practitioner", "other_setting_staff"])
def test_who_must_not_see_a_shared_concern(personas, login, persona):
    concern = pf.concern(personas)
    client = login(personas.user(persona))
    assert client.get(reverse("partnerships:concern_detail", args=[concern.pk])).status_code == 404
    if persona in ("nanny", "grandmother"):
        page = client.get(reverse("partnerships:family_child", args=[personas.alfie.pk])).content.decode()
        assert concern.title not in page


def test_family_does_not_see_a_concern_before_it_is_shared(personas, login):
    concern = pf.concern(personas, shared=False, stage=S.PREPARED)
    client = login(personas.mother)
    assert client.get(reverse("partnerships:concern_detail", args=[concern.pk])).status_code == 404
    assert concern.title not in client.get(reverse("partnerships:family_child", args=[personas.alfie.pk])).content.decode()
    assert login(personas.key_person).get(reverse("partnerships:concern_detail", args=[concern.pk])).status_code == 200


def test_family_marks_only_their_own_action_done(personas, login):
    p = personas
    concern = pf.concern(p, stage=S.ACTIONS_AGREED, actions_agreed_at=timezone.now())
    mine = pf.concern_action(p, concern, owner_carer=p.links["mother"].carer)
    staff_action = pf.concern_action(p, concern, owner_staff=p.key_person)
    client = login(p.mother)
    client.post(reverse("partnerships:concern_action_done", args=[mine.pk]))
    assert client.post(reverse("partnerships:concern_action_done", args=[staff_action.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        services.concern_action_done(action=staff_action, by=p.mother)
    mine.refresh_from_db()
    staff_action.refresh_from_db()
    assert mine.done_at is not None and mine.done_by == p.mother
    assert staff_action.done_at is None


def test_parent_adds_view_and_confirms_actions_through_pages(personas, login):
    p = personas
    concern = pf.concern(p, stage=S.DISCUSSED, discussed_at=timezone.now())
    client = login(p.father)
    response = client.post(reverse("partnerships:concern_parent_view", args=[concern.pk]),
                           {"parent_view": "He is tired on Mondays after my weekend", "version": concern.version})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.parent_view.startswith("He is tired") and concern.stage == S.PARENT_VIEW
    concern.actions_agreed_at = timezone.now()
    concern.save()
    client.post(reverse("partnerships:concern_confirm", args=[concern.pk]))
    concern.refresh_from_db()
    assert concern.actions_confirmed_by == p.father


def test_no_new_concern_after_the_child_has_left(personas):
    p = personas
    p.alfie.leave_date = date.today() - timedelta(days=1)
    p.alfie.save()
    with pytest.raises(ValidationError, match="left on"):
        _prepared(p)
    assert not Concern.objects.exists()
