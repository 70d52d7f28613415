"""The short version of `make fault-outbox` (scripts/fault_outbox.py), on the pytest database: real workers and
beats SIGKILLed while a slow relay takes a backlog; nothing lost, no repeat beyond the documented boundary."""

import pytest

from .live import LIVE_BROKER, require_live_parts

pytestmark = [pytest.mark.fault, pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def test_workers_and_beats_killed_mid_send_lose_nothing_and_repeat_only_at_the_boundary(transactional_db, tmp_path):
    require_live_parts()
    from scripts.fault_outbox import run_faults

    counts = run_faults(count=300, rounds=2, broker=LIVE_BROKER, delay=0.05, batch=25, timeout=150,
                        log_dir=tmp_path, say=print)
    report = counts.report()
    assert counts.worker_kills == 2 and counts.beat_kills == 2, report
    assert counts.due == counts.sent == counts.unique == 300, report
    assert counts.lost == 0 and counts.sent_not_received == 0, report
    assert counts.beyond_boundary == 0 and counts.same_message_id, report
    assert counts.ok
