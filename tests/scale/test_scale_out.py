"""The short scale-out run (scripts/scale_out.py --short) on the test database: nothing lost under faults.

Three gunicorns, two Celery workers and a beat on this PostgreSQL, a Redis and moto's S3 server of their own;
one gunicorn and one worker are killed and Redis restarts during the load. `make scale-out` is the 5-minute run.
Skip with SCALE_OUT=0 (e.g. on a machine too small to run it next to other work).
"""

import os
import shutil

import pytest
from django.db import connection

pytestmark = pytest.mark.scale_out


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += ":" + s["PASSWORD"]
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_three_web_processes_two_workers_and_a_beat_lose_nothing_when_a_web_a_worker_and_redis_fail(
        transactional_db, tmp_path, capsys):
    if os.environ.get("SCALE_OUT", "1") == "0":
        pytest.skip("SCALE_OUT=0")
    if connection.vendor != "postgresql":
        pytest.skip("the scale-out test needs PostgreSQL (set DATABASE_URL)")
    if not shutil.which("redis-server"):
        pytest.skip("the scale-out test starts its own redis-server")
    from scripts import scale_out

    report = scale_out.run(scale_out.Plan.short(), _database_url(), tmp_path / "scale-out")
    with capsys.disabled():
        print("\nscale-out (short):", {k: report[k] for k in ("requests", "statuses", "per_web", "writes", "photos")},
              "p95", report["latency"]["all"]["p95_ms"], "ms", "notifications", report["notifications"])
    assert not report["problems"], "\n".join(report["problems"])
    # The run did what it says: load on every web process, writes of each kind, photos, reminders and faults.
    assert set(report["per_web"]) == {"web0", "web1", "web2"}
    accepted = {k.split(":")[0] for k, n in report["writes"].items() if k.endswith(":accepted") and n}
    assert {"board", "handover", "photo"} <= accepted, report["writes"]
    assert sum(n for k, n in report["writes"].items() if k.endswith(":accepted")) >= 20, report["writes"]
    assert report["photos"]["served_by_another_process"] >= 1
    assert report["notifications"]["reminders_queued_ahead"] == scale_out.Plan.short().reminders
    assert report["notifications"]["sent"] == report["notifications"]["due_in_window"]
    assert report["logins_on_killed_process"] >= 1  # their sessions went on working on the other processes
    assert [what.split(" ")[0] for _t, what in report["events"][1:4]] == ["killed", "killed", "Redis"]
