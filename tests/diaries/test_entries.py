"""Diary entries: quick entry for many children, history and concurrency, staff-only entries, threads, receipts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from diaries import services
from diaries.models import DiaryEntry, EntryComment, ReadReceipt
from tests import factories as f

from .conftest import minutes_ago


@pytest.fixture
def toddlers(personas):
    """Alfie and eleven more toddlers: twelve children for lunch."""
    others = [f.ChildFactory(setting=personas.setting, room=personas.toddlers) for _ in range(11)]
    return [personas.alfie, *others]


def test_lunch_for_twelve_children_with_an_amount_each_via_htmx(personas, login, toddlers):
    client = login(personas.key_person)
    amounts = ["all", "most", "half", "little", "none", "all"] * 2
    data = {"kind": "meal", "time": minutes_ago(personas.setting, 10).strftime("%H:%M"), "what": "Fish pie",
            "child": [c.pk for c in toddlers]}
    data.update({f"amount_{c.pk}": amount for c, amount in zip(toddlers, amounts, strict=True)})
    response = client.post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]), data,
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # a fragment for htmx, not a page
    assert "Saved for 12 children" in response.content.decode()
    entries = DiaryEntry.objects.filter(kind="meal")
    assert entries.count() == 12
    assert {e.child_id: e.amount for e in entries} == {c.pk: a for c, a in zip(toddlers, amounts, strict=True)}


def test_quick_entry_is_all_or_nothing_and_names_the_child(personas, login, toddlers):
    client = login(personas.key_person)
    first, second = toddlers[:2]
    response = client.post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]), {
        "kind": "bottle", "time": minutes_ago(personas.setting, 10).strftime("%H:%M"),
        "child": [first.pk, second.pk], f"ml_{first.pk}": "180", f"ml_{second.pk}": "-20"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Nothing was saved" in body and f"{second.first_name}: The amount cannot be negative." in body
    assert not DiaryEntry.objects.exists()


def test_a_refused_quick_entry_keeps_the_chosen_phrase(personas, login, toddlers):
    client = login(personas.key_person)
    first = toddlers[0]
    body = client.post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]), {
        "kind": "meal", "time": "not a time", "child": [first.pk], f"amount_{first.pk}": "all", "phrase": "long_nap",
    }, HTTP_HX_REQUEST="true").content.decode()
    assert "Give the time as HH:MM." in body and not DiaryEntry.objects.exists()
    assert '<optgroup label="Sleep and rest"><option value="long_nap" selected>Had a long nap</option>' in body
    assert body.count(" selected>") == body.count('value="long_nap" selected>') + body.count('value="meal" selected>')
    fresh = client.get(reverse("diaries:room_board", args=[personas.toddlers.pk])).content.decode()
    assert '<option value="">— a phrase from the phrasebook —</option>' in fresh
    assert '<option value="long_nap">Had a long nap</option>' in fresh


def test_quick_entry_cannot_reach_children_outside_the_viewers_rooms(personas, login):
    client = login(personas.key_person)
    client.post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]), {
        "kind": "nappy", "time": minutes_ago(personas.setting, 10).strftime("%H:%M"), "child": [personas.bea.pk],
        f"nappy_{personas.bea.pk}": "wet"})
    assert not DiaryEntry.objects.filter(child=personas.bea).exists()


def test_sleeping_now_then_woke_up_on_the_board(personas, login, checked_in):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="sleep",
                                  occurred_at=minutes_ago(personas.setting, 30))
    client = login(personas.key_person)
    board = client.get(reverse("diaries:room_board", args=[personas.toddlers.pk])).content.decode()
    assert "sleeping since" in board and "Woke up" in board
    client.post(reverse("diaries:sleep_end", args=[entry.pk]), HTTP_HX_REQUEST="true")
    entry.refresh_from_db()
    assert entry.ends_at is not None and entry.version == 2
    assert entry.history.first().history_change_reason == "Woke up"


def test_amendment_keeps_who_when_before_after_and_why(personas, login):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="meal", what="Pasta",
                                  amount="half", occurred_at=minutes_ago(personas.setting, 60))
    client = login(personas.dsl)
    response = client.post(reverse("diaries:entry_edit", args=[entry.pk]), {
        "time": entry.occurred_at.astimezone(personas.setting.tz).strftime("%H:%M"), "what": "Pasta", "amount": "all",
        "version": 1, "reason": "Finished it after all"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == "all" and entry.version == 2
    latest, original = entry.history.all()[:2]
    assert latest.history_user == personas.dsl and latest.history_change_reason == "Finished it after all"
    assert original.amount == "half" and original.history_user == personas.key_person
    page = client.get(reverse("diaries:entry_history", args=[entry.pk])).content.decode()
    assert "Finished it after all" in page and "half" in page and "Dee Safeguard" in page


def test_two_staff_editing_the_same_entry_do_not_overwrite_each_other(personas, login):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="Painted",
                                  occurred_at=minutes_ago(personas.setting, 60))
    kim, dee = login(personas.key_person), login(personas.dsl)
    url = reverse("diaries:entry_edit", args=[entry.pk])
    time = entry.occurred_at.astimezone(personas.setting.tz).strftime("%H:%M")
    # Both open the form at version 1; Kim saves first.
    assert kim.post(url, {"time": time, "text": "Painted a dinosaur", "version": 1, "reason": "detail"}).status_code == 302
    late = dee.post(url, {"time": time, "text": "Painted a house", "version": 1, "reason": "detail"})
    assert "Someone else changed this entry" in late.content.decode()
    entry.refresh_from_db()
    assert entry.text == "Painted a dinosaur" and entry.version == 2


def test_amend_needs_a_reason(personas):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="x",
                                  occurred_at=minutes_ago(personas.setting, 5))
    with pytest.raises(ValidationError) as error:
        services.entry_amend(entry=entry, by=personas.key_person, version=1, reason=" ", text="y")
    assert "reason" in error.value.message_dict


def test_retracted_entry_leaves_the_family_view_but_keeps_history(personas, login):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="Wrong child note",
                                  occurred_at=minutes_ago(personas.setting, 5))
    response = login(personas.key_person).post(reverse("diaries:entry_retract", args=[entry.pk]),
                                               {"version": 1, "reason": "Meant for Bea"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_retracted and entry.history.count() == 2
    assert "Wrong child note" not in login(personas.mother).get(
        reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert login(personas.mother).post(reverse("diaries:comment_add", args=[entry.pk]), {"text": "?"}).status_code == 404


def test_staff_only_entries_never_reach_families(personas, login):
    services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="Seemed withdrawn SECRET",
                          staff_only=True, is_good_news=True, occurred_at=minutes_ago(personas.setting, 5))
    public = services.entry_create(child=personas.alfie, by=personas.key_person, kind="activity", text="Built a tower",
                                   is_good_news=True, occurred_at=minutes_ago(personas.setting, 4))
    secret = DiaryEntry.objects.get(staff_only=True)
    for name in ("mother", "father", "grandmother", "nanny"):
        client = login(personas.user(name))
        page = client.get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
        assert "SECRET" not in page and "staff only" not in page
        assert "Built a tower" in page
        assert "1 piece of good news" in page  # the staff-only entry is not even counted
        assert client.post(reverse("diaries:comment_add", args=[secret.pk]), {"text": "hi"}).status_code == 404
        timeline = client.get(reverse("diaries:child_day", args=[personas.alfie.pk]) + "?part=timeline",
                              HTTP_HX_REQUEST="true").content.decode()
        assert "SECRET" not in timeline
    staff_page = login(personas.key_person).get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert "SECRET" in staff_page and "2 pieces of good news" not in staff_page
    assert public.pk


def test_comments_both_ways_in_one_thread_and_read_receipts(personas, login):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="activity", text="Mud kitchen",
                                  occurred_at=minutes_ago(personas.setting, 5))
    mother = login(personas.mother)
    mother.get(reverse("diaries:child_day", args=[personas.alfie.pk]))
    receipt = ReadReceipt.objects.get(user=personas.mother)
    assert receipt.day == personas.setting.today()
    mother.post(reverse("diaries:comment_add", args=[entry.pk]), {"text": "He loves mud!"})
    login(personas.key_person).post(reverse("diaries:comment_add", args=[entry.pk]), {"text": "He really does"},
                                    HTTP_HX_REQUEST="true")
    assert list(EntryComment.objects.values_list("by_staff", "text")) == [
        (False, "He loves mud!"), (True, "He really does")]
    staff_page = login(personas.key_person).get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert "Mia Jones: read" in staff_page and "Fred Jones: not yet" in staff_page
    # Staff visits do not count as family reads.
    assert ReadReceipt.objects.count() == 1


def test_earlier_days_are_browsable(personas, login):
    yesterday = minutes_ago(personas.setting, 0) - timedelta(days=1)
    services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="Yesterday note",
                          occurred_at=yesterday)
    client = login(personas.mother)
    today_page = client.get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert "Yesterday note" not in today_page and "Earlier" in today_page
    page = client.get(reverse("diaries:child_day", args=[personas.alfie.pk]) + f"?day={yesterday.date()}")
    assert "Yesterday note" in page.content.decode()
    assert client.get(reverse("diaries:child_day", args=[personas.alfie.pk]) + "?day=notaday").status_code == 404


def test_a_photo_entry_caption_can_be_amended(personas, login):
    from diaries.models import Photo

    photo = Photo.objects.create(image="diary-photos/x.jpg", taken_by=personas.key_person)
    photo.children.set([personas.alfie])
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="photo", photo=photo,
                                  text="Sand", occurred_at=minutes_ago(personas.setting, 5))
    response = login(personas.key_person).post(reverse("diaries:entry_edit", args=[entry.pk]), {
        "time": entry.occurred_at.astimezone(personas.setting.tz).strftime("%H:%M"), "text": "Sand castles",
        "version": 1, "reason": "typo"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Sand castles" and entry.photo == photo
