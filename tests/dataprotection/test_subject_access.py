"""Subject access (issue 12, point 2): the mother of a child gets a complete copy, built by a real worker.

The test opens the ZIP and checks every record type held about a child (dataprotection/held.py), the requester's
own data, the photos, the history, the readable document (HTML and PDF), the CSV escaping, the log, and who may not
have it: the father, the nanny, a stranger, and anyone after the link expired.
"""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dataprotection import held, services
from dataprotection.models import SafeguardingReview, SubjectAccessEvent, SubjectAccessRequest
from notifications.models import Notification

from ..notifications.live import database_url, wait_until
from .records import every_record

ROOT = Path(__file__).resolve().parents[2]
FAMILY_COPY_LEAVES_OUT = {"safeguarding"}


def _open(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _worker(tmp_path):
    env = dict(os.environ, DATABASE_URL=database_url(), DEBUG="1", MEDIA_ROOT=str(tmp_path))
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", "celery",
         "-n", f"sar-test-{os.getpid()}@%h", "-l", "warning", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.celery_live
@pytest.mark.django_db(transaction=True)
def test_the_mother_gets_a_complete_subject_access_zip(personas, login, settings, tmp_path):
    if connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        pytest.skip("a real worker needs PostgreSQL and a Redis broker (CI sets both)")
    settings.MEDIA_ROOT = tmp_path
    made = every_record(personas)
    mother = login(personas.mother)

    page = mother.get(reverse("dataprotection:family_requests", args=[personas.alfie.pk]))
    assert page.status_code == 200 and "Ask for a copy" in page.content.decode()
    worker = _worker(tmp_path)
    try:
        response = mother.post(reverse("dataprotection:family_requests", args=[personas.alfie.pk]))
        assert response.status_code == 302
        sar = SubjectAccessRequest.objects.get(child=personas.alfie)
        assert sar.requester == personas.links["mother"].carer and sar.copy == "family"
        assert sar.due_on == sar.received_on.replace(month=sar.received_on.month % 12 + 1,
                                                     year=sar.received_on.year + (sar.received_on.month == 12)) \
            or sar.due_on > sar.received_on + timedelta(days=27)
        assert wait_until(lambda: SubjectAccessRequest.objects.get(pk=sar.pk).status == "ready", timeout=90), \
            "the worker did not build the copy"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Traceback" not in (output or ""), output
    sar.refresh_from_db()
    # The family is told in the app that it is ready; the managers that it was asked for.
    assert Notification.objects.filter(kind="subject_access_ready", recipient=personas.mother).exists()
    assert Notification.objects.filter(kind="subject_access_requested", recipient=personas.manager).exists()
    assert not Notification.objects.filter(kind="subject_access_ready", recipient=personas.father).exists()

    archive = _open(mother.get(reverse("dataprotection:download", args=[sar.pk])))
    names = set(archive.namelist())
    assert {"index.html", "record.pdf", "data.json"} <= names
    assert archive.read("record.pdf").startswith(b"%PDF")
    data = json.loads(archive.read("data.json"))
    sections = data["sections"]
    for h in held.HELD:
        rows = sections[h.key]["rows"]
        if h.key in FAMILY_COPY_LEAVES_OUT:
            assert rows == [], f"{h.key} must never be in a family's copy"
        else:
            assert rows, f"the copy holds no {h.key}"
            assert f"csv/{h.key}.csv" in names
    ids = {row["id"] for row in sections["diary_entries"]["rows"]}
    assert made["diary_entries"].pk in ids and made["staff_only_entry"].pk not in ids
    links = sections["carer_links"]["rows"]
    assert all("restriction_note" not in row for row in links)
    assert "Rick Restricted" not in json.dumps(links)  # a restricted link is not the family's to read
    requester = json.dumps(sections["requester"]["rows"])
    assert "mother@example.test" in requester
    # The history of each record: the diary entry's two versions, the child record's creation.
    history = sections["diary_entries"]["history"]
    assert [h["history_type"] for h in history if h["id"] == made["diary_entries"].pk] == ["created", "changed"]
    assert "csv/diary_entries-history.csv" in names and sections["child"]["history"]
    # Photos from the storage, and shown in the readable document.
    photos = [n for n in names if n.startswith("photos/")]
    assert any(n.startswith("photos/photos-") for n in photos) and any("home_observations" in n for n in photos)
    assert archive.read(next(n for n in photos if n.startswith("photos/photos-")))[:2] == b"\xff\xd8"
    html = archive.read("index.html").decode()
    assert "Everything we hold about Alfie Jones" in html and 'src="photos/photos-' in html
    assert "Bruise on the arm" not in html and "Staff only: speak" not in html
    # A formula typed into a note is text in the spreadsheet, never run.
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/diary_entries.csv").decode("utf-8-sig"))))
    assert rows[0]["text"].startswith("'=HYPERLINK")

    kinds = list(SubjectAccessEvent.objects.filter(request=sar).values_list("kind", flat=True))
    assert kinds == ["requested", "built", "downloaded"]
    sar.refresh_from_db()
    assert sar.answered_at is not None


def test_only_the_asker_downloads_and_only_until_the_link_expires(personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    every_record(personas)
    sar = services.subject_access_request(child=personas.alfie, by=personas.mother)
    assert services.subject_access_build(sar_id=sar.pk) == "ready"
    url = reverse("dataprotection:download", args=[sar.pk])
    for name in ("father", "nanny", "grandmother", "restricted_parent", "other_parent", "key_person",
                 "other_setting_staff"):
        assert login(personas.user(name)).get(url).status_code == 404, name
    assert login(personas.manager).get(url).status_code == 200
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert login(personas.mother).get(url).status_code == 404
    assert services.subject_access_expire_links() == 1
    sar.refresh_from_db()
    assert not sar.archive and not list(Path(tmp_path, "subject-access").iterdir())
    # Asked again: prepared from the records as they are now.
    services.subject_access_prepare_again(sar=sar, by=personas.mother)
    assert services.subject_access_build(sar_id=sar.pk) == "ready"
    assert login(personas.mother).get(url).status_code == 200
    assert SubjectAccessEvent.objects.filter(request=sar, kind="downloaded").count() == 2


def test_the_nanny_and_the_grandmother_cannot_ask(personas, login):
    url = reverse("dataprotection:family_requests", args=[personas.alfie.pk])
    for name in ("nanny", "grandmother", "restricted_parent", "other_parent"):
        assert login(personas.user(name)).post(url).status_code == 404, name
    assert not SubjectAccessRequest.objects.exists()


def test_safeguarding_goes_into_a_managers_copy_only_record_by_record_after_the_dsl(personas, login, settings,
                                                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = every_record(personas)
    from partnerships.models import SafeguardingRecord

    withheld = SafeguardingRecord.objects.create(setting=personas.setting, child=personas.alfie,
                                                 recorded_by=personas.key_person, what_happened="Said by a neighbour")
    manager = login(personas.manager)
    response = manager.post(reverse("dataprotection:sar_start"), {
        "child": personas.alfie.pk, "requester": personas.links["father"].carer.pk,
        "received_on": personas.setting.today().isoformat(), "copy": "manager"})
    assert response.status_code == 302
    sar = SubjectAccessRequest.objects.get()
    assert sar.on_paper and sar.copy == "manager" and sar.status == "requested"
    assert services.subject_access_build(sar_id=sar.pk) == "waiting for the DSL's review"
    sar.refresh_from_db()
    assert services.reviews_outstanding(sar)
    page = manager.get(reverse("dataprotection:sar_safeguarding", args=[sar.pk]))
    assert page.status_code == 404  # the manager is not the DSL and is named on no record
    dsl = login(personas.dsl)
    review_url = reverse("dataprotection:sar_safeguarding", args=[sar.pk])
    assert "Bruise on the arm" in dsl.get(review_url).content.decode()
    dsl.post(review_url, {"record": made["safeguarding"].pk, "decision": "include", "note": "No exemption"})
    assert SubjectAccessRequest.objects.get(pk=sar.pk).status == "requested"
    dsl.post(review_url, {"record": withheld.pk, "decision": "withhold", "note": "Third party"})
    assert SafeguardingReview.objects.filter(request=sar).count() == 2
    assert services.subject_access_build(sar_id=sar.pk) == "ready"
    archive = _open(manager.get(reverse("dataprotection:download", args=[sar.pk])))
    data = json.loads(archive.read("data.json"))
    texts = [r["what_happened"] for r in data["sections"]["safeguarding"]["rows"]]
    assert texts == ["Bruise on the arm, said he fell"]
    assert "Staff only: speak to the manager" in json.dumps(data["sections"]["diary_entries"])
    # The father asked on paper: his own data is in his copy, not the mother's.
    assert "father@example.test" in json.dumps(data["sections"]["requester"])


def test_a_family_can_never_have_safeguarding_reviewed_into_their_copy(personas):
    made = every_record(personas)
    sar = services.subject_access_request(child=personas.alfie, by=personas.mother)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.safeguarding_review_decide(sar=sar, record=made["safeguarding"], by=personas.dsl, decision="include")


def test_the_deadline_is_chased_by_the_reminder_machinery(personas):
    from notifications.reminders import SOURCES, run_all

    sar = services.subject_access_request(child=personas.alfie, by=personas.mother)
    assert "subject_access_deadlines" in SOURCES
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(due_on=personas.setting.today() - timedelta(days=1))
    noon = timezone.now().replace(hour=12)
    run_all(noon)
    run_all(noon)
    assert Notification.objects.filter(kind="subject_access_due", recipient=personas.manager).count() == 1
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(answered_at=timezone.now())
    Notification.objects.filter(kind="subject_access_due").delete()
    run_all(noon)
    assert not Notification.objects.filter(kind="subject_access_due").exists()
