"""Who may see a child is a manager's decision (issue 9, point 1; DESIGN section 3)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from families import services
from families.models import Carer, CarerLink
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _edit_data(link, **overrides):
    """What the edit form posts for `link` as it stands (contact details only, as a practitioner's form has)."""
    carer = link.carer
    data = {
        "full_name": carer.full_name, "email": carer.email, "phone": carer.phone,
        "preferred_channel": carer.preferred_channel, "preferred_language": carer.preferred_language,
        "household": carer.household_id or "", "new_household_address": "", "new_household_postcode": "",
        "relationship": link.relationship, "child_calls_them": link.child_calls_them,
    }
    data.update(overrides)
    return data


def _rights_data(link, **overrides):
    data = {name: "on" for name in ("parental_responsibility", "lives_with_child", "may_collect",
                                    "emergency_contact", "can_see_diary", "can_contribute", "can_see_concerns",
                                    "is_restricted") if getattr(link, name)}
    data["restriction_note"] = link.restriction_note
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_kim_posting_the_edit_without_is_restricted_leaves_the_restriction(personas, login):
    """The attack from the issue: a key person posts the carer-link form without `is_restricted`."""
    link = personas.links["restricted_parent"]
    client = login(personas.key_person)
    response = client.post(reverse("families:carer_link_edit", args=[link.pk]),
                           _edit_data(link, child_calls_them="Dad R", parental_responsibility="on",
                                      can_see_concerns="on", restriction_note=""))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.is_restricted and link.restriction_note == "Prohibited steps order, 2026"
    assert link.child_calls_them == "Dad R"  # contact details are the child's staff's to keep up to date
    # The restricted parent still reads nothing of Alfie.
    restricted = login(personas.restricted_parent)
    assert restricted.get(reverse("diaries:child_day", args=[personas.alfie.pk])).status_code == 404


def test_a_practitioner_cannot_grant_rights(personas, login):
    link = personas.links["grandmother"]
    login(personas.key_person).post(reverse("families:carer_link_edit", args=[link.pk]),
                                    _edit_data(link, parental_responsibility="on", can_see_concerns="on",
                                               is_restricted="on"))
    link.refresh_from_db()
    assert not link.parental_responsibility and not link.can_see_concerns and not link.is_restricted


def test_the_practitioners_form_shows_rights_read_only(personas, login):
    link = personas.links["grandmother"]
    response = login(personas.key_person).get(reverse("families:carer_link_edit", args=[link.pk]))
    form = response.context["form"]
    assert not {"parental_responsibility", "is_restricted", "can_see_concerns", "may_collect"} & set(form.fields)
    assert b'name="is_restricted"' not in response.content and b"Only a manager changes" in response.content
    manager_form = login(personas.manager).get(reverse("families:carer_link_edit", args=[link.pk])).context["form"]
    assert "is_restricted" in manager_form.fields and "parental_responsibility" in manager_form.fields


def test_the_service_refuses_rights_from_anyone_but_a_manager(personas):
    link = personas.links["restricted_parent"]
    for who in (personas.key_person, personas.dsl, personas.other_setting_staff, personas.mother):
        with pytest.raises(PermissionDenied):
            services.carer_link_rights_change(link=link, by=who, is_restricted=False, lift_reason="x",
                                              lift_confirmed=True)
    with pytest.raises(PermissionDenied):
        services.carer_link_create(child=personas.alfie, by=personas.key_person, carer=personas.links["nanny"].carer)
    with pytest.raises(PermissionDenied):
        services.carer_link_create(child=personas.alfie, by=personas.key_person,
                                   carer_fields={"full_name": "Jo"}, rights={"can_see_diary": True})
    link.refresh_from_db()
    assert link.is_restricted


def test_a_link_a_practitioner_adds_starts_with_no_rights(personas, login):
    data = _edit_data(personas.links["nanny"], full_name="Jo Jones", email="jo@example.test", household="",
                      relationship="aunt_uncle", child_calls_them="Auntie Jo")
    data.update(can_see_diary="on", parental_responsibility="on")
    response = login(personas.key_person).post(reverse("families:carer_add", args=[personas.alfie.pk]), data)
    assert response.status_code == 302
    link = CarerLink.objects.get(carer__full_name="Jo Jones")
    assert not any(getattr(link, name) for name in ("can_see_diary", "can_contribute", "parental_responsibility",
                                                    "may_collect", "can_see_concerns"))


def test_linking_a_known_carer_is_a_managers_decision(personas, login):
    other = Carer.objects.create(setting=personas.setting, full_name="Known Person")
    url = reverse("families:carer_link_existing", args=[personas.alfie.pk])
    data = {"carer": other.pk, "relationship": "other", "can_see_diary": "on"}
    assert login(personas.key_person).post(url, data).status_code == 404
    assert not CarerLink.objects.filter(carer=other).exists()
    assert login(personas.manager).post(url, data).status_code == 302
    assert CarerLink.objects.get(carer=other).can_see_diary


def test_setting_a_restriction_takes_effect_at_once_and_the_dsl_is_told(personas, login):
    link = personas.links["father"]
    father = login(personas.father)
    assert father.get(reverse("diaries:child_day", args=[personas.alfie.pk])).status_code == 200
    response = login(personas.manager).post(
        reverse("families:carer_link_edit", args=[link.pk]),
        _edit_data(link) | _rights_data(link, is_restricted="on", restriction_note="Court order 12/2026"))
    assert response.status_code == 302
    assert father.get(reverse("diaries:child_day", args=[personas.alfie.pk])).status_code == 404
    told = Notification.objects.filter(kind="carer_rights_changed", object_id=link.pk)
    assert list(told.values_list("recipient", flat=True)) == [personas.dsl.pk]
    record = link.history.latest()
    assert record.history_user == personas.manager and record.is_restricted


def test_lifting_a_restriction_needs_a_reason_and_a_second_confirmation(personas, login):
    link = personas.links["restricted_parent"]
    manager = login(personas.manager)
    url = reverse("families:carer_link_edit", args=[link.pk])
    lifted = _edit_data(link) | _rights_data(link, is_restricted=None)

    response = manager.post(url, lifted)
    assert response.status_code == 200
    assert "lift_reason" in response.context["form"].errors and "lift_confirmed" in response.context["form"].errors
    response = manager.post(url, lifted | {"lift_reason": "Order discharged; copy on file"})
    assert list(response.context["form"].errors) == ["lift_confirmed"]
    link.refresh_from_db()
    assert link.is_restricted

    response = manager.post(url, lifted | {"lift_reason": "Order discharged; copy on file", "lift_confirmed": "on"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert not link.is_restricted
    record = link.history.latest()
    assert record.history_change_reason == "Order discharged; copy on file"
    assert record.history_user == personas.manager


def test_the_history_says_who_when_from_and_to(personas, login):
    link = personas.links["grandmother"]
    services.carer_link_rights_change(link=link, by=personas.manager, may_collect=False, can_see_concerns=True)
    response = login(personas.key_person).get(reverse("families:carer_link_edit", args=[link.pk]))
    changes = response.context["rights_history"]
    by_field = {c.field: c for c in changes if c.by == personas.manager}
    assert by_field["can_see_concerns"].old is False and by_field["can_see_concerns"].new is True
    assert by_field["may_collect"].old is True and by_field["may_collect"].new is False
    assert "Maggie Manager" in response.content.decode()


def test_details_alone_do_not_tell_the_dsl(personas, login):
    link = personas.links["grandmother"]
    login(personas.manager).post(reverse("families:carer_link_edit", args=[link.pk]),
                                 _edit_data(link, child_calls_them="Nana") | _rights_data(link))
    link.refresh_from_db()
    assert link.child_calls_them == "Nana"
    assert not Notification.objects.filter(kind="carer_rights_changed").exists()
