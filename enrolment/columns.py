"""The columns Triangle reads from each sheet, and the names spreadsheets give them ("DOB", "Date of birth").

A header is recognised by its letters and digits only, in any case: "D.O.B." and "dob" are one name. The
column's own label, in the manager's language, is always recognised too, so a template downloaded in Polish
reads back in Polish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

FAMILIES, STAFF, ROOMS = "families", "staff", "rooms"
KINDS = (ROOMS, STAFF, FAMILIES)  # the order they are written in: a child's room and key person come first


def kind_label(kind):
    return {FAMILIES: _("Families"), STAFF: _("Staff"), ROOMS: _("Rooms")}[kind]


@dataclass(frozen=True)
class Column:
    field: str
    label: object  # lazy: read in the reader's language
    variants: tuple[str, ...] = ()
    required: bool = False


def _c(field, label, *variants, required=False):
    return Column(field, label, variants, required)


COLUMNS = {
    FAMILIES: (
        _c("child_ref", _("Child ID"), "child id", "child ref", "child reference", "reference", "ref", "pupil id",
           "id", "child number", "upn"),
        _c("first_name", _("Child first name"), "first name", "forename", "child forename", "legal first name",
           "given name", "child's first name", required=True),
        _c("last_name", _("Child last name"), "last name", "surname", "child surname", "family name",
           "legal last name", "child's last name", required=True),
        _c("preferred_name", _("Known as"), "preferred name", "nickname", "known as"),
        _c("date_of_birth", _("Date of birth"), "dob", "d.o.b.", "birth date", "birthday", "child dob",
           "child date of birth", "date of birth", required=True),
        _c("start_date", _("Start date"), "started", "start", "date started", "joined", "enrolment date",
           "enrollment date", "admission date"),
        _c("room", _("Room"), "room", "group", "class", "room name"),
        _c("key_person", _("Key person"), "key person email", "keyworker", "key worker", "key person"),
        _c("allergies", _("Allergies"), "allergy", "allergies"),
        _c("dietary", _("Dietary needs"), "diet", "dietary requirements", "dietary"),
        _c("medical", _("Medical needs"), "medical", "medical conditions", "medical notes"),
        _c("home_languages", _("Home languages"), "languages spoken at home", "home language"),
        _c("carer_name", _("Carer name"), "parent name", "contact name", "parent/carer name", "carer",
           "parent", "adult name", "carer full name", "contact"),
        _c("carer_email", _("Carer email"), "email", "e-mail", "parent email", "contact email", "email address"),
        _c("carer_phone", _("Carer phone"), "phone", "mobile", "telephone", "contact number", "parent phone",
           "phone number"),
        _c("relationship", _("Relationship"), "relationship to child", "relation", "relationship"),
        _c("child_calls_them", _("Child calls them"), "known to child as", "child calls", "what the child calls them"),
        _c("parental_responsibility", _("Parental responsibility"), "pr", "has parental responsibility",
           "parental responsibility"),
        _c("lives_with_child", _("Lives with child"), "lives with", "lives with the child"),
        _c("may_collect", _("May collect"), "can collect", "collects", "authorised to collect", "may collect"),
        _c("emergency_contact", _("Emergency contact"), "emergency", "emergency contact"),
        _c("court_order", _("Court order"), "restricted", "restriction", "court order restriction",
           "court order"),
        _c("restriction_note", _("Court order note"), "restriction note", "court order details"),
        _c("collection_password", _("Collection password"), "password", "collection password"),
        _c("household", _("Household"), "household name", "home", "household"),
        _c("address", _("Address"), "home address", "address"),
        _c("postcode", _("Postcode"), "post code", "postal code", "zip", "zip code", "postcode"),
        _c("language", _("Carer language"), "language", "preferred language", "carer language"),
    ),
    STAFF: (
        _c("name", _("Name"), "full name", "staff name", "name", required=True),
        _c("email", _("Email"), "email address", "e-mail", "staff email", "email", required=True),
        _c("role", _("Role"), "role", "access"),
        _c("is_dsl", _("DSL"), "designated safeguarding lead", "dsl", "safeguarding lead"),
        _c("job_title", _("Job title"), "title", "position", "job title"),
        _c("rooms", _("Rooms"), "room", "rooms"),
    ),
    ROOMS: (
        _c("name", _("Room"), "room name", "name", "room", required=True),
        _c("age_range", _("Age range"), "ages", "age group", "age range"),
        _c("capacity", _("Capacity"), "places", "spaces", "capacity"),
    ),
}

SHEET_NAMES = {
    FAMILIES: ("families", "children", "family", "contacts"),
    STAFF: ("staff", "team", "employees"),
    ROOMS: ("rooms", "groups"),
}


def normalise(header) -> str:
    return re.sub(r"[\W_]+", "", str(header or "").casefold())


def fields_of(kind):
    return {column.field: column for column in COLUMNS[kind]}


@cache
def _in_every_language(kind: str) -> tuple[dict, frozenset]:
    """Every catalogue's column labels for this kind of sheet ({name: field}) and its sheet names: a template
    downloaded in Bengali is read back when the manager has since switched to English."""
    labels, sheet_names = {}, set()
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            sheet_names.add(normalise(kind_label(kind)))
            for column in COLUMNS[kind]:
                labels.setdefault(normalise(column.label), column.field)
    return labels, frozenset(sheet_names)


def recognise(kind: str, header: str) -> str:
    """The field a header names in this kind of sheet, or "" when Triangle does not know it."""
    name = normalise(header)
    if not name:
        return ""
    for column in COLUMNS[kind]:
        if name == normalise(column.label) or name == normalise(column.field) or name in map(normalise, column.variants):
            return column.field
    return _in_every_language(kind)[0].get(name, "")


def kind_of_sheet(sheet_name: str, headers) -> str:
    """Which kind a sheet holds: by its name when it says, else by the columns it has ("" when none fits)."""
    name = normalise(sheet_name)
    for kind, names in SHEET_NAMES.items():
        if name in names or name in _in_every_language(kind)[1]:  # the template's sheets carry translated names
            return kind
    scores = {kind: len({recognise(kind, h) for h in headers} - {""}) for kind in KINDS}
    known = {recognise(FAMILIES, h) for h in headers}
    if known & {"first_name", "last_name", "date_of_birth", "child_ref"}:
        return FAMILIES
    best = max(KINDS, key=lambda kind: scores[kind])
    return best if scores[best] else ""


def field_for(kind: str, header: str, mapping: dict) -> str:
    """The manager's choice for this header when they made one, else what Triangle recognises."""
    if header in mapping:
        return mapping[header]
    return recognise(kind, header)
