"""Retention (issue 12, point 3): the review lists exactly the records past their date; confirming erases them,
their history, photo files and notifications, and keeps a log without content. A legal hold keeps records."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from dataprotection import held, retention, services
from dataprotection.models import AnonymisedRow, ErasureLog, RetentionPeriod
from diaries.models import Accident, DiaryEntry, Photo
from families.models import Child
from notifications.models import Notification

from .records import every_record


def _years_ago(years, today):
    return retention.add_years(today, -years)


@pytest.fixture
def left_four_years_ago(personas, settings, tmp_path):
    """Alfie, six, left four years ago: his general records (3 years after leaving) are past date; his accidents,
    medicines (until 21) and safeguarding (until 25) are not. His mother's complaint closed four years ago."""
    settings.MEDIA_ROOT = tmp_path
    today = personas.setting.today()
    made = every_record(personas)
    Child.objects.filter(pk=personas.alfie.pk).update(
        date_of_birth=_years_ago(6, today), start_date=_years_ago(5, today), leave_date=_years_ago(4, today))
    made["complaints"].complainant_told_on = _years_ago(4, today)
    made["complaints"].save()
    return made


def _listed(review):
    return {(item.model, item.object_id) for item in review.items.all()}


def _expected_general(personas):
    expected = set()
    for h in held.HELD:
        if h.record_type == held.GENERAL and h.key not in ("child", "households"):
            expected |= {(h.model, pk) for pk in h.rows_of(personas.alfie.pk).values_list("pk", flat=True)}
    return expected


def test_the_review_lists_exactly_the_records_past_date_and_confirming_erases_them(
        personas, left_four_years_ago, login, tmp_path):
    made = left_four_years_ago
    Notification.objects.create(recipient=personas.mother, channel="in_app", kind="comment_reply", language="en",
                                due_at=made["diary_entries"].created_at, key="t1", child=personas.alfie,
                                content_type_id=Notification.content_type_for(made["diary_entries"]).pk,
                                object_id=made["diary_entries"].pk)
    review = services.retention_review_list(setting=personas.setting)
    expected = _expected_general(personas) | {("partnerships.Complaint", made["complaints"].pk)}
    assert _listed(review) == expected
    assert not {m for m, _pk in _listed(review)} & {"diaries.Accident", "diaries.MedicineDose",
                                                    "partnerships.SafeguardingRecord", "families.Child"}
    assert Notification.objects.filter(kind="retention_review_ready", recipient=personas.manager).exists()

    manager = login(personas.manager)
    page = manager.get(reverse("dataprotection:retention_review"))
    assert page.status_code == 200 and "Alfie Jones" in page.content.decode()
    assert "Diary entries: 2" in page.content.decode() and "entrys" not in page.content.decode()
    # Nothing is erased without the manager's confirmation: a POST without the box ticked changes nothing.
    manager.post(reverse("dataprotection:retention_review"), {})
    assert DiaryEntry.objects.filter(child=personas.alfie).count() == 2
    photo_file = Path(tmp_path, made["photos"].image.name)
    assert photo_file.exists()

    with __import__("django.test", fromlist=["x"]).TestCase.captureOnCommitCallbacks(execute=True):
        response = manager.post(reverse("dataprotection:retention_review"), {"confirm": "on"})
    assert response.status_code == 302
    for model, pk in expected:
        h = held.BY_MODEL[model]
        # The rows the reports count stay, anonymised (test_past_reports.py); the others are deleted.
        assert h.model_class.objects.filter(pk=pk).exists() == h.anonymise, (model, pk)
        assert AnonymisedRow.objects.filter(model=model, object_id=pk).exists() == h.anonymise
        history = getattr(h.model_class, "history", None)
        if history is not None:
            assert not history.model.objects.filter(id=pk).exists(), f"history of {model} {pk} kept"
    assert not photo_file.exists() and not Photo.objects.exists()
    assert not DiaryEntry.objects.filter(text__contains="HYPERLINK").exists()
    assert not Notification.objects.filter(key__startswith="t1").exists()
    # What is kept longer stays; the child record stays while it has records.
    assert Accident.objects.filter(child=personas.alfie).exists()
    assert Child.objects.filter(pk=personas.alfie.pk).exists()
    logged = {(e.model, e.count) for e in ErasureLog.objects.filter(setting=personas.setting)}
    assert ("diaries.DiaryEntry", 2) in logged and ("partnerships.Complaint", 1) in logged
    assert all(e.erased_by == personas.manager for e in ErasureLog.objects.all())
    assert services.retention_review_list(setting=personas.setting) is None  # nothing else is past date


