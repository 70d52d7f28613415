"""The downloadable template: the columns Triangle reads, in the manager's language, with one example family.

The family covers the hard cases: separated parents in two households (both with parental responsibility), a
grandmother who collects and is an emergency contact but holds none, a father under a court order, and a
neighbour who collects with a collection password. `families=N` repeats it N times (the large-file tests).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.utils.translation import gettext as _

from . import columns
from .columns import FAMILIES, ROOMS, STAFF

ROOMS_EXAMPLE = [
    {"name": "Babies", "age_range": "0-2", "capacity": 9},
    {"name": "Toddlers", "age_range": "2-3", "capacity": 12},
    {"name": "Pre-school", "age_range": "3-5", "capacity": 24},
]
STAFF_EXAMPLE = [
    {"name": "Kim Keyworker", "email": "kim.keyworker@example.com", "role": "practitioner", "is_dsl": "no",
     "job_title": "Room leader", "rooms": "Toddlers"},
    {"name": "Dee Safeguard", "email": "dee.safeguard@example.com", "role": "practitioner", "is_dsl": "yes",
     "job_title": "Deputy", "rooms": "Pre-school"},
]


def _family(n: int) -> list[dict]:
    """One child's rows. n > 1 gives another family with its own names, emails and addresses."""
    suffix = "" if n == 1 else f" {n}"
    tag = "" if n == 1 else f".{n}"
    born = date(2023, 4, 12).replace(day=1 + n % 28)
    child = {"child_ref": f"C{n:04d}", "first_name": "Alfred", "last_name": f"Jones{suffix}", "preferred_name": "Alfie",
             "date_of_birth": born.strftime("%d/%m/%Y"), "start_date": "01/09/2025",
             "room": ("Babies", "Toddlers", "Pre-school")[n % 3], "key_person": "kim.keyworker@example.com",
             "allergies": "Peanuts", "home_languages": "English, Polish"}
    mum_home = {"household": "Mum's home", "address": f"{n} Leaf Street, Leeds", "postcode": "LS6 2AB"}
    dad_home = {"household": "Dad's home", "address": f"{n} Oak Road, Leeds", "postcode": "LS11 5GH"}
    yes, no = "yes", "no"
    return [
        {**child, "carer_name": f"Mia Jones{suffix}", "carer_email": f"mia.jones{tag}@example.com",
         "carer_phone": "07700 900001", "relationship": "Mother", "child_calls_them": "Mummy",
         "parental_responsibility": yes, "lives_with_child": yes, "may_collect": yes, "emergency_contact": yes,
         "court_order": no, "language": "English", **mum_home},
        {"child_ref": child["child_ref"], "carer_name": f"Tomasz Nowak{suffix}", "carer_email": f"tomasz.nowak{tag}@example.com",
         "carer_phone": "07700 900002", "relationship": "Father", "child_calls_them": "Tata",
         "parental_responsibility": yes, "lives_with_child": no, "may_collect": yes, "emergency_contact": yes,
         "court_order": no, "language": "Polish", **dad_home},
        {"child_ref": child["child_ref"], "carer_name": f"Peg Jones{suffix}", "carer_email": f"peg.jones{tag}@example.com",
         "carer_phone": "07700 900003", "relationship": "Grandmother", "child_calls_them": "Gran Peg",
         "parental_responsibility": no, "lives_with_child": no, "may_collect": yes, "emergency_contact": yes,
         "court_order": no, "language": "English"},
        {"child_ref": child["child_ref"], "carer_name": f"Rick Stone{suffix}", "relationship": "Other",
         "parental_responsibility": yes, "lives_with_child": no, "may_collect": no, "emergency_contact": no,
         "court_order": yes, "restriction_note": "Prohibited steps order: no contact, no collection, no information."},
        {"child_ref": child["child_ref"], "carer_name": f"Sue Patel{suffix}", "relationship": "Neighbour",
         "collection_password": "blue giraffe"},
    ]


def example_rows(kind: str, families: int = 1) -> list[dict]:
    if kind == ROOMS:
        return ROOMS_EXAMPLE
    if kind == STAFF:
        return STAFF_EXAMPLE
    return [row for n in range(1, families + 1) for row in _family(n)]


def _headers(kind):
    return [str(column.label) for column in columns.COLUMNS[kind]]


def _cells(kind, row):
    return [row.get(column.field, "") for column in columns.COLUMNS[kind]]


def as_text(value):
    """A cell as text that no spreadsheet runs as a formula (a leading = + - @ is quoted)."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def workbook_bytes(families: int = 1) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheets = ((FAMILIES, _("Families")), (STAFF, _("Staff")), (ROOMS, _("Rooms")))
    for index, (kind, title) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title[:31]
        sheet.append(_headers(kind))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in example_rows(kind, families):
            sheet.append([value if isinstance(value, int) else as_text(value) for value in _cells(kind, row)])
        sheet.freeze_panes = "A2"
        for letter_cells in sheet.columns:
            sheet.column_dimensions[letter_cells[0].column_letter].width = 18
    notes = workbook.create_sheet(_("How to fill in")[:31])
    for line in (
        _("One row for each adult in a child's life; repeat the Child ID (or the child's names and date of birth) on "
          "each of that child's rows."),
        _("Write yes or no for the rights. An empty cell leaves what Triangle holds as it is."),
        _("A row with a collection password is someone without an account who may collect."),
        _("Rooms and key persons must be on the Rooms and Staff sheets, or in Triangle already."),
        _("Importing the same file again changes nothing; a corrected file updates what changed."),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(kind: str = FAMILIES, families: int = 1) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(kind))
    for row in example_rows(kind, families):
        writer.writerow([as_text(v) for v in _cells(kind, row)])
    return out.getvalue()
