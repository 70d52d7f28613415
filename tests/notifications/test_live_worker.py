"""Real Celery workers and beats, real Redis, real PostgreSQL, real SMTP: every reminder is delivered once.

Workers run with an 11-second send lease (one email, 5 replies of up to EMAIL_TIMEOUT=2 s, must fit: checks.py),
a 3-second queue lease and a 5-second Redis visibility timeout so the faults play out in seconds, on a queue of
their own (parallel runs sharing the Redis DB never take each other's messages).
"""

import re
import time

import pytest
from django.db import transaction

from notifications import api, sending
from notifications.models import Channel, Notification, Preference

from .live import Workers, require_live_parts, wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workers(transactional_db, tmp_path, smtp_server):
    require_live_parts()
    w = Workers(tmp_path, smtp_port=smtp_server.port)
    yield w
    w.stop_all()
    w.purge()


def queue_email_and_in_app(personas, emails=5):
    """Mother by email (one row per accident), everyone else in the app."""
    Preference.objects.create(user=personas.mother, channel=Channel.EMAIL)
    for user in (personas.father, personas.grandmother, personas.nanny):
        Preference.objects.create(user=user, channel=Channel.IN_APP)
    with transaction.atomic():
        for i in range(emails):
            api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector,
                                    key=f"accident:{i}")
    return {f"accident:{i}:u{personas.mother.pk}" for i in range(emails)}


def all_sent():
    return not Notification.objects.filter(sent_at__isnull=True).exists()


def assert_exactly_once(smtp_server, email_keys, workers):
    keys = smtp_server.keys()
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"delivered twice: {dupes}\n{workers.logs()}"
    assert set(keys) == email_keys, workers.logs()
    assert all_sent(), workers.logs()


def test_worker_with_beat_delivers_in_app_and_email_once(personas, workers, smtp_server):
    email_keys = queue_email_and_in_app(personas)
    workers.start("solo", beat=True)
    assert wait_until(all_sent), workers.logs()
    time.sleep(3)  # several more beats: nothing is sent again
    assert_exactly_once(smtp_server, email_keys, workers)


def test_two_beats_sweeping_at_once_deliver_each_reminder_once(personas, workers, smtp_server):
    email_keys = queue_email_and_in_app(personas, emails=30)
    workers.start("one", beat=True)
    workers.start("two", beat=True)
    assert wait_until(all_sent), workers.logs()
    time.sleep(4)
    assert_exactly_once(smtp_server, email_keys, workers)
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}, workers.logs()


def test_a_worker_killed_mid_send_is_replaced_and_the_email_goes_once(personas, workers, smtp_server):
    smtp_server.stall_seconds = 8  # the first RCPT hangs: the worker is inside the SMTP conversation
    email_keys = queue_email_and_in_app(personas, emails=3)
    victim = workers.start("victim", beat=True)
    assert smtp_server.stalled.wait(60), workers.logs()
    workers.kill(victim)  # SIGKILL: no ack, claim left behind, Redis message unacknowledged
    assert Notification.objects.filter(sent_at__isnull=True, claim_token__isnull=False).exists()
    stolen = re.search(r"send_batch\[([0-9a-f-]+)\] received", workers.log_of("victim")).group(1)
    workers.start("rescuer", beat=True)
    assert wait_until(all_sent), workers.logs()
    # Past the visibility timeout Redis hands the victim's unacknowledged message out again: it finds its
    # batch token already replaced and sends nothing.
    assert wait_until(lambda: stolen in workers.log_of("rescuer"), timeout=30), workers.logs()
    time.sleep(1)
    assert_exactly_once(smtp_server, email_keys, workers)


def test_a_message_delivered_twice_sends_once(personas, workers, smtp_server):
    email_keys = queue_email_and_in_app(personas, emails=5)
    def enqueue_twice(ids, token):
        for _ in range(2):
            workers.send_batch(ids, token)

    sending.sweep(enqueue=enqueue_twice)
    workers.start("single")
    assert wait_until(all_sent), workers.logs()
    time.sleep(2)
    assert_exactly_once(smtp_server, email_keys, workers)


def test_messages_lost_with_redis_are_sent_from_the_outbox(personas, workers, smtp_server, settings):
    """A Redis restart without persistence loses queued messages; the outbox still knows what is owed."""
    settings.NOTIFICATIONS_QUEUE_LEASE_SECONDS = 2
    email_keys = queue_email_and_in_app(personas, emails=3)
    assert sending.sweep(enqueue=workers.send_batch)
    workers.purge()  # what a restart of a non-persistent Redis does to the queue (only this run's queue)
    workers.start("after-restart", beat=True)
    assert wait_until(all_sent), workers.logs()
    time.sleep(2)
    assert_exactly_once(smtp_server, email_keys, workers)


def test_concurrent_sweeps_in_two_connections_split_the_rows(personas, transactional_db):
    """SKIP LOCKED: two sweeps at the same moment hand out disjoint rows."""
    import threading

    from django.db import connections

    require_live_parts()
    with transaction.atomic():
        for i in range(50):
            api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector,
                                    key=f"dose:{i}")
    handed = [[], []]
    barrier = threading.Barrier(2)

    def beat(slot):
        try:
            barrier.wait()
            sending.sweep(enqueue=lambda ids, token: handed[slot].extend(ids))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    both = handed[0] + handed[1]
    assert len(both) == len(set(both)) == Notification.objects.count()
