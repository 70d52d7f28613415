"""Push as a channel, end to end on the server side: the outbox posts a real encrypted Web Push request to a
push service on loopback (tests/notifications/push_service.py), which the test opens with the subscription's
own private key. Exactly once, in the recipient's language, quiet hours and digests, expired devices pruned."""

import time as clock
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from families.models import CarerLink
from notifications import api, push, sending
from notifications.models import Channel, Delivery, Notification, Preference, PushSubscription

from .conftest import Collector, push_device, run_everything
from .push_service import vapid_claims

pytestmark = pytest.mark.django_db


def _at(setting, y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=setting.tz)


def test_a_push_reaches_the_push_service_encrypted_with_a_title_and_a_link_in_the_recipients_language(
        personas, push_service, settings):
    device = push_device(push_service, personas.mother)
    Preference.objects.filter(user=personas.mother).update(language="pl")
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    row = Notification.objects.get(recipient=personas.mother)
    assert row.channel == Channel.PUSH  # turning push on made it her channel
    run_everything()

    [message] = push_service.to(device)
    assert b"Alfie" not in message.body  # the body is ciphertext (RFC 8188 header: salt, record size, key id)
    content = device.decrypt(message)
    assert set(content) == {"title", "link"}  # nothing else leaves the building
    with translation.override("pl"):
        from django.utils.translation import gettext
        expected = gettext("Accident report for %(child)s: please read and acknowledge") % {"child": "Alfie"}
    assert expected != "Accident report for Alfie: please read and acknowledge"  # the catalogue has it
    assert content["title"] == expected
    assert content["link"].startswith("/") and not content["link"].startswith("//")

    claims = vapid_claims(message, settings.VAPID_PUBLIC_KEY)
    assert claims["aud"] == push_service.origin and claims["sub"] == "mailto:office@sunnyside.test"
    assert claims["exp"] > clock.time()
    assert message.headers["ttl"] == str(push.ttl())
    assert message.headers["urgency"] == "high"  # an accident report is urgent

    row.refresh_from_db()
    assert row.sent_at is not None and row.subject == expected  # and it is in her inbox
    assert run_everything() == 0
    assert len(push_service.to(device)) == 1  # exactly once


def test_a_redelivered_batch_pushes_once(personas, push_service):
    from django.test import TestCase

    device = push_device(push_service, personas.mother)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    collector = Collector()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sending.sweep(enqueue=collector)
    for ids, token in collector.batches + collector.batches:  # the broker delivers every message twice
        sending.send_batch(ids, token)
    assert len(push_service.to(device)) == 1


def test_every_device_gets_it_and_expired_ones_are_pruned(personas, push_service):
    phone = push_device(push_service, personas.mother, "phone")
    old_tablet = push_device(push_service, personas.mother, "old-tablet")
    uninstalled = push_device(push_service, personas.mother, "uninstalled")
    push_service.status["/push/old-tablet"] = 410  # Gone: the browser dropped this subscription
    push_service.status["/push/uninstalled"] = 404
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    assert [len(push_service.to(d)) for d in (phone, old_tablet, uninstalled)] == [1, 1, 1]
    assert list(PushSubscription.objects.filter(user=personas.mother).values_list("endpoint", flat=True)) == [
        phone.endpoint]
    assert PushSubscription.objects.get(endpoint=phone.endpoint).last_sent_at is not None
    assert Notification.objects.get(recipient=personas.mother).sent_at is not None


def test_when_the_last_device_is_gone_the_message_stays_in_the_inbox_and_nothing_more_is_pushed(
        personas, push_service):
    device = push_device(push_service, personas.mother, "only")
    push_service.status["/push/only"] = 410
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector, key="one")
    run_everything()
    row = Notification.objects.get(recipient=personas.mother)
    assert row.sent_at is not None and row.failed_at is None and "Alfie" in row.subject
    assert not PushSubscription.objects.filter(user=personas.mother).exists()
    api.notify_child_family(child=personas.alfie, kind="end_of_day_summary", about=personas.collector, key="two")
    assert Notification.objects.get(key=f"two:u{personas.mother.pk}").channel == Channel.IN_APP  # no device: in the app
    run_everything()
    assert len(push_service.to(device)) == 1


