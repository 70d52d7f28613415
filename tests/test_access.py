"""One test per rule in families/access.py (DESIGN section 3)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse

from families import access
from families.models import CarerLink, KeyPersonAssignment

from .factories import CarerLinkFactory, ChildFactory, KeyPersonAssignmentFactory

pytestmark = pytest.mark.django_db


def test_manager_sees_every_child_of_their_setting_only(personas):
    visible = set(access.children_visible_to(personas.manager))
    assert visible == {personas.alfie, personas.bea}
    other = ChildFactory(setting=personas.other_setting)
    assert other not in set(access.children_visible_to(personas.manager))


def test_practitioner_sees_their_rooms_and_their_key_children_only(personas):
    assert set(access.children_visible_to(personas.key_person)) == {personas.alfie}
    assert set(access.children_visible_to(personas.other_room_practitioner)) == {personas.bea}
    with pytest.raises(Http404):
        access.child_access_or_404(personas.other_room_practitioner, personas.alfie.pk)


def test_key_child_in_another_room_is_still_visible_to_their_key_person(personas):
    # Bea's key person works in Babies; when Bea moves up to Toddlers her key person keeps seeing her.
    personas.bea.room = personas.toddlers
    personas.bea.save()
    assert personas.bea in set(access.children_visible_to(personas.other_room_practitioner))
    KeyPersonAssignment.objects.filter(child=personas.bea).update(ends_on=personas.setting.today() - timedelta(days=1))
    assert personas.bea not in set(access.children_visible_to(personas.other_room_practitioner))


def test_staff_of_another_setting_see_nothing(personas):
    assert not access.children_visible_to(personas.other_setting_staff).filter(setting=personas.setting).exists()
    with pytest.raises(Http404):
        access.child_access_or_404(personas.other_setting_staff, personas.alfie.pk)
    with pytest.raises(Http404):
        access.room_or_404(personas.other_setting_staff, personas.toddlers.pk)


def test_family_carer_sees_only_their_own_children(personas):
    assert set(access.children_visible_to(personas.other_parent)) == {personas.bea}
    with pytest.raises(Http404):
        access.child_access_or_404(personas.other_parent, personas.alfie.pk)


def test_restricted_parent_sees_nothing_of_the_child(personas):
    assert not access.children_visible_to(personas.restricted_parent).exists()
    with pytest.raises(Http404):
        access.child_access_or_404(personas.restricted_parent, personas.alfie.pk)


def test_a_newly_restricted_carer_loses_access_at_their_next_request(personas, login):
    client = login(personas.father)
    assert b"Alfie" in client.get(reverse("families:home")).content
    CarerLink.objects.filter(pk=personas.links["father"].pk).update(is_restricted=True)
    response = client.get(reverse("families:home"))
    assert b"Alfie" not in response.content
    assert client.get(reverse("families:child_photo", args=[personas.alfie.pk])).status_code == 404


def test_nanny_sees_the_diary_but_not_concerns(personas):
    nanny = access.child_access_or_404(personas.nanny, personas.alfie.pk)
    assert nanny.can_see_diary and not nanny.can_see_concerns and not nanny.has_parental_responsibility
    with pytest.raises(Http404):
        access.child_access_or_404(personas.nanny, personas.alfie.pk, need=access.CONCERNS)
    mother = access.child_access_or_404(personas.mother, personas.alfie.pk, need=access.CONCERNS)
    assert mother.has_parental_responsibility


def test_grandmother_without_parental_responsibility(personas):
    gran = access.child_access_or_404(personas.grandmother, personas.alfie.pk)
    assert gran.can_see_diary and not gran.can_see_concerns
    with pytest.raises(Http404):
        access.child_access_or_404(personas.grandmother, personas.alfie.pk, need=access.PARENTAL_RESPONSIBILITY)


def test_a_carer_whose_diary_right_is_off_cannot_read_the_diary(personas):
    CarerLink.objects.filter(pk=personas.links["nanny"].pk).update(can_see_diary=False)
    with pytest.raises(Http404):
        access.child_access_or_404(personas.nanny, personas.alfie.pk, need=access.DIARY)


def test_staff_never_hold_parental_responsibility_but_act_for_the_setting(personas):
    kim = access.child_access_or_404(personas.key_person, personas.alfie.pk)
    assert kim.is_staff and kim.can_see_concerns and kim.can_contribute
    assert not kim.has_parental_responsibility


def test_staff_member_who_is_also_a_parent_sees_their_own_child_as_family(personas):
    # Olly works in Babies and is also the father of a child in Toddlers.
    own_child = ChildFactory(setting=personas.setting, room=personas.toddlers)
    from .factories import CarerFactory

    CarerLinkFactory(child=own_child, carer=CarerFactory(setting=personas.setting, user=personas.other_room_practitioner),
                     relationship=CarerLink.Relationship.FATHER)
    child_access = access.child_access_or_404(personas.other_room_practitioner, own_child.pk)
    assert child_access.is_family and not child_access.is_staff


def test_missing_and_forbidden_answer_the_same(personas, login):
    client = login(personas.other_parent)
    forbidden = client.get(reverse("families:child_photo", args=[personas.alfie.pk]))
    missing = client.get(reverse("families:child_photo", args=[999999]))
    assert forbidden.status_code == missing.status_code == 404


def test_family_sees_key_person_photo_only_for_their_own_childs_key_person(personas):
    kim = personas.key_person.memberships.get()
    assert access.staff_photo_visible(personas.mother, kim.pk) == kim
    with pytest.raises(Http404):
        access.staff_photo_visible(personas.other_parent, kim.pk)
    with pytest.raises(Http404):
        access.staff_photo_visible(personas.restricted_parent, kim.pk)


def test_family_home_hides_restricted_people_and_staff_only_notes(personas, login):
    content = login(personas.mother).get(reverse("families:home")).content.decode()
    assert "Rick" not in content
    assert "Prohibited steps" not in content
    assert "Gran Peg" in content and "Kim Keyworker" in content


def test_restriction_note_is_shown_to_staff(personas, login):
    content = login(personas.key_person).get(reverse("families:child_detail", args=[personas.alfie.pk])).content.decode()
    assert "Prohibited steps order" in content


def test_a_rooms_children_are_the_rules_children_in_that_room(personas):
    """access.room_children (the board's quick read) gives exactly staff_children in the room, leavers included."""
    from datetime import date

    from families.models import Room

    gone = ChildFactory(setting=personas.setting, room=personas.toddlers, legal_first_name="Gone",
                        start_date=date.today() - timedelta(days=800), leave_date=date.today() - timedelta(days=400))
    assert gone.access_ends_on < date.today()
    for person in (personas.manager, personas.key_person, personas.dsl, personas.other_room_practitioner):
        for room in access.rooms_visible_to(person):
            seen = access.room_or_404(person, room.pk)
            assert set(access.room_children(person, seen)) == set(access.staff_children(person).filter(room=room))
    assert gone in set(access.room_children(personas.manager, access.room_or_404(personas.manager, personas.toddlers.pk)))
    assert gone not in set(access.room_children(personas.key_person,
                                                access.room_or_404(personas.key_person, personas.toddlers.pk)))
    # A room that did not come through room_or_404 for this person goes through the whole rule.
    assert set(access.room_children(personas.other_room_practitioner, Room.objects.get(pk=personas.toddlers.pk))) == set()
    other_rooms_room = access.room_or_404(personas.key_person, personas.toddlers.pk)
    assert set(access.room_children(personas.other_room_practitioner, other_rooms_room)) == set()


def test_child_profile_query_count_does_not_grow_with_people(personas, login, django_assert_max_num_queries):
    client = login(personas.manager)
    url = reverse("families:child_detail", args=[personas.alfie.pk])
    client.get(url)
    for _ in range(8):
        CarerLinkFactory(child=personas.alfie, relationship=CarerLink.Relationship.AUNT_UNCLE)
    for _ in range(3):
        KeyPersonAssignmentFactory(child=ChildFactory(setting=personas.setting), staff=personas.key_person.memberships.get())
    with django_assert_max_num_queries(8 + 2):  # 8 real queries (issue 13) + the test transaction's savepoints
        assert client.get(url).status_code == 200


def test_the_profile_names_the_active_key_person_not_an_earlier_one(personas, login):
    """The active key person is picked from the assignments the history already read (one query fewer)."""
    from datetime import date, timedelta

    from families.models import KeyPersonAssignment

    KeyPersonAssignment.objects.filter(child=personas.alfie).update(starts_on=date.today() - timedelta(days=30))
    KeyPersonAssignmentFactory(child=personas.alfie, staff=personas.other_room_practitioner.memberships.get(),
                               starts_on=date.today() - timedelta(days=90), ends_on=date.today() - timedelta(days=31))
    content = login(personas.manager).get(reverse("families:child_detail", args=[personas.alfie.pk])).content.decode()
    current = personas.key_person.get_full_name()
    earlier = personas.other_room_practitioner.get_full_name()
    assert f"<strong>{current}</strong>" in content and "No active key person" not in content
    assert f"<strong>{earlier}</strong>" not in content and f"{earlier}:" in content  # the earlier one: history
