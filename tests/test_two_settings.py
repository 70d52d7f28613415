"""More than one setting per install: a second one from the command line, and a person who works in both sees
the current setting's children only, switching between them."""

from io import StringIO

import pytest
from django.core.management import call_command

from families import access
from families.models import Setting
from tests import factories as f


@pytest.fixture
def second_setting(personas):
    call_command("create_setting", "Riverside Nursery", "--room", "Otters", "--timezone", "Europe/Dublin",
                 "--manager-email", personas.manager.email, stdout=StringIO())
    riverside = Setting.objects.get(name="Riverside Nursery")
    otters = riverside.rooms.get()
    zed = f.ChildFactory(setting=riverside, room=otters, legal_first_name="Zed", legal_last_name="Quinn")
    return riverside, zed


def test_a_manager_of_two_settings_sees_each_ones_children_only_in_that_setting(personas, second_setting, login):
    riverside, zed = second_setting
    alfie = personas.alfie
    client = login(personas.manager)

    # First the setting they already worked in.
    assert client.get(f"/children/{alfie.pk}/").status_code == 200
    assert client.get(f"/children/{zed.pk}/").status_code == 404
    home = client.get("/").content.decode()
    assert "Sunnyside Nursery" in home and "Work in Riverside Nursery" in home and "Otters" not in home

    response = client.post(f"/settings/{riverside.pk}/switch/")
    assert response.status_code == 302
    assert client.get(f"/children/{zed.pk}/").status_code == 200
    assert client.get(f"/children/{alfie.pk}/").status_code == 404
    assert client.get(f"/diary/child/{alfie.pk}/").status_code == 404
    home = client.get("/").content.decode()
    assert "Riverside Nursery" in home and "Otters" in home and "Toddlers" not in home
    rooms = client.get("/manage/rooms/").content.decode()
    assert "Otters" in rooms and "Toddlers" not in rooms

    client.post(f"/settings/{personas.setting.pk}/switch/")
    assert client.get(f"/children/{alfie.pk}/").status_code == 200
    assert client.get(f"/children/{zed.pk}/").status_code == 404


def test_nobody_switches_into_a_setting_they_do_not_work_in(personas, second_setting, login):
    riverside, zed = second_setting
    client = login(personas.key_person)
    assert client.post(f"/settings/{riverside.pk}/switch/").status_code == 404
    assert client.get(f"/children/{zed.pk}/").status_code == 404
    # A stale or forged session value is ignored: the person's own setting stays.
    session = client.session
    session["current_setting_id"] = riverside.pk
    session.save()
    assert client.get(f"/children/{zed.pk}/").status_code == 404
    assert client.get(f"/children/{personas.alfie.pk}/").status_code == 200


def test_access_rules_follow_the_current_setting(personas, second_setting):
    riverside, zed = second_setting
    user = personas.manager
    assert set(access.children_visible_to(user)) >= {personas.alfie} and zed not in access.children_visible_to(user)
    access.choose_setting(user, riverside.pk)
    assert list(access.children_visible_to(user)) == [zed]
    assert access.child_access(user, personas.alfie) is None