def test_quiet_hours_hold_a_push_until_they_end(personas, push_service):
    setting = personas.setting
    device = push_device(push_service, personas.mother)
    Preference.objects.filter(user=personas.mother).update(quiet_start=time(21, 0), quiet_end=time(7, 0))
    late = _at(setting, 2026, 6, 10, 22, 30)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, due_at=late)
    run_everything(late)
    row = Notification.objects.get(recipient=personas.mother)
    assert not push_service.to(device)
    assert row.sent_at is None and row.due_at == _at(setting, 2026, 6, 11, 7, 0)
    run_everything(_at(setting, 2026, 6, 11, 7, 0))
    assert len(push_service.to(device)) == 1
    row.refresh_from_db()
    assert row.sent_at is not None


def test_a_digest_is_one_push_at_digest_time(personas, push_service):
    device = push_device(push_service, personas.mother)
    Preference.objects.filter(user=personas.mother).update(delivery=Delivery.DIGEST, digest_time=time(18, 0))
    tomorrow = personas.setting.today() + timedelta(days=1)
    morning = _at(personas.setting, tomorrow.year, tomorrow.month, tomorrow.day, 9, 0)
    for kind in ("medicine_dose_given", "end_of_day_summary", "handover_acknowledged"):
        api.notify_child_family(child=personas.alfie, kind=kind, about=personas.collector, due_at=morning)
    run_everything(morning)
    assert not push_service.to(device)
    run_everything(_at(personas.setting, tomorrow.year, tomorrow.month, tomorrow.day, 18, 0))
    [message] = push_service.to(device)
    content = device.decrypt(message)
    assert content == {"title": "Your Triangle digest: 3 new", "link": reverse("notifications:notifications_inbox")}
    assert message.headers["urgency"] == "normal"
    assert Notification.objects.filter(recipient=personas.mother, sent_at__isnull=False).count() == 3


def test_a_carer_restricted_after_queueing_is_pushed_nothing(personas, push_service):
    device = push_device(push_service, personas.father)
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    CarerLink.objects.filter(carer__user=personas.father).update(is_restricted=True)
    run_everything()
    assert not push_service.to(device)
    assert Notification.objects.get(recipient=personas.father).cancelled_at is not None


def test_a_push_service_error_is_retried_later_and_a_refusal_is_recorded(personas, push_service):
    device = push_device(push_service, personas.mother, "busy")
    push_service.status["/push/busy"] = 503
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector, key="a")
    now = timezone.now()
    run_everything(now)
    row = Notification.objects.get(recipient=personas.mother)
    assert row.sent_at is None and row.failed_at is None and row.due_at > now and "503" in row.last_error
    push_service.status["/push/busy"] = 201
    run_everything(row.due_at)
    row.refresh_from_db()
    assert row.sent_at is not None and len(push_service.to(device)) == 2  # the 503, then the one that went

    push_service.status["/push/busy"] = 403  # our key does not match the subscription's: no retry helps
    api.notify_child_family(child=personas.alfie, kind="end_of_day_summary", about=personas.collector, key="b")
    run_everything()
    refused = Notification.objects.get(key=f"b:u{personas.mother.pk}")
    assert refused.failed_at is not None and "403" in refused.last_error


def test_without_keys_push_is_not_offered_and_nobody_is_routed_to_it(personas, push_service, settings):
    push_device(push_service, personas.mother)
    settings.VAPID_PRIVATE_KEY = ""
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    assert Notification.objects.get(recipient=personas.mother).channel == Channel.IN_APP


# --- turning push on and off (the preferences page posts what the browser's PushManager gave) ---


