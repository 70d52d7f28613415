"""Safeguarding records: the DSL and named managers read them; nobody else; every read audited."""

import pytest
from django.urls import reverse

from families import access
from partnerships import services
from partnerships.models import SafeguardingReadAudit, SafeguardingRecord

from . import factories as pf


def test_any_staff_member_records_but_cannot_read_it_back(personas, login):
    p = personas
    client = login(p.other_room_practitioner)
    response = client.post(reverse("partnerships:safeguarding_add"), {
        "child": p.alfie.pk, "observed_at": "2026-01-05T10:00", "what_happened": "Said daddy hurt him"})
    assert response.status_code == 302
    record = SafeguardingRecord.objects.get()
    assert record.recorded_by == p.other_room_practitioner
    assert client.get(reverse("partnerships:safeguarding_detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("partnerships:safeguarding_list")).status_code == 404


def test_read_rule_in_access(personas):
    p = personas
    unnamed = pf.safeguarding_record(p)
    named = pf.safeguarding_record(p, named=[p.manager])
    assert set(access.safeguarding_records_visible_to(p.dsl)) == {unnamed, named}
    assert set(access.safeguarding_records_visible_to(p.manager)) == {named}
    for name in ("key_person", "other_room_practitioner", "mother", "father", "grandmother", "nanny",
                 "restricted_parent", "other_parent", "other_setting_staff"):
        assert not access.safeguarding_records_visible_to(p.user(name)).exists(), name


@pytest.mark.parametrize("persona", ["key_person", "other_room_practitioner", "mother", "father", "grandmother",
                                     "nanny", "restricted_parent", "other_setting_staff"])
def test_who_must_not_read(personas, login, persona):
    record = pf.safeguarding_record(personas, named=[personas.manager])
    client = login(personas.user(persona))
    assert client.get(reverse("partnerships:safeguarding_detail", args=[record.pk])).status_code == 404


def test_every_read_is_audited_and_the_dsl_sees_the_audit(personas, login):
    p = personas
    record = pf.safeguarding_record(p, named=[p.manager])
    login(p.manager).get(reverse("partnerships:safeguarding_detail", args=[record.pk]))
    page = login(p.dsl).get(reverse("partnerships:safeguarding_detail", args=[record.pk])).content.decode()
    readers = list(SafeguardingReadAudit.objects.values_list("reader", flat=True))
    assert sorted(readers) == sorted([p.manager.pk, p.dsl.pk])
    assert "Who has read this record" in page and p.manager.full_name in page


def test_safeguarding_never_reaches_family_pages_or_the_staff_timeline(personas, login):
    p = personas
    record = pf.safeguarding_record(p)
    for name in ("mother", "father", "grandmother", "nanny"):
        client = login(p.user(name))
        for url in (reverse("families:home"), reverse("partnerships:family_child", args=[p.alfie.pk])):
            page = client.get(url).content.decode()
            assert "fell off the bed" not in page and "afeguarding" not in page, (name, url)
    timeline = login(p.key_person).get(reverse("partnerships:child_timeline", args=[p.alfie.pk])).content.decode()
    assert record.what_happened not in timeline


def test_only_the_dsl_names_managers(personas):
    p = personas
    record = pf.safeguarding_record(p, named=[p.manager])
    services.safeguarding_record_update(record=record, by=p.manager, status="open", dsl_notes="x",
                                        named_managers=[])
    assert list(record.named_managers.all()) == [p.manager]
    services.safeguarding_record_update(record=record, by=p.dsl, status="referred", dsl_notes="y",
                                        named_managers=[])
    assert not record.named_managers.exists()
    assert record.history.count() >= 3
