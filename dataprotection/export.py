"""The subject access copy: one ZIP with a readable document (HTML and PDF), the data as JSON and CSV, the photos,
and the history of each record. Built by `services.subject_access_build` on a Celery worker.

Which rows go in comes from held.py (the one list of what is held about a child) and the copy asked for: a family's
copy holds what the family's rights show; a manager's copy holds everything, and safeguarding records only one by
one, after the DSL reviewed each (`SafeguardingReview`).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation

from families.csvcells import safe_cell

from . import held as held_module
from .models import SafeguardingReview, SubjectAccessRequest

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
HISTORY_META = ("history_id", "history_date", "history_type", "history_user", "history_change_reason")


@dataclass
class Section:
    key: str
    label: object
    columns: list  # (name, verbose label)
    rows: list  # dicts: name -> plain value
    history: list = field(default_factory=list)
    history_columns: list = field(default_factory=list)
    photos: list = field(default_factory=list)  # (path in the ZIP, caption)

    @property
    def records(self):
        """Each row as (label, value) pairs, for the readable document."""
        return [[(label, row.get(name)) for name, label in self.columns] for row in self.rows]


def _plain(value):
    """A value as JSON and CSV hold it."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def _fields(model, excludes):
    return [f for f in model._meta.concrete_fields if f.name not in excludes]


def _row(obj, fields) -> dict:
    row = {}
    for f in fields:
        if f.is_relation:
            row[f.name] = _plain(getattr(obj, f.name))
        elif f.choices:
            value = getattr(obj, f.attname)
            row[f.name] = str(getattr(obj, f"get_{f.name}_display")()) if value not in (None, "") else value
        else:
            row[f.name] = _plain(getattr(obj, f.attname))
    return row


def _history(model, ids, fields, family_filter):
    history_manager = getattr(model, "history", None)
    if history_manager is None or not ids:
        return [], []
    historical = history_manager.model
    rows = historical.objects.filter(**{f"{model._meta.pk.attname}__in": ids}).order_by("history_date", "history_id")
    if family_filter is not None:
        try:
            rows = rows.filter(family_filter)
            list(rows[:1])
        except FieldError:
            rows = historical.objects.filter(**{f"{model._meta.pk.attname}__in": ids}).order_by("history_date")
    names = {f.name for f in fields}
    hist_fields = [f for f in historical._meta.concrete_fields if f.name in names]
    columns = [("history_date", "when"), ("history_type", "what"), ("history_user", "who"),
               ("history_change_reason", "why")] + [(f.name, str(f.verbose_name)) for f in hist_fields]
    out = []
    for h in rows.select_related("history_user"):
        row = {"history_date": _plain(h.history_date), "history_type": HISTORY_TYPES.get(h.history_type, h.history_type),
               "history_user": str(h.history_user) if h.history_user_id else "",
               "history_change_reason": h.history_change_reason or ""}
        row.update(_row(h, hist_fields))
        out.append(row)
    return columns, out


def _photo_paths(obj, held) -> list:
    found = []
    for name in held.files:
        file = getattr(obj, name)
        if file and file.name:
            found.append((file, f"photos/{held.key}-{obj.pk}-{PurePosixPath(file.name).name}"))
    return found


def collect(sar: SubjectAccessRequest) -> tuple[list[Section], list]:
    """The sections of this request's copy and the photo files to put in it: [(FieldFile, path in the ZIP)]."""
    family = sar.copy == SubjectAccessRequest.Copy.FAMILY
    included_safeguarding = set(
        SafeguardingReview.objects.filter(request=sar, decision=SafeguardingReview.Decision.INCLUDE)
        .values_list("record_id", flat=True))
    sections, files = [], []
    for held in held_module.HELD:
        model = held.model_class
        if held.record_type == held_module.SAFEGUARDING:
            rows = held.rows_of(sar.child_id).filter(pk__in=included_safeguarding) if not family else model.objects.none()
        elif family:
            rows = held.family_rows_of(sar.child_id)
        else:
            rows = held.rows_of(sar.child_id)
        excludes = set(held.excludes) | (set(held.family_excludes) if family else set())
        fields = _fields(model, excludes)
        objects = list(rows)
        section = Section(key=held.key, label=held.label, columns=[(f.name, str(f.verbose_name)) for f in fields],
                          rows=[_row(o, fields) for o in objects])
        section.history_columns, section.history = _history(
            model, [o.pk for o in objects], fields, held.family_filter if family else None)
        for obj in objects:
            for file, path in _photo_paths(obj, held):
                files.append((file, path))
                section.photos.append((path, getattr(obj, "caption", "") or str(held.label)))
        sections.append(section)
    sections.append(_requester_section(sar))
    return sections, files