def _client(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_turning_push_on_stores_the_device_and_makes_push_the_channel(personas, push_service):
    device = push_service.new_device()
    client = _client(personas.mother)
    response = client.post(reverse("notifications:notification_push_subscribe"),
                           {"endpoint": device.endpoint, "p256dh": device.p256dh, "auth": device.auth},
                           HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Safari/604.1")
    assert response.status_code == 302
    stored = PushSubscription.objects.get(user=personas.mother)
    assert (stored.endpoint, stored.p256dh, stored.auth, stored.device) == (
        device.endpoint, device.p256dh, device.auth, "Safari · iPhone")
    assert Preference.objects.get(user=personas.mother).channel == Channel.PUSH
    page = client.get(reverse("notifications:notification_preferences"))
    assert "Push notifications are on for this device." in page.content.decode()
    assert "Safari · iPhone" in page.content.decode()


@pytest.mark.parametrize("change, reason", [
    ({"endpoint": "https://evil.example/collect"}, "push service is not one Triangle sends to"),
    ({"endpoint": "http://169.254.169.254/latest/meta-data/"}, "push service is not one Triangle sends to"),
    ({"p256dh": "bm90IGEga2V5"}, "a key Triangle cannot use"),
    ({"auth": "c2hvcnQ"}, "a key Triangle cannot use"),
    ({"endpoint": ""}, "This field is required"),
])
def test_a_subscription_triangle_cannot_use_is_refused_with_a_message_and_nothing_stored(
        personas, push_service, change, reason):
    device = push_service.new_device()
    data = {"endpoint": device.endpoint, "p256dh": device.p256dh, "auth": device.auth, **change}
    client = _client(personas.mother)
    response = client.post(reverse("notifications:notification_push_subscribe"), data, follow=True)
    assert reason in response.content.decode()
    assert not PushSubscription.objects.exists()
    assert not Preference.objects.filter(user=personas.mother, channel=Channel.PUSH).exists()


def test_a_shared_tablet_belongs_to_whoever_turned_push_on_last(personas, push_service):
    device = push_device(push_service, personas.mother)
    push_device_again = dict(endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth)
    _client(personas.father).post(reverse("notifications:notification_push_subscribe"), push_device_again)
    assert PushSubscription.objects.get(endpoint=device.endpoint).user == personas.father


def test_turning_a_device_off_is_for_its_owner_only(personas, push_service):
    push_device(push_service, personas.mother)
    stored = PushSubscription.objects.get(user=personas.mother)
    url = reverse("notifications:notification_push_unsubscribe", kwargs={"subscription_id": stored.pk})
    assert _client(personas.father).post(url).status_code == 404
    assert PushSubscription.objects.filter(pk=stored.pk).exists()
    assert _client(personas.mother).post(url).status_code == 302
    assert not PushSubscription.objects.filter(pk=stored.pk).exists()


def test_push_keys_makes_a_pair_that_signs_and_verifies(capsys, settings):
    call_command("push_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = lines["VAPID_PUBLIC_KEY"], lines["VAPID_PRIVATE_KEY"]
    from py_vapid import Vapid02

    headers = Vapid02.from_string(settings.VAPID_PRIVATE_KEY).sign(
        {"sub": "mailto:a@b.test", "aud": "https://fcm.googleapis.com", "exp": int(clock.time()) + 60})
    assert f"k={settings.VAPID_PUBLIC_KEY}" in headers["Authorization"]
    assert Vapid02.verify(headers["Authorization"])
    assert push.valid_browser_key(settings.VAPID_PUBLIC_KEY)


def test_the_send_lease_must_outlast_a_push_to_every_device(settings, push_service):
    from notifications.checks import lease_outlasts_every_send

    settings.NOTIFICATIONS_PUSH_TIMEOUT = 5  # ten devices, each a connection and a read of up to 5 s: 100 s
    settings.NOTIFICATIONS_LEASE_SECONDS = 90
    assert [m.id for m in lease_outlasts_every_send() if "push" in m.msg] == ["notifications.E001"]
    settings.NOTIFICATIONS_LEASE_SECONDS = 300
    assert not [m for m in lease_outlasts_every_send() if "push" in m.msg]
