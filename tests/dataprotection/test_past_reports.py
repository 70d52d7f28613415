"""Issue 12, erasure: "counts in past reports stay correct". Erasure anonymises the rows the reports count (they
stay with their dates, room, kind and flags; text, files, history and names go), so every figure of a past period
is the same after erasure as before, for the whole setting, a room and a key person's children."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import models as m
from django.test import TestCase

from dataprotection import held, services
from dataprotection.models import AnonymisedRow, ErasureLog
from families.models import Carer, Child, KeyPersonAssignment, Membership, User
from notifications.models import Notification
from reports.context import ReportContext
from reports.periods import comparison_for, term_containing
from reports.sections import SECTIONS

from .records import FORMULA, every_record


def _numbers(value):
    value = getattr(value, "value", value)
    return None if isinstance(value, str) else repr(value)


def _report(personas, period, room=None, key_person=None) -> dict:
    """Every figure and every number in every table of every section, for one scope and period."""
    membership = Membership.objects.get(user=personas.manager, setting=personas.setting)
    ctx = ReportContext(viewer=personas.manager, membership=membership, period=period,
                        comparison=comparison_for(period), room=room, key_person=key_person,
                        today=personas.setting.today())
    out = {}
    for section in SECTIONS:
        if not section.visible(ctx):
            continue
        result = section.compute(ctx)
        out[section.key] = {
            "figures": {f.key: f.value for f in result.figures},
            # names change (they are erased), so a table is compared by its numbers, row by row
            "tables": {t.key: sorted(tuple(_numbers(c) for c in row) for row in t.rows) for t in result.tables},
        }
    return out


def _text_left(obj, entry) -> dict:
    """What free text, files or JSON an anonymised row still holds (a postcode keeps its district only)."""
    left = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.name in entry.keep:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, m.FileField | m.JSONField) and value:
            left[f.name] = value
        elif isinstance(f, m.CharField | m.TextField) and not f.choices and value:
            if not (f.name == "postcode" and value == obj.postcode_district) and not str(value).startswith("erased-"):
                left[f.name] = value
    return left


@pytest.fixture
def past_term(personas, settings, tmp_path):
    """Alfie's records made during a term four years ago; he left at its end, and is now past every date."""
    settings.MEDIA_ROOT = tmp_path
    settings.REPORTS_CACHE_SECONDS = 0
    setting = personas.setting
    today = setting.today()
    term = term_containing(date(today.year - 4, 10, 15))
    with time_machine.travel(datetime.combine(term.start + timedelta(days=20), time(10), tzinfo=setting.tz),
                             tick=False):
        made = every_record(personas)
    Child.objects.filter(pk=personas.alfie.pk).update(
        date_of_birth=date(today.year - 26, 3, 14), start_date=term.start - timedelta(days=200),
        leave_date=term.end + timedelta(days=1))
    KeyPersonAssignment.objects.filter(child=personas.alfie).update(starts_on=term.start - timedelta(days=200))
    made["complaints"].complainant_told_on = term.end
    made["complaints"].save()
    Notification.objects.create(recipient=personas.mother, channel="in_app", kind="comment_reply", language="en",
                                due_at=made["diary_entries"].created_at, key="t1", child=personas.alfie,
                                content_type_id=Notification.content_type_for(made["diary_entries"]).pk,
                                object_id=made["diary_entries"].pk)
    return term, made


def test_every_report_figure_of_a_past_term_is_the_same_after_erasure(personas, past_term, tmp_path):
    term, made = past_term
    key_person = Membership.objects.get(user=personas.key_person, setting=personas.setting)
    scopes = {"setting": {}, "room": {"room": personas.toddlers}, "key person": {"key_person": key_person}}
    before = {name: _report(personas, term, **kw) for name, kw in scopes.items()}
    # The history is there to count: the term's report is not empty.
    assert before["setting"]["diary"]["figures"] and any(
        v for s in before["key person"].values() for v in s["figures"].values() if isinstance(v, int | float))
    photo_file = Path(tmp_path, made["photos"].image.name)
    assert photo_file.exists()

    review = services.retention_review_list(setting=personas.setting)
    listed = {(item.model, item.object_id) for item in review.items.all()}
    assert ("families.Child", personas.alfie.pk) in listed
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.retention_erase(review=review, by=personas.manager)

    after = {name: _report(personas, term, **kw) for name, kw in scopes.items()}
    for name in scopes:
        for key in before[name]:
            assert after[name][key] == before[name][key], (name, key)

    # The content is gone: anonymised rows hold no text, files, JSON or history; the others are deleted.
    for model, pk in listed:
        entry = held.BY_MODEL[model]
        row = entry.model_class.objects.filter(pk=pk).first()
        if entry.anonymise:
            assert row is not None and AnonymisedRow.objects.filter(model=model, object_id=pk).exists()
            assert _text_left(row, entry) == {}, (model, _text_left(row, entry))
        else:
            assert row is None, model
        history = getattr(entry.model_class, "history", None)
        if history is not None:
            assert not history.model.objects.filter(id=pk).exists(), f"history of {model} kept"
    alfie = Child.objects.get(pk=personas.alfie.pk)
    assert (alfie.legal_first_name, alfie.preferred_name, alfie.legal_last_name) == ("", "", "")
    assert alfie.date_of_birth.month == 1 and alfie.date_of_birth.day == 1  # the year alone
    # Where the reports still count him (a per-family table), he is named as erased, not a blank row.
    from django.utils import translation

    assert (str(alfie), alfie.first_name) == ("Erased record", "Erased record")
    with translation.override("pl"):
        assert str(alfie) == "Dane usunięte"
    assert not photo_file.exists()
    assert not Notification.objects.filter(child=personas.alfie).exists()
    # Carers held only for Alfie: no name, no contact, no sign-in; Bea's mother is untouched.
    assert not Carer.objects.filter(full_name__in=["Mia Jones", "Fred Jones"]).exists()
    mother = User.objects.get(pk=personas.mother.pk)
    assert not mother.is_active and mother.email.endswith("@erased.invalid") and not mother.has_usable_password()
    assert Carer.objects.filter(full_name="Olivia Smith").exists()
    assert Child.objects.filter(pk=personas.bea.pk, preferred_name__gt="").exists()
    # The log has no content: type, model, count, who, when.
    assert {f.name for f in ErasureLog._meta.concrete_fields} == {
        "id", "setting", "record_type", "model", "count", "erased_by", "erased_at"}
    assert not any(FORMULA in str(v) for e in ErasureLog.objects.values() for v in e.values())
    # An erased child is not offered for a copy or a hold any more.
    from dataprotection.forms import LegalHoldForm, SubjectAccessStartForm

    for form in (SubjectAccessStartForm(setting=personas.setting, today=personas.setting.today()), LegalHoldForm(setting=personas.setting)):
        assert personas.alfie.pk not in set(form.fields["child"].queryset.values_list("pk", flat=True))
        assert personas.bea.pk in set(form.fields["child"].queryset.values_list("pk", flat=True))
    # Erased once: the next review lists nothing.
    assert services.retention_review_list(setting=personas.setting) is None
