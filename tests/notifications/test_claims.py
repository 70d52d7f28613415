"""Issue 16: a row is never sent by a worker that no longer holds it, and settings that could allow it are refused.

In-process against real PostgreSQL. The live version (a real slow SMTP server and real workers) is
test_slow_relay.py.
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import TestCase
from django.utils import timezone

from families.models import Carer
from notifications import api, sending
from notifications.checks import lease_outlasts_every_send
from notifications.models import Channel, Notification

from .conftest import Collector

pytestmark = pytest.mark.django_db

SENT = []


class StealingSmsBackend:
    """A real backend's shape. While the first text goes out, a sweep (simulated by the same UPDATE it makes)
    hands every other row of the batch to someone else: this batch took longer than its lease."""

    def send(self, to, text):
        SENT.append(to)
        if len(SENT) == 1:  # every row of the batch after this one (rows go out in due_at, pk order)
            held = Notification.objects.exclude(claim_token=None).order_by("due_at", "pk")
            Notification.objects.filter(pk__in=list(held.values_list("pk", flat=True))[1:]).update(
                claim_token=uuid.uuid4(), claimed_until=timezone.now() + timedelta(minutes=5))


@pytest.fixture
def stealing_sms(settings, personas):
    SENT.clear()
    settings.NOTIFICATIONS_SMS_BACKEND = "tests.notifications.test_claims.StealingSmsBackend"
    for i, user in enumerate((personas.mother, personas.father, personas.grandmother, personas.nanny)):
        Carer.objects.filter(user=user).update(preferred_channel=Channel.SMS, phone=f"+44770090012{i}")
    yield SENT
    SENT.clear()


def sweep_once():
    collector = Collector()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sending.sweep(enqueue=collector)
    return collector.batches


def test_rows_whose_claim_was_lost_mid_batch_are_not_sent_by_this_worker(personas, stealing_sms):
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    rows = Notification.objects.filter(channel=Channel.SMS)
    assert rows.count() >= 3
    [(ids, token)] = sweep_once()
    assert sending.send_batch(ids, token) == 1
    assert len(stealing_sms) == 1  # the rows handed away were skipped, not sent
    assert rows.filter(sent_at__isnull=False).count() == 1
    assert not rows.filter(sent_at__isnull=True, claim_token__isnull=True).exists()  # still the other worker's


def test_the_other_worker_then_sends_each_of_them_once(personas, stealing_sms):
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    [(ids, token)] = sweep_once()
    sending.send_batch(ids, token)
    Notification.objects.filter(sent_at__isnull=True).update(claimed_until=timezone.now() - timedelta(seconds=1))
    for ids, token in sweep_once():  # the thief's lease ran out too: the next sweep hands the rows out again
        sending.send_batch(ids, token)
    rows = Notification.objects.filter(channel=Channel.SMS)
    assert sorted(stealing_sms) == sorted(set(stealing_sms)) and len(stealing_sms) == rows.count()
    assert not rows.filter(sent_at__isnull=True).exists()


def test_a_digest_partly_handed_away_is_not_sent_and_the_rest_is_given_back(personas):
    """A digest is one message for several rows: it goes only if every one of them is still ours."""
    for i in range(2):
        api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector,
                                key=f"dose:{i}")
    mine = uuid.uuid4()
    rows = list(Notification.objects.filter(recipient=personas.mother).order_by("pk"))
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
        claim_token=mine, claimed_until=timezone.now() + timedelta(seconds=30), attempts=1)
    stolen = uuid.uuid4()
    Notification.objects.filter(pk=rows[1].pk).update(claim_token=stolen)  # a sweep gave it to someone else
    batch = sending._Batch(str(mine), timezone.now())
    assert batch.hold(rows) is False
    rows[0].refresh_from_db()
    assert rows[0].claim_token is None and rows[0].attempts == 0  # back for the next sweep, attempt returned
    assert Notification.objects.get(pk=rows[1].pk).claim_token == stolen


def test_holding_a_row_renews_its_lease_and_the_rest_of_the_batch_every_half_lease(personas, settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = 300
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector, key="d")
    mine = uuid.uuid4()
    soon = timezone.now() + timedelta(seconds=5)
    pending = Notification.objects.filter(claim_token=mine)
    Notification.objects.update(claim_token=mine, claimed_until=soon, attempts=1)
    first, *rest = list(Notification.objects.order_by("pk"))
    batch = sending._Batch(str(mine), timezone.now())
    batch.pks = [first.pk, *(r.pk for r in rest)]
    assert batch.hold([first]) is True
    first.refresh_from_db()
    assert first.claimed_until > timezone.now() + timedelta(seconds=290)
    assert set(pending.exclude(pk=first.pk).values_list("claimed_until", flat=True)) == {soon}  # not yet
    batch.renew_rest_at = timezone.now()  # half a lease has passed
    assert batch.hold([rest[0]]) is True
    assert all(until > timezone.now() + timedelta(seconds=290) for until in pending.values_list("claimed_until", flat=True))


# -- the system check --


def test_defaults_pass(settings):
    assert lease_outlasts_every_send() == []


@pytest.mark.parametrize(("lease", "email_timeout", "expected"), [
    (12, 4, "notifications.E001"),   # the setup: one email may wait 5 x 4 s = 20 s > 12 s
    (10, 2, "notifications.E001"),   # equal is not enough
    (11, 2, "notifications.W001"),   # never twice, but rows late in a slow batch may move
    (20, 2, None),
])
def test_a_lease_one_email_could_outlast_is_refused(settings, lease, email_timeout, expected):
    settings.NOTIFICATIONS_LEASE_SECONDS = lease
    settings.EMAIL_TIMEOUT = email_timeout
    settings.NOTIFICATIONS_SMS_TIMEOUT = 1
    found = [m.id for m in lease_outlasts_every_send()]
    assert found == ([expected] if expected else [])


def test_an_sms_timeout_the_lease_does_not_cover_is_refused(settings):
    settings.NOTIFICATIONS_SMS_TIMEOUT = 300
    messages = lease_outlasts_every_send()
    assert [m.id for m in messages] == ["notifications.E001"] and "sms" in messages[0].msg


def test_no_email_timeout_at_all_is_refused(settings):
    settings.EMAIL_TIMEOUT = None
    assert [m.id for m in lease_outlasts_every_send()] == ["notifications.E002"]


@pytest.mark.parametrize("name", ["NOTIFICATIONS_BATCH_SIZE", "NOTIFICATIONS_LEASE_SECONDS",
                                  "NOTIFICATIONS_QUEUE_LEASE_SECONDS"])
def test_a_batch_or_lease_below_one_is_refused(settings, name):
    setattr(settings, name, 0)
    assert [m.id for m in lease_outlasts_every_send()] == ["notifications.E003"]


def test_manage_py_check_refuses_the_contradiction(settings):
    settings.NOTIFICATIONS_LEASE_SECONDS = 12
    settings.EMAIL_TIMEOUT = 4
    with pytest.raises(SystemCheckError, match="notifications.E001"):
        call_command("check")
