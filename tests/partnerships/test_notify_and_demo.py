"""What partnership writes hand to the notifications door, and the demo data."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from families import access
from partnerships import services
from partnerships.models import Complaint, Concern, FamilyConcern, FamilyRequest, SafeguardingRecord

from . import factories as pf


@pytest.fixture
def sent(monkeypatch):
    """Record calls to the notifications API (the notifications app owns delivery; here only the contract)."""
    calls = []
    import partnerships.services.concerns as concerns
    import partnerships.services.family_concerns as family_concerns
    import partnerships.services.requests as requests
    import partnerships.services.safeguarding as safeguarding

    def family(**kwargs):
        calls.append(("family", kwargs))
        return 0

    def staff(**kwargs):
        calls.append(("staff", kwargs))
        return 0

    for module in (concerns, family_concerns, requests):
        monkeypatch.setattr(module, "notify_child_family", family)
    for module in (family_concerns, safeguarding):
        monkeypatch.setattr(module, "notify_staff", staff)
    return calls


def test_sharing_a_concern_tells_only_carers_with_concern_rights(personas, sent):
    concern = pf.concern(personas, shared=False, stage=Concern.Stage.PREPARED)
    services.concern_invite_parent(concern=concern, by=personas.key_person,
                                   meeting_at=timezone.now() + timedelta(days=1))
    assert [(who, c["kind"], c["need"]) for who, c in sent] == [("family", "concern_update", access.CONCERNS)]


def test_family_concern_tells_key_person_and_managers(personas, sent):
    services.family_concern_raise(child=personas.alfie, by=personas.mother, subject="x", details="y")
    (who, call), = sent
    assert who == "staff" and call["kind"] == "family_concern_raised"
    assert set(call["users"]) == {personas.key_person, personas.manager}


def test_safeguarding_tells_the_dsl_and_never_a_family(personas, sent):
    services.safeguarding_record_create(child=personas.alfie, by=personas.other_room_practitioner,
                                        what_happened="Said something worrying")
    assert [(who, c["kind"]) for who, c in sent] == [("staff", "safeguarding_recorded")]
    assert sent[0][1]["users"] == [personas.dsl]


def test_request_sent_to_each_family(personas, sent):
    services.request_send(setting=personas.setting, by=personas.key_person, kind=FamilyRequest.Kind.BRING,
                          title="Wellies", due_on=date.today() + timedelta(days=2))
    assert {c["child"] for _who, c in sent} == {personas.alfie, personas.bea}
    assert {c["kind"] for _who, c in sent} == {"request_sent"}


def test_demo_seed_has_every_case(db):
    from families import demo as family_demo
    from partnerships import demo

    ctx = family_demo.seed(children=12, days=30)
    summary = demo.seed(ctx)
    assert "conversations" in summary
    stages = set(Concern.objects.values_list("stage", flat=True))
    assert stages == set(Concern.Stage.values)
    assert FamilyConcern.objects.filter(stage=FamilyConcern.Stage.ACKNOWLEDGED).exists()
    assert SafeguardingRecord.objects.count() == 1
    near = Complaint.objects.get(complainant_told_on=None)
    assert 0 <= (near.respond_by - ctx.today).days <= 5
    assert ctx.named_children["settling"].settling_plan.sessions.count() >= 3
    assert ctx.named_children["leaving"].transition.shared_with_family_at
    assert ctx.named_children["two_year_old"].progress_checks.exists()
