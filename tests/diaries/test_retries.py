"""A request sent twice (the answer lost in a tunnel, or the offline queue sending it again) writes once.

Each form the device may queue carries a client_id (static/js/outbox.js). The row keeps it; a replay finds the
row and answers as the first time did. What someone else did meanwhile is a refusal with the reason, never a
silent overwrite.
"""

import uuid

import pytest
from django.urls import reverse

from diaries import services
from diaries.models import Attendance, DiaryEntry, EntryComment
from tests import factories as f

from .conftest import minutes_ago

pytestmark = pytest.mark.django_db


def _twice(client, url, data):
    return [client.post(url, data) for _ in range(2)]


def test_a_meal_for_five_children_sent_twice_is_saved_once(personas, login):
    children = [personas.alfie] + [f.ChildFactory(setting=personas.setting, room=personas.toddlers) for _ in range(4)]
    key = str(uuid.uuid4())
    data = {"kind": "meal", "time": minutes_ago(personas.setting, 10).strftime("%H:%M"), "what": "Soup",
            "child": [c.pk for c in children], "client_id": key, **{f"amount_{c.pk}": "all" for c in children}}
    first, again = _twice(login(personas.key_person), reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]),
                          data)
    assert first.status_code == again.status_code == 302
    assert DiaryEntry.objects.filter(kind="meal").count() == 5
    assert set(DiaryEntry.objects.values_list("client_id", flat=True)) == {uuid.UUID(key)}
    # Another request (a new id) for the same children is a second meal, as the key person meant it.
    data["client_id"] = str(uuid.uuid4())
    login(personas.key_person).post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]), data)
    assert DiaryEntry.objects.filter(kind="meal").count() == 10


def test_a_form_without_a_client_id_or_with_a_bad_one_still_saves(personas, login):
    url = reverse("diaries:entry_add", args=[personas.alfie.pk])
    client = login(personas.key_person)
    for bad in ("", "not-a-uuid", "ű" * 40, "1" * 5000):
        response = client.post(url, {"kind": "note", "time": minutes_ago(personas.setting, 5).strftime("%H:%M"),
                                     "text": "Painted", "client_id": bad})
        assert response.status_code == 302
    assert DiaryEntry.objects.filter(text="Painted", client_id=None).count() == 4


def test_an_entry_added_twice_from_the_childs_day_is_saved_once(personas, login):
    data = {"kind": "note", "time": minutes_ago(personas.setting, 5).strftime("%H:%M"), "text": "Sang",
            "client_id": str(uuid.uuid4())}
    responses = _twice(login(personas.key_person), reverse("diaries:entry_add", args=[personas.alfie.pk]), data)
    assert [r.status_code for r in responses] == [302, 302]
    assert DiaryEntry.objects.filter(text="Sang").count() == 1


def test_check_in_sent_twice_is_one_arrival_and_another_devices_is_a_refusal(personas, login):
    url = reverse("diaries:check_in", args=[personas.alfie.pk])
    data = {"brought_by": "Mum", "time": minutes_ago(personas.setting, 5).strftime("%H:%M"),
            "client_id": str(uuid.uuid4())}
    responses = _twice(login(personas.key_person), url, data)
    assert [r.status_code for r in responses] == [302, 302]
    assert Attendance.objects.filter(child=personas.alfie).count() == 1
    # A second tablet that queued its own check-in meanwhile is told why it was not saved.
    other = login(personas.manager).post(url, {**data, "client_id": str(uuid.uuid4())})
    assert other.status_code == 200 and "already checked in" in other.content.decode()


def test_a_child_checked_out_meanwhile_is_a_conflict_not_a_second_collection(personas, login, checked_in):
    url = reverse("diaries:check_out", args=[personas.alfie.pk])
    link = personas.links["grandmother"]
    data = {"collector": f"link:{link.pk}", "time": minutes_ago(personas.setting, 0).strftime("%H:%M"),
            "client_id": str(uuid.uuid4())}
    responses = _twice(login(personas.key_person), url, data)
    assert [r.status_code for r in responses] == [302, 302]
    checked_in.refresh_from_db()
    assert checked_in.out_client_id == uuid.UUID(data["client_id"])
    queued_elsewhere = login(personas.manager).post(url, {**data, "client_id": str(uuid.uuid4())})
    assert queued_elsewhere.status_code == 200
    assert "already been collected" in queued_elsewhere.content.decode()


def test_a_change_replayed_is_not_taken_for_someone_elses(personas, login):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="Lunch",
                                  occurred_at=minutes_ago(personas.setting, 20))
    url = reverse("diaries:entry_edit", args=[entry.pk])
    time = minutes_ago(personas.setting, 20).strftime("%H:%M")
    data = {"kind": "note", "time": time, "text": "Lunch, all of it", "version": 1, "reason": "typo",
            "client_id": str(uuid.uuid4())}
    responses = _twice(login(personas.key_person), url, data)
    assert [r.status_code for r in responses] == [302, 302]
    entry.refresh_from_db()
    assert entry.version == 2 and entry.text == "Lunch, all of it"
    # A queued change written against version 1 while a colleague changed it: refused, with who and when.
    stale = login(personas.manager).post(url, {**data, "text": "Lunch, none", "client_id": str(uuid.uuid4())})
    assert stale.status_code == 200 and "Someone else changed this entry" in stale.content.decode()
    entry.refresh_from_db()
    assert entry.text == "Lunch, all of it"


def test_a_comment_sent_twice_appears_once(personas, login):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="Painted",
                                  occurred_at=minutes_ago(personas.setting, 20))
    data = {"text": "Lovely!", "client_id": str(uuid.uuid4())}
    _twice(login(personas.mother), reverse("diaries:comment_add", args=[entry.pk]), data)
    assert EntryComment.objects.filter(entry=entry, text="Lovely!").count() == 1


def test_the_same_id_on_another_childs_entry_is_its_own_entry(personas):
    """The id is the device's for one request; the row is found by child and id, never across children."""
    key = uuid.uuid4()
    first = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="a", client_id=key)
    other = f.ChildFactory(setting=personas.setting, room=personas.toddlers)
    second = services.entry_create(child=other, by=personas.key_person, kind="note", text="b", client_id=key)
    assert first.pk != second.pk and second.text == "b"
