"""`next` is only ever same-origin: the buttons that send staff back where they were cannot send them off-site."""

import pytest
from django.urls import reverse
from django.utils import timezone

from diaries.models import DiaryEntry, Handover

pytestmark = pytest.mark.django_db

HOSTILE = ["https://evil.example/phish", "//evil.example/phish", "http://evil.example", "\\\\evil.example",
           "javascript:alert(1)", "https:evil.example", " https://evil.example",
           "²", "not-a-page"]  # bare words: not a path on this site, and never tried as a URL name (no 500)


def _handover(p):
    return Handover.objects.create(child=p.alfie, day=p.setting.today(), source="family", sent_by=p.mother,
                                   mood_health="Happy")


def _sleep(p):
    return DiaryEntry.objects.create(child=p.alfie, day=p.setting.today(), kind="sleep", author=p.key_person,
                                     occurred_at=timezone.now() - timezone.timedelta(minutes=30))


@pytest.mark.parametrize("target", HOSTILE)
def test_handover_acknowledge_never_redirects_off_site(personas, login, target):
    handover = _handover(personas)
    response = login(personas.key_person).post(reverse("diaries:handover_acknowledge", args=[handover.pk]),
                                               {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("diaries:child_day", args=[personas.alfie.pk])
    handover.refresh_from_db()
    assert handover.is_acknowledged, "the acknowledgement itself still counts"


@pytest.mark.parametrize("target", HOSTILE)
def test_woke_up_never_redirects_off_site(personas, login, target):
    entry = _sleep(personas)
    response = login(personas.key_person).post(reverse("diaries:sleep_end", args=[entry.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("diaries:child_day", args=[personas.alfie.pk]))
    assert "evil" not in response["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_marking_a_notification_read_never_redirects_off_site(personas, login, target):
    from notifications.models import Notification

    now = timezone.now()
    row = Notification.objects.create(recipient=personas.mother, channel="in_app", kind="test", language="en-gb",
                                      due_at=now, sent_at=now, subject="Hello", key=f"safe-next-{target}")
    response = login(personas.mother).post(reverse("notifications:notification_read", args=[row.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:notifications_inbox")
    row.refresh_from_db()
    assert row.read_at is not None


def test_a_same_site_next_is_followed(personas, login):
    handover = _handover(personas)
    back = reverse("diaries:room_board", args=[personas.toddlers.pk]) + "?x=1"
    response = login(personas.key_person).post(reverse("diaries:handover_acknowledge", args=[handover.pk]),
                                               {"next": back})
    assert response["Location"] == back
    entry = _sleep(personas)
    response = login(personas.key_person).post(reverse("diaries:sleep_end", args=[entry.pk]),
                                               {"next": "http://testserver" + back})
    assert response["Location"] == "http://testserver" + back
