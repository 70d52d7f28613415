import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enrolment import services, template
from enrolment.models import ImportBatch


def xlsx(families=1):
    return SimpleUploadedFile("families.xlsx", template.workbook_bytes(families=families),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def csv_file(text, name="families.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def workbook_with(rows_by_sheet):
    """An .xlsx with the given sheets: {title: [[header...], [cells...], ...]}."""
    from openpyxl import Workbook

    workbook = Workbook()
    for index, (title, rows) in enumerate(rows_by_sheet.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("edited.xlsx", out.getvalue())


@pytest.fixture
def manager_client(personas, login):
    return login(personas.manager)


@pytest.fixture
def upload(manager_client):
    """Upload through the page; returns the batch."""
    def _upload(file):
        response = manager_client.post(reverse("enrolment:start"), {"file": file})
        assert response.status_code == 302, response.content.decode()[:3000]
        return ImportBatch.objects.latest("pk")
    return _upload


def run(batch, by):
    """Confirm and run in-process (the live-worker test runs the same through a real Celery worker)."""
    services.batch_confirm(batch=batch, by=by)
    services.batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch
