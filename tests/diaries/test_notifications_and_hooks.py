"""Every write tells the right people through the one notifications door; hook partials show diary links."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from diaries import services
from diaries.models import Accident, DiaryEntry, HomeObservation, MedicineConsent
from families import access
from families.demo import DEMO_PASSWORD
from families.models import Child

from .conftest import minutes_ago


@pytest.fixture
def told(monkeypatch):
    """Record the calls made to the notifications API (a stub until the notifications app lands)."""
    calls = []
    monkeypatch.setattr(services, "notify_child_family",
                        lambda **kw: calls.append(("family", kw["kind"], kw["about"], kw.get("need"))) or 1)
    monkeypatch.setattr(services, "notify_staff",
                        lambda **kw: calls.append(("staff", kw["kind"], kw["about"], list(kw["users"]))) or 1)
    return calls


def test_each_write_names_its_kind_and_audience(personas, told):
    kim, mum = personas.key_person, personas.mother
    handover = services.handover_send(child=personas.alfie, by=mum, source="family", mood_health="ok")
    assert told[-1][:2] == ("staff", "family_handover") and kim in told[-1][3]
    services.check_in(child=personas.alfie, by=kim, brought_by="Mum", at=minutes_ago(personas.setting, 30))
    assert told[-1] == ("family", "handover_acknowledged", handover, access.DIARY)
    entry = services.entry_create(child=personas.alfie, by=kim, kind="note", text="Hi",
                                  occurred_at=minutes_ago(personas.setting, 20))
    services.comment_add(entry=entry, by=mum, text="Thanks")
    assert told[-1][:2] == ("staff", "family_comment")
    services.comment_add(entry=entry, by=kim, text="You're welcome")
    assert told[-1][:2] == ("family", "comment_reply")
    services.accident_record(child=personas.alfie, by=kim, description="Fell", first_aid="Plaster",
                             occurred_at=minutes_ago(personas.setting, 10))
    assert told[-1][:2] == ("family", "accident_recorded") and isinstance(told[-1][2], Accident)
    consent = services.medicine_consent_give(child=personas.alfie, by=mum, medicine="Calpol", dose="5 ml",
                                             when="noon", starts_on=personas.setting.today(),
                                             ends_on=personas.setting.today() + timedelta(days=1))
    assert isinstance(consent, MedicineConsent)
    services.medicine_dose_record(child=personas.alfie, by=kim, consent=consent, dose="5 ml",
                                  given_at=minutes_ago(personas.setting, 5))
    assert told[-1][:2] == ("family", "medicine_dose_given")
    observation = services.home_observation_add(child=personas.alfie, by=mum, text="Counted",
                                                observed_on=personas.setting.today())
    services.home_observation_acknowledge(observation=observation, by=kim)
    assert told[-1][:2] == ("family", "home_observation_acknowledged") and isinstance(told[-1][2], HomeObservation)
    services.activity_suggest(child=personas.alfie, by=kim, title="Puddles", description="Jump")
    assert told[-1][:2] == ("family", "activity_suggested")
    services.check_out(child=personas.alfie, by=kim, link=personas.links["grandmother"])
    assert told[-1][:2] == ("family", "end_of_day_summary")


def test_staff_only_entry_comments_do_not_notify_families(personas, told):
    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="note", text="x",
                                  staff_only=True, occurred_at=minutes_ago(personas.setting, 5))
    services.comment_add(entry=entry, by=personas.dsl, text="noted")
    assert not [c for c in told if c[0] == "family"]


def test_hook_links_and_todays_numbers(personas, login):
    services.check_in(child=personas.alfie, by=personas.key_person, brought_by="Mum",
                      at=minutes_ago(personas.setting, 30))
    home = login(personas.key_person).get("/").content.decode()
    assert "1/1" in home and "arrived today" in home
    room = login(personas.key_person).get(reverse("families:room_detail", args=[personas.toddlers.pk])).content.decode()
    assert reverse("diaries:room_board", args=[personas.toddlers.pk]) in room
    profile = login(personas.key_person).get(reverse("families:child_detail", args=[personas.alfie.pk])).content.decode()
    assert reverse("diaries:child_day", args=[personas.alfie.pk]) in profile
    family = login(personas.grandmother).get("/").content.decode()
    assert reverse("diaries:child_day", args=[personas.alfie.pk]) in family
    assert reverse("diaries:handover_send", args=[personas.alfie.pk]) in family


def test_demo_fills_the_diary(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo", children=12, days=10, stdout=open("/dev/null", "w"))
    alfie = Child.objects.get(preferred_name="Alfie")
    assert DiaryEntry.objects.filter(child=alfie).count() > 20
    assert DiaryEntry.objects.filter(kind="photo").exists()
    assert alfie.accidents.filter(acknowledged_at__isnull=True, paper_signed_by="").exists()
    assert alfie.handovers.filter(day=alfie.setting.today(), acknowledged_at__isnull=True).exists()
    mum = Client()
    assert mum.login(email="mother@sunnyside.test", password=DEMO_PASSWORD)
    assert "Please read the accident record for Alfie" in mum.get("/").content.decode()
    past = alfie.setting.today() - timedelta(days=1 if alfie.setting.today().weekday() else 3)
    assert mum.get(reverse("diaries:child_day", args=[alfie.pk]) + f"?day={past}").status_code == 200
    kim = Client()
    assert kim.login(email="kim@sunnyside.test", password=DEMO_PASSWORD)
    board = kim.get(reverse("diaries:room_board", args=[alfie.room_id])).content.decode()
    assert "Handover waiting" in board
    bea = Child.objects.get(preferred_name="Bea")
    assert bea.medicine_consents.get().doses.count() == 2


def test_real_outbox_rows_name_the_child_and_skip_the_author(personas):
    """With the notifications app in place: rows are queued, for the right people, about the right child."""
    from notifications.models import Notification

    entry = services.entry_create(child=personas.alfie, by=personas.key_person, kind="activity", text="Mud",
                                  occurred_at=minutes_ago(personas.setting, 10))
    services.comment_add(entry=entry, by=personas.mother, text="Lovely")
    staff_rows = Notification.objects.filter(kind="family_comment")
    assert personas.key_person.pk in set(staff_rows.values_list("recipient_id", flat=True))
    assert set(staff_rows.values_list("child_id", flat=True)) == {personas.alfie.pk}
    assert not staff_rows.filter(recipient__in=[personas.mother, personas.father]).exists()
    services.comment_add(entry=entry, by=personas.key_person, text="Thanks")
    family_rows = Notification.objects.filter(kind="comment_reply")
    recipients = set(family_rows.values_list("recipient_id", flat=True))
    assert personas.mother.pk in recipients and personas.restricted_parent.pk not in recipients
    assert personas.other_parent.pk not in recipients
