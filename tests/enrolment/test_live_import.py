"""Done when (issue 12): the template with 150 children imports on PostgreSQL in the background, through a real
Celery worker, with a progress bar the page polls (htmx); then the same file imports again with no change."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from enrolment.models import ImportBatch
from families.models import Child
from tests.notifications.live import Workers, require_live_parts, wait_until
from tests.test_access_matrix import _database_fingerprint

from .conftest import xlsx

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]

PROGRESS = re.compile(rb'<progress id="import-bar"[^>]*max="(\d+)" value="(\d+)"')


@pytest.fixture
def worker(transactional_db, tmp_path):
    require_live_parts()
    from config.celery import app

    workers = Workers(tmp_path)
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = workers.queue  # what the pages enqueue goes to this run's worker only
    workers.start("imports", FAST_PASSWORD_HASHING_FOR_TESTS=1)
    yield workers
    app.conf.task_default_queue = default_queue
    workers.stop_all()
    workers.purge()


def _import_through_the_pages(client, worker, first=True):
    response = client.post(reverse("enrolment:start"), {"file": xlsx(families=150)})
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    preview = client.get(reverse("enrolment:batch", args=[batch.pk]))
    plan = preview.context["plan"]
    assert plan.ok and plan.children_count == 150, plan.problems[:5]
    client.post(reverse("enrolment:confirm", args=[batch.pk]))
    if first:  # the second import writes nothing: it may be done before the page is asked for
        page = client.get(reverse("enrolment:batch", args=[batch.pk]))
        assert b'hx-trigger="every 1s"' in page.content and PROGRESS.search(page.content)
    seen = []

    def finished():
        response = client.get(reverse("enrolment:progress", args=[batch.pk]), HTTP_HX_REQUEST="true")
        if response.get("HX-Refresh") == "true":
            return True
        found = PROGRESS.search(response.content)
        assert found, response.content[:500]
        seen.append((int(found.group(2)), int(found.group(1))))
        return False

    assert wait_until(finished, timeout=600, interval=0.5), worker.logs()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, (batch.failure, worker.logs())
    result = client.get(reverse("enrolment:batch", args=[batch.pk]))
    return batch, plan, seen, result


def test_the_template_with_150_children_imports_in_the_background_then_again_with_no_change(personas, worker, login):
    client = login(personas.manager)
    before = Child.objects.filter(setting=personas.setting).count()
    batch, plan, seen, result = _import_through_the_pages(client, worker)
    assert Child.objects.filter(setting=personas.setting).count() == before + 150
    counts = {row["kind"]: row for row in batch.summary["counts"]}
    assert counts["child"]["create"] == 150 and counts["link"]["create"] == 600 and counts["collector"]["create"] == 150
    assert b"Invite the families" in result.content
    # The bar moved while the worker wrote (the import's own transaction is invisible until it commits).
    assert seen and all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False)), seen
    assert any(0 < done < total for done, total in seen), seen

    # Notifications of the first import (the DSL hears of each new link's rights) are still being delivered by the
    # worker meanwhile; everything else must stay exactly as it is.
    skip = {"enrolment_importbatch"} | {t for t in connection.introspection.table_names() if t.startswith("notifications_")}
    fingerprint = _database_fingerprint(skip=skip)
    again, plan, _seen, _result = _import_through_the_pages(client, worker, first=False)
    assert plan.writes == 0
    assert {row["create"] + row["update"] for row in again.summary["counts"]} == {0}
    assert _database_fingerprint(skip=skip) == fingerprint
