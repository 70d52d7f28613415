"""Conversations, commitments, complaints and the staff timeline."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from families.access import NotAllowed
from partnerships import services
from partnerships.models import Commitment, Complaint, Conversation

from . import factories as pf


def test_log_a_conversation_in_seconds(personas, login):
    p = personas
    response = login(p.key_person).post(reverse("partnerships:conversation_add", args=[p.alfie.pk]), {
        "carers": [p.links["father"].carer.pk, p.links["grandmother"].carer.pk], "channel": "pick_up",
        "topic": "Great painting", "is_good_news": "on"})
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.is_good_news and conversation.carers.count() == 2


def test_conversation_with_restricted_carer_is_refused(personas):
    with pytest.raises(ValidationError):
        services.conversation_log(child=personas.alfie, by=personas.key_person,
                                  carers=[personas.links["restricted_parent"].carer], channel="phone", topic="x")


def test_commitment_from_a_concern_shows_to_owner_and_family_until_done(personas, login):
    p = personas
    concern = pf.concern(p)
    staff = login(p.key_person)
    response = staff.post(reverse("partnerships:commitment_add", args=[p.alfie.pk]) + f"?source=concern:{concern.pk}", {
        "description": "Ask the SENCo", "due_on": date.today() + timedelta(days=1), "owner": p.key_person.pk,
        "said_to": [p.links["mother"].carer.pk]})
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.source == concern
    assert "Ask the SENCo" in staff.get(reverse("partnerships:my_commitments")).content.decode()
    assert "Ask the SENCo" in login(p.mother).get(reverse("partnerships:family_child", args=[p.alfie.pk])).content.decode()
    # Promises made in a concern stay with those who see concerns.
    assert "Ask the SENCo" not in login(p.nanny).get(reverse("partnerships:family_child", args=[p.alfie.pk])).content.decode()
    staff.post(reverse("partnerships:commitment_done", args=[commitment.pk]))
    assert "Ask the SENCo" not in staff.get(reverse("partnerships:my_commitments")).content.decode()


def test_commitment_due_in_the_past_is_refused(personas, login):
    p = personas
    response = login(p.key_person).post(reverse("partnerships:commitment_add", args=[p.alfie.pk]), {
        "description": "Call back", "due_on": date.today() - timedelta(days=2), "owner": p.key_person.pk,
        "said_to": [p.links["mother"].carer.pk]})
    assert "The due date is in the past" in response.content.decode()
    assert not Commitment.objects.exists()


def test_complaint_respond_by_comes_from_the_jurisdiction_profile(personas, login):
    p = personas
    received = timezone.now() - timedelta(days=1)
    complaint = services.complaint_record(setting=p.setting, by=p.manager, complainant_name="Mia", summary="x",
                                          channel=Complaint.Channel.WRITTEN, received_at=received,
                                          concerns_eyfs_requirement=True)
    assert complaint.respond_by == received.astimezone(p.setting.tz).date() + timedelta(days=28)
    page = login(p.manager).get(reverse("partnerships:complaint_register")).content.decode()
    assert "Mia" in page and 'media="print" href="/static/css/complaint_register_print.css"' in page
    with pytest.raises(NotAllowed):
        services.complaint_record(setting=p.setting, by=p.key_person, complainant_name="x", summary="x",
                                  channel="written", received_at=received)
    assert login(p.key_person).post(reverse("partnerships:complaint_add"), {
        "complainant_name": "x", "channel": "written", "summary": "x"}).status_code == 404
    assert Complaint.objects.count() == 1


def test_complaint_concurrent_edit_is_rejected(personas, login):
    p = personas
    complaint = pf.complaint(p)
    seen = complaint.version
    services.complaint_update(complaint=complaint, by=p.manager, investigation="First", outcome="", version=seen)
    response = login(p.manager).post(reverse("partnerships:complaint_edit", args=[complaint.pk]),
                                     {"investigation": "Second", "outcome": "", "version": seen})
    assert "Someone else changed this record" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.investigation == "First"


def test_timeline_gathers_everything_with_few_queries(personas, login, django_assert_max_num_queries):
    p = personas
    services.conversation_log(child=p.alfie, by=p.key_person, carers=[p.links["father"].carer],
                              channel="drop_off", topic="Slept badly")
    pf.concern(p)
    pf.family_concern(p)
    pf.commitment(p)
    pf.request(p)
    pf.booking(p, pf.event(p))
    pf.safeguarding_record(p)
    client = login(p.key_person)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("partnerships:child_timeline", args=[p.alfie.pk])).content.decode()
    for text in ("Slept badly", "Not settling at nap time", "Biting", "Check the nap routine", "Trip to the park",
                 "Parent evening"):
        assert text in page
    assert "fell off the bed" not in page


def test_staff_home_shows_open_concerns_and_commitments(personas, login):
    p = personas
    pf.family_concern(p)
    pf.concern(p)
    pf.commitment(p)
    client = login(p.key_person)
    page = client.get(reverse("families:home")).content.decode()
    assert "open concerns" in page and "1 from a family to acknowledge" in page
    listing = client.get(reverse("partnerships:concern_list")).content.decode()
    assert "Biting" in listing and "Not settling at nap time" in listing
    other = login(p.other_room_practitioner).get(reverse("partnerships:concern_list")).content.decode()
    assert "Biting" not in other


def test_commitment_from_a_diary_comment_thread_of_the_same_child_only(personas, login):
    from diaries.models import DiaryEntry, EntryComment

    p = personas
    entry = DiaryEntry.objects.create(child=p.alfie, day=date.today(), kind="note", occurred_at=timezone.now(),
                                      text="Tired today", author=p.key_person)
    comment = EntryComment.objects.create(entry=entry, author=p.mother, text="Will he nap later?")
    other = DiaryEntry.objects.create(child=p.bea, day=date.today(), kind="note", occurred_at=timezone.now(),
                                      text="x", author=p.other_room_practitioner)
    client = login(p.key_person)
    url = reverse("partnerships:commitment_add", args=[p.alfie.pk])
    data = {"description": "Let Mia know about the nap", "due_on": date.today(), "owner": p.key_person.pk,
            "said_to": [p.links["mother"].carer.pk]}
    assert client.post(url + f"?source=entrycomment:{comment.pk}", data).status_code == 302
    assert Commitment.objects.get().source == comment
    assert client.post(url + f"?source=diaryentry:{other.pk}", data).status_code == 404