def test_a_legal_hold_keeps_the_records_and_lifting_it_lets_the_review_list_them(personas, left_four_years_ago):
    hold = services.legal_hold_place(child=personas.alfie, by=personas.manager, reason="A claim from the family")
    review = services.retention_review_list(setting=personas.setting)
    assert review is None
    due, on_hold = retention.past_date(personas.setting, personas.setting.today())
    assert due == [] and on_hold
    services.legal_hold_lift(hold=hold, by=personas.manager)
    review = services.retention_review_list(setting=personas.setting)
    assert ("diaries.DiaryEntry", left_four_years_ago["diary_entries"].pk) in _listed(review)
    # A hold placed after the listing still wins at confirmation.
    services.legal_hold_place(child=personas.alfie, by=personas.manager, reason="Open safeguarding matter",
                              record_type=held.GENERAL)
    services.retention_erase(review=review, by=personas.manager)
    assert DiaryEntry.objects.filter(child=personas.alfie).count() == 2


def test_when_the_child_is_past_every_date_the_child_and_their_carers_go_too(personas, left_four_years_ago):
    today = personas.setting.today()
    Child.objects.filter(pk=personas.alfie.pk).update(date_of_birth=_years_ago(26, today),
                                                      start_date=_years_ago(24, today),
                                                      leave_date=_years_ago(22, today))
    review = services.retention_review_list(setting=personas.setting)
    listed = _listed(review)
    assert ("families.Child", personas.alfie.pk) in listed
    assert ("partnerships.SafeguardingRecord", left_four_years_ago["safeguarding"].pk) in listed
    services.retention_erase(review=review, by=personas.manager)
    # The child's record stays anonymised (the reports count it): no name, no history.
    assert Child.objects.get(pk=personas.alfie.pk).legal_first_name == ""
    assert not Child.history.model.objects.filter(id=personas.alfie.pk).exists()
    assert Child.objects.filter(pk=personas.bea.pk).exists()
    from families.models import Carer

    assert not Carer.objects.filter(full_name="Mia Jones").exists()
    assert Carer.objects.filter(full_name="Olivia Smith").exists()


def test_a_setting_sets_its_own_period(personas, left_four_years_ago, login):
    manager = login(personas.manager)
    periods = retention.periods_for(personas.setting)
    assert periods == {"general": 3, "accident": 21, "medicine": 21, "safeguarding": 25, "complaint": 3}
    response = manager.post(reverse("dataprotection:retention_periods"), {**periods, "general": 5, "leaver_access_days": 90})
    assert response.status_code == 302
    assert RetentionPeriod.objects.get(setting=personas.setting, record_type="general").years == 5
    review = services.retention_review_list(setting=personas.setting)
    assert {m for m, _pk in _listed(review)} == {"partnerships.Complaint"}
    bad = manager.post(reverse("dataprotection:retention_periods"), {**periods, "general": 0, "leaver_access_days": 90})
    assert bad.status_code == 200 and RetentionPeriod.objects.get(record_type="general").years == 5


def test_leap_day_birthdays_add_years_to_the_28th():
    assert retention.add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert retention.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert retention.add_years(date(2020, 1, 1), 0) - timedelta(days=1) == date(2019, 12, 31)
