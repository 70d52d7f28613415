"""Reading an uploaded file into plain text cells: CSV (UTF-8 or UTF-16) or an Excel workbook (.xlsx, openpyxl).

Every cell becomes text, exactly as typed. A cell that starts with = + or @ is kept as that text: a workbook is
opened without evaluating anything (openpyxl gives a formula's text, never runs it), and CSV is text already.
Whatever goes out again (reports' CSV, the template) escapes such text (reports/views.py `_safe`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import columns

MAX_BYTES = 5 * 1024 * 1024  # 500 children with five carers each is well under 1 MB
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: refuse one that would unpack into a bomb
MAX_ROWS = 5000
MAX_COLUMNS = 60


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def _check_size(upload):
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if size > MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; the limit is %(limit)s MB. Import one sheet at a time, or remove columns "
              "Triangle does not need.") % {"size": _megabytes(size), "limit": _megabytes(MAX_BYTES)},
            code="too_large")
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _sheet(name, rows) -> dict | None:
    """{name, headers, rows: [[row number, cells]]} without empty rows; None for an empty sheet."""
    rows = iter(rows)
    for header_row, header in enumerate(rows, start=1):  # noqa: B007  (read after the loop)
        headers = [_text(h) for h in header][:MAX_COLUMNS]
        if any(headers):
            break
    else:
        return None
    while headers and not headers[-1]:
        headers.pop()
    seen = {}
    for position, header in enumerate(headers):
        key = columns.normalise(header)
        if key and key in seen:
            raise ValidationError(
                _("Two columns of the sheet “%(sheet)s” are both called “%(name)s”. Rename one and upload the file "
                  "again.") % {"sheet": name, "name": header}, code="duplicate_header")
        seen[key] = position
    body = []
    for number, row in enumerate(rows, start=header_row + 1):
        cells = [_text(v) for v in list(row)[:len(headers)]]
        cells += [""] * (len(headers) - len(cells))
        if any(cells):
            body.append([number, cells])
            if len(body) > MAX_ROWS:
                raise ValidationError(
                    _("The sheet “%(sheet)s” has more than %(n)d rows. Split it into smaller files.")
                    % {"sheet": name, "n": MAX_ROWS}, code="too_many_rows")
    return {"name": name, "headers": headers, "rows": body}


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise ValidationError(
            _("This file is not in UTF-8, so names with accents would come out wrong. In Excel choose “Save as”, "
              "then “CSV UTF-8”; in LibreOffice tick “Edit filter settings” and choose UTF-8."),
            code="encoding") from None
    if "\x00" in text:
        raise ValidationError(_("This file is not a spreadsheet. Upload a CSV or an Excel (.xlsx) file."),
                              code="not_a_spreadsheet")
    return text


def _read_csv(raw: bytes, filename: str) -> list[dict]:
    text = _decode(raw)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error:
        raise ValidationError(_("This file is not a spreadsheet. Upload a CSV or an Excel (.xlsx) file."),
                              code="not_a_spreadsheet") from None
    sheet = _sheet(filename, rows)
    return [sheet] if sheet else []


def _read_xlsx(raw: bytes) -> list[dict]:
    from openpyxl import load_workbook

    unreadable = ValidationError(
        _("This file could not be read as an Excel workbook. Save it again as .xlsx or CSV and upload that."),
        code="not_a_spreadsheet")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ValidationError(
                    _("This workbook unpacks to more than %(limit)s MB. Remove what Triangle does not need.")
                    % {"limit": _megabytes(MAX_UNZIPPED_BYTES)}, code="too_large")
        # read_only streams the sheets; data_only=False keeps a formula as its text instead of a cached result.
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001  (zipfile, openpyxl and lxml raise many kinds for a broken file)
        raise unreadable from None
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            sheet = _sheet(worksheet.title, worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
            if sheet:
                sheets.append(sheet)
        return sheets
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001
        raise unreadable from None
    finally:
        workbook.close()


def read_upload(upload) -> dict:
    """The file's sheets by kind ({"families": sheet, ...}). Raises ValidationError with what to do instead."""
    _check_size(upload)
    upload.seek(0)
    raw = upload.read()
    filename = getattr(upload, "name", "") or "file"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(_("This is an old Excel file (.xls). Save it as .xlsx or CSV and upload that."),
                              code="old_excel")
    sheets = _read_xlsx(raw) if raw.startswith(b"PK\x03\x04") else _read_csv(raw, filename)
    by_kind = {}
    for sheet in sheets:
        kind = columns.kind_of_sheet(sheet["name"], sheet["headers"])
        if kind and kind not in by_kind:
            by_kind[kind] = sheet
    if not by_kind:
        raise ValidationError(
            _("Triangle recognises none of the columns in this file. Download the template to see the columns it "
              "reads (for example “Child first name”, “Date of birth”, “Carer email”)."), code="wrong_columns")
    return by_kind