def _requester_section(sar) -> Section:
    """What is held about the person who asked: their carer record, account, preferences and messages."""
    from families.models import Carer
    from notifications.models import Notification, Preference

    rows = []
    carer = sar.requester
    if carer is not None:
        for c in Carer.objects.filter(pk=carer.pk):
            rows += [{"record": "carer", "field": f.name, "value": _plain(getattr(c, f.name))}
                     for f in _fields(Carer, {"id", "setting"})]
        user = carer.user
        if user is not None:
            for name in ("email", "full_name", "language", "date_joined", "last_login"):
                rows.append({"record": "account", "field": name, "value": _plain(getattr(user, name))})
            pref = Preference.objects.filter(user=user).first()
            if pref is not None:
                rows += [{"record": "preferences", "field": f.name, "value": _plain(getattr(pref, f.name))}
                         for f in _fields(Preference, {"id", "user"})]
            for n in Notification.objects.filter(recipient=user, child_id=sar.child_id).order_by("due_at"):
                rows.append({"record": "message", "field": n.kind,
                             "value": f"{_plain(n.sent_at) or ''} {n.subject}".strip()})
    history = []
    if carer is not None:
        columns, history = _history(type(carer), [carer.pk], _fields(type(carer), {"setting"}), None)
    else:
        columns = []
    return Section(key="requester", label=translation.gettext("About you"),
                   columns=[("record", "record"), ("field", "field"), ("value", "value")], rows=rows,
                   history=history, history_columns=columns)


def _csv_bytes(columns, rows) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(name) for name, _label in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(name)) for name, _label in columns])
    return out.getvalue().encode("utf-8")


def build_archive(sar: SubjectAccessRequest) -> bytes:
    """The whole copy as ZIP bytes, in the requester's language."""
    language = (sar.requester.preferred_language if sar.requester else None) or sar.setting.language
    with translation.override(language):
        sections, files = collect(sar)
        context = {"sar": sar, "child": sar.child, "sections": sections, "generated_at": timezone.now(),
                   "requester": sar.requester, "is_family_copy": sar.copy == SubjectAccessRequest.Copy.FAMILY}
        html = render_to_string("dataprotection/export.html", {**context, "for_pdf": False})
        pdf_html = render_to_string("dataprotection/export.html", {**context, "for_pdf": True})
    from reports.pdf import pdf_from_html

    pdf = pdf_from_html(pdf_html, settings.SITE_URL)
    data = {
        "generated_at": _plain(context["generated_at"]), "setting": sar.setting.name,
        "child": sar.child.display_name, "requester": str(sar.requester) if sar.requester else None,
        "copy": sar.copy, "received_on": sar.received_on.isoformat(),
        "sections": {s.key: {"label": str(s.label), "rows": s.rows, "history": s.history} for s in sections},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", html)
        archive.writestr("record.pdf", pdf)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=1, default=str))
        for s in sections:
            archive.writestr(f"csv/{s.key}.csv", _csv_bytes(s.columns, s.rows))
            if s.history:
                archive.writestr(f"csv/{s.key}-history.csv", _csv_bytes(s.history_columns, s.history))
        for file, path in files:
            with file.storage.open(file.name, "rb") as handle:
                archive.writestr(path, handle.read())
    return buffer.getvalue()
