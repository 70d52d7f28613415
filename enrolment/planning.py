"""What an uploaded file would do: each room, staff member, child, household, carer, link, collector and key
person it names, matched to what the setting already holds, with every problem by sheet, row and column.

The plan is computed from the stored cells each time it is read (the preview), and again inside the import's
transaction (so the import writes what the database holds then, not what it held at the preview). Nothing
here writes. Matching (the stable keys):
- a room by its name; a staff member by email; a household by postcode and address;
- a child by the file's "Child ID" when there is one (remembered in ImportKey), else by legal names and date
  of birth;
- a carer by email, or without one by name among the child's carers;
- a collector by name among the child's collectors.
An empty cell never changes what is there: write "no" to take a right away.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import (
    AuthorisedCollector,
    Carer,
    CarerLink,
    Child,
    Household,
    KeyPersonAssignment,
    Membership,
    Room,
)

from . import columns, values
from .columns import FAMILIES, ROOMS, STAFF
from .models import ImportKey

User = get_user_model()

KIND_LABELS = {
    "room": gettext_lazy("Rooms"), "staff": gettext_lazy("Staff"), "child": gettext_lazy("Children"),
    "household": gettext_lazy("Households"), "carer": gettext_lazy("Carers"),
    "link": gettext_lazy("Carer links and rights"), "collector": gettext_lazy("Authorised collectors"),
    "key_person": gettext_lazy("Key persons"),
}
ORDER = tuple(KIND_LABELS)
CREATE, UPDATE, SAME = "create", "update", "same"
OLDEST_CHILD_YEARS = 20


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class Item:
    kind: str
    key: object
    name: str
    row: int
    existing: object = None
    fields: dict = field(default_factory=dict)  # for a new one: everything; for an existing one: what changes
    changes: list = field(default_factory=list)  # (label, old, new) shown in the preview
    refs: dict = field(default_factory=dict)  # keys of other items this one needs (a child's room...)

    @property
    def action(self):
        if self.existing is None:
            return CREATE
        return UPDATE if self.fields or self.refs.get("changed") else SAME


def _shown(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _raw(value):
    """A value as the preview and the stored summary keep it (JSON), shown in the reader's language later."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _key(model, name):
    return f"{model._meta.label}.{name}"


def change_label(key: str):
    """The reader's name for a changed field ("families.Child.date_of_birth" -> "date of birth")."""
    special = {"staff.rooms": gettext_lazy("Rooms"), "key_person": gettext_lazy("Key person")}
    if key in special:
        return special[key]
    label, name = key.rsplit(".", 1)
    return apps.get_model(label)._meta.get_field(name).verbose_name


def shown(value):
    return _shown(value)


def _diff(item: Item, model, desired: dict):
    """Keep in `item.fields` only what differs from the existing object (everything for a new one)."""
    if item.existing is None:
        item.fields = desired
        return
    item.fields = {}
    for name, value in desired.items():
        old = getattr(item.existing, name)
        if old != value:
            item.fields[name] = value
            item.changes.append((_key(model, name), _raw(old), _raw(value)))


class Sheet:
    """One sheet's rows as {field: text}, with each field's header for the messages."""

    def __init__(self, kind, data, mapping):
        self.kind = kind
        self.name = data["name"]
        self.header_of = {}
        self.field_at = []
        for header in data["headers"]:
            name = columns.field_for(kind, header, mapping)
            if name and name in self.header_of:
                name = ""  # two columns mapped to one field: the first one counts
            self.field_at.append(name)
            if name:
                self.header_of[name] = header
        self.rows = data["rows"]

    def records(self):
        for number, cells in self.rows:
            record = {name: cell.strip() for name, cell in zip(self.field_at, cells, strict=False) if name and cell.strip()}
            if record:
                yield number, record


class Planner:
    def __init__(self, *, setting, by, sheets: dict, mapping: dict):
        self.setting, self.by = setting, by
        self.today = setting.today()
        self.problems: list[Problem] = []
        self.items = {kind: {} for kind in ORDER}
        self.sheets = {kind: Sheet(kind, data, mapping.get(kind, {})) for kind, data in sheets.items()}
        self._load()
        for kind in columns.KINDS:
            if kind in self.sheets:
                self._check_required(self.sheets[kind])
        if ROOMS in self.sheets:
            self._rooms(self.sheets[ROOMS])
        if STAFF in self.sheets:
            self._staff(self.sheets[STAFF])
        if FAMILIES in self.sheets:
            self._families(self.sheets[FAMILIES])

    # --- what is there already ------------------------------------------------------------------

    def _load(self):
        s = self.setting
        self.rooms_db = {r.name.casefold(): r for r in Room.objects.filter(setting=s)}
        self.members_db = {
            m.user.email.lower(): m
            for m in Membership.objects.filter(setting=s).select_related("user").prefetch_related("rooms")}
        children = {c.pk: c for c in Child.objects.filter(setting=s).prefetch_related("households")}
        self.children_by_name = {
            (c.legal_first_name.casefold(), c.legal_last_name.casefold(), c.date_of_birth): c
            for c in children.values()}
        self.children_by_ref = {k.key: children[k.child_id] for k in ImportKey.objects.filter(setting=s)
                                if k.child_id in children}
        self.households_db = {self._household_key(h.postcode, h.address): h
                              for h in Household.objects.filter(setting=s)}
        self.carers_by_email = {}
        for carer in Carer.objects.filter(setting=s).exclude(email="").order_by("pk"):
            self.carers_by_email.setdefault(carer.email.lower(), carer)
        self.links_db = {}
        self.links_of_child = defaultdict(list)
        for link in CarerLink.objects.filter(child__setting=s).select_related("carer"):
            self.links_db[(link.child_id, link.carer_id)] = link
            self.links_of_child[link.child_id].append(link)
        self.collectors_db = {(c.child_id, c.full_name.casefold()): c
                              for c in AuthorisedCollector.objects.filter(child__setting=s, is_active=True)}
        self.key_persons_db = {a.child_id: a for a in KeyPersonAssignment.objects.filter(
            child__setting=s, ends_on__isnull=True).select_related("staff__user")}

    @staticmethod
    def _household_key(postcode, address):
        return f"{columns.normalise(postcode)}|{columns.normalise(address)}"

    # --- problems -------------------------------------------------------------------------------

    def problem(self, sheet: Sheet, row, name, message):
        self.problems.append(Problem(sheet.name, row, sheet.header_of.get(name, ""), str(message)))

    def has_problem(self, sheet: Sheet, row, name):
        column = sheet.header_of.get(name, "")
        return any(p.sheet == sheet.name and p.row == row and p.column == column for p in self.problems)

    def _check_required(self, sheet: Sheet):
        for column in columns.COLUMNS[sheet.kind]:
            if column.required and column.field not in sheet.header_of:
                self.problems.append(Problem(sheet.name, None, "", _(
                    "The sheet has no column for “%(column)s”. Add it, or choose which column holds it.")
                    % {"column": column.label}))

    def _get(self, sheet, row, record, name, parse, *args, **kwargs):
        """The parsed cell, None when empty or wrong (a wrong one is a problem on that cell)."""
        if name not in record:
            return None
        try:
            return parse(record[name], *args, **kwargs)
        except values.CellError as error:
            self.problem(sheet, row, name, error.message)
            return None

    # --- rooms and staff ------------------------------------------------------------------------

    def _rooms(self, sheet):
        for row, rec in sheet.records():
            name = self._get(sheet, row, rec, "name", values.text, 100)
            if not name:
                self.problem(sheet, row, "name", _("Every room needs a name."))
                continue
            if name.casefold() in self.items["room"]:
                self.problem(sheet, row, "name", _("“%(name)s” is already on row %(row)d.") % {
                    "name": name, "row": self.items["room"][name.casefold()].row})
                continue
            item = Item("room", name.casefold(), name, row, existing=self.rooms_db.get(name.casefold()))
            desired = {"name": name} if item.existing is None else {}
            for key, parse, args in (("age_range", values.text, (50,)), ("capacity", values.whole_number, (1, 500))):
                value = self._get(sheet, row, rec, key, parse, *args)
                if value is not None:
                    desired[key] = value
            _diff(item, Room, desired)
            self.items["room"][item.key] = item

    def room_known(self, name: str) -> str | None:
        key = name.casefold()
        return key if key in self.rooms_db or key in self.items["room"] else None

    def _staff(self, sheet):
        emails = set()
        for _row, rec in sheet.records():
            if "email" in rec:
                emails.add(rec["email"].strip().lower())
        self.users_db = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
        for row, rec in sheet.records():
            email = self._get(sheet, row, rec, "email", values.email)
            name = self._get(sheet, row, rec, "name", values.text, 200)
            if not email:
                if "email" not in rec:
                    self.problem(sheet, row, "email", _("Every staff member needs an email address."))
                continue
            if email in self.items["staff"]:
                self.problem(sheet, row, "email", _("“%(name)s” is already on row %(row)d.") % {
                    "name": email, "row": self.items["staff"][email].row})
                continue
            member = self.members_db.get(email)
            item = Item("staff", email, name or email, row, existing=member)
            if member is None and not name:
                self.problem(sheet, row, "name", _("Write the staff member's full name."))
            desired = {}
            role = self._get(sheet, row, rec, "role", values.role)
            if role:
                desired["role"] = role
            elif member is None:
                desired["role"] = Membership.Role.PRACTITIONER
            for key, parse, args in (("is_dsl", values.yes_no, ()), ("job_title", values.text, (100,))):
                value = self._get(sheet, row, rec, key, parse, *args)
                if value is not None:
                    desired[key] = value
            if member is not None and member.user_id == self.by.pk and desired.get("role", member.role) != member.role:
                self.problem(sheet, row, "role", _("You cannot change your own role from a file."))
            _diff(item, Membership, desired)
            if member is None:
                item.refs["user"] = self.users_db.get(email)
                item.refs["full_name"] = name
            if "rooms" in rec:
                wanted = [r.strip() for r in rec["rooms"].replace(";", ",").split(",") if r.strip()]
                keys = []
                for room in wanted:
                    key = self.room_known(room)
                    if key is None:
                        self.problem(sheet, row, "rooms", self._unknown_room(room))
                    else:
                        keys.append(key)
                item.refs["rooms"] = keys
                if member is not None:
                    old = sorted(r.name.casefold() for r in member.rooms.all())
                    if sorted(set(keys)) != old:
                        item.refs["changed"] = True
                        item.changes.append(("staff.rooms", ", ".join(r.name for r in member.rooms.all()),
                                             ", ".join(wanted)))
            self.items["staff"][email] = item

    def _unknown_room(self, name):
        known = sorted({r.name for r in self.rooms_db.values()} | {i.name for i in self.items["room"].values()})
        return _("There is no room called “%(name)s”. Rooms: %(rooms)s. Add it on the Rooms sheet, or correct the "
                 "name.") % {"name": name[:100], "rooms": ", ".join(known) or "—"}

    def staff_known(self, value: str):
        """A staff member by email or full name: (email, membership or None), or None."""
        key = value.strip().lower()
        if key in self.items["staff"]:
            return key
        if key in self.members_db:
            return key
        for email, member in self.members_db.items():
            if member.user.full_name.casefold() == value.strip().casefold():
                return email
        for email, item in self.items["staff"].items():
            if item.name.casefold() == value.strip().casefold():
                return email
        return None

    # --- families -------------------------------------------------------------------------------

    CHILD_FIELDS = {"first_name": "legal_first_name", "last_name": "legal_last_name", "preferred_name": "preferred_name",
                    "allergies": "allergy_notes", "dietary": "dietary_notes", "medical": "medical_notes",
                    "home_languages": "home_languages"}

    def _families(self, sheet):
        children = {}  # key -> {"row":, "values": {field: (value, row)}, "item":}
        child_order = []
        adults = []  # (row, child key, record)
        for row, rec in sheet.records():
            key = self._child_key(sheet, row, rec)
            if key is None:
                continue
            entry = children.get(key)
            if entry is None:
                entry = children[key] = {"row": row, "values": {}}
                child_order.append(key)
            self._child_values(sheet, row, rec, entry)
            if {"carer_name", "carer_email", "collection_password"} & set(rec):
                adults.append((row, key, rec))
        for key in child_order:
            self._child_item(sheet, key, children[key])
        for row, key, rec in adults:
            if "collection_password" in rec:
                self._collector(sheet, row, key, rec)
            else:
                self._carer(sheet, row, key, rec)
        for key in child_order:
            self._parental_responsibility(sheet, key, children[key])

    def _child_key(self, sheet, row, rec):
        ref = self._get(sheet, row, rec, "child_ref", values.text, 100)
        first = self._get(sheet, row, rec, "first_name", values.text, 100)
        last = self._get(sheet, row, rec, "last_name", values.text, 100)
        born = self._get(sheet, row, rec, "date_of_birth", values.a_date)
        if ref:
            return "ref:" + ref.casefold()
        if first and last and born:
            return f"name:{first.casefold()}|{last.casefold()}|{born.isoformat()}"
        for name, value, message in (("first_name", first, _("Write the child's first name.")),
                                     ("last_name", last, _("Write the child's last name.")),
                                     ("date_of_birth", born, _("Write the child's date of birth."))):
            if value is None and name not in rec:
                self.problem(sheet, row, name, message)
        return None

    CHILD_PARSERS = {"first_name": (values.text, 100), "last_name": (values.text, 100),
                     "preferred_name": (values.text, 100), "date_of_birth": (values.a_date,),
                     "start_date": (values.a_date,), "room": (values.text, 100), "key_person": (values.text, 200),
                     "home_languages": (values.text, 200)}
    NOTES = ("allergies", "dietary", "medical")
    IDENTITY = ("first_name", "last_name", "date_of_birth")  # their problems were reported with the key

    def _child_values(self, sheet, row, rec, entry):
        for name in (*self.CHILD_PARSERS, *self.NOTES):
            if name not in rec:
                continue
            try:
                if name in self.NOTES:
                    value = values.text(rec[name], 2000, single_line=False)
                else:
                    parse, *args = self.CHILD_PARSERS[name]
                    value = parse(rec[name], *args)
            except values.CellError as error:
                if name not in self.IDENTITY:
                    self.problem(sheet, row, name, error.message)
                continue
            earlier = entry["values"].get(name)
            if earlier is None:
                entry["values"][name] = (value, row)
            elif earlier[0] != value:
                self.problem(sheet, row, name, _(
                    "This is “%(value)s” here but “%(earlier)s” on row %(row)d for the same child.") % {
                    "value": _shown(value), "earlier": _shown(earlier[0]), "row": earlier[1]})

    def _find_child(self, key, vals):
        if key.startswith("ref:"):
            found = self.children_by_ref.get(key)
            if found:
                return found
        first, last, born = (vals.get(n, (None,))[0] for n in ("first_name", "last_name", "date_of_birth"))
        if first and last and born:
            return self.children_by_name.get((first.casefold(), last.casefold(), born))
        return None

    def _child_item(self, sheet, key, entry):
        vals = entry["values"]
        row = entry["row"]
        existing = self._find_child(key, vals)
        first = vals.get("preferred_name", vals.get("first_name", (None,)))[0]
        name = f"{first or (existing and existing.first_name) or ''} " \
               f"{vals.get('last_name', (None,))[0] or (existing and existing.legal_last_name) or ''}".strip()
        item = Item("child", key, name or key, row, existing=existing)
        if existing is None:
            for needed, message in (("first_name", _("Write the child's first name.")),
                                    ("last_name", _("Write the child's last name.")),
                                    ("date_of_birth", _("Write the child's date of birth."))):
                if needed not in vals and not self.has_problem(sheet, row, needed):
                    self.problem(sheet, row, needed, message)
        desired = {model_name: vals[name][0] for name, model_name in self.CHILD_FIELDS.items() if name in vals}
        born = vals.get("date_of_birth", (None,))[0]
        started = vals.get("start_date", (None,))[0]
        if born is not None:
            desired["date_of_birth"] = born
            if born > self.today:
                self.problem(sheet, vals["date_of_birth"][1], "date_of_birth",
                             _("The date of birth cannot be in the future."))
            elif born < self.today - timedelta(days=365 * OLDEST_CHILD_YEARS):
                self.problem(sheet, vals["date_of_birth"][1], "date_of_birth", _(
                    "%(date)s would make the child more than %(n)d years old. Check the year.") % {
                    "date": _shown(born), "n": OLDEST_CHILD_YEARS})
        if started is not None:
            desired["start_date"] = started
        elif existing is None:
            desired["start_date"] = self.today
        born = born or (existing and existing.date_of_birth)
        start = desired.get("start_date") or (existing and existing.start_date)
        if born and start and start < born:
            self.problem(sheet, vals.get("start_date", (None, row))[1], "start_date",
                         _("The start date cannot be before the child was born."))
        if "room" in vals:
            room_key = self.room_known(vals["room"][0])
            if room_key is None:
                self.problem(sheet, vals["room"][1], "room", self._unknown_room(vals["room"][0]))
            else:
                item.refs["room"] = room_key
                if existing is not None and (existing.room.name.casefold() if existing.room_id else None) != room_key:
                    item.refs["changed"] = True
                    item.changes.append((_key(Child, "room"), _raw(existing.room), vals["room"][0]))
        _diff(item, Child, desired)
        if key.startswith("ref:"):
            item.refs["ref"] = key
            if existing is not None and self.children_by_ref.get(key) is None:
                item.refs["changed"] = True  # remember the reference: a silent, harmless write
        self.items["child"][key] = item
        if "key_person" in vals:
            self._key_person(sheet, item, *vals["key_person"])

    def _key_person(self, sheet, child_item, value, row):
        email = self.staff_known(value)
        if email is None and "@" in value:
            self.problem(sheet, row, "key_person", _(
                "No staff member has the email address “%(value)s”. Add them on the Staff sheet if they are new.")
                % {"value": value[:100]})
            return
        if email is None:
            self.problem(sheet, row, "key_person", _(
                "No staff member is called “%(value)s”. Use their email, and add them on the Staff sheet if they are "
                "new.") % {"value": value[:100]})
            return
        current = self.key_persons_db.get(child_item.existing.pk) if child_item.existing else None
        if current is not None and current.staff.user.email.lower() == email:
            return
        if current is not None and current.starts_on >= self.today:
            self.problem(sheet, row, "key_person", _(
                "%(name)s became the key person today; change it on the child's page from tomorrow.") % {
                "name": current.staff.user})
            return
        staff_name = self.items["staff"][email].name if email in self.items["staff"] else str(self.members_db[email].user)
        item = Item("key_person", child_item.key, f"{child_item.name}: {staff_name}", row, existing=current,
                    refs={"child": child_item.key, "staff": email, "changed": current is not None})
        if current is not None:
            item.changes.append(("key_person", str(current.staff.user), staff_name))
        self.items["key_person"][child_item.key] = item

    def _household(self, sheet, row, rec):
        if not {"household", "address", "postcode"} & set(rec):
            return None
        address = self._get(sheet, row, rec, "address", values.text, 500, single_line=False)
        postcode = self._get(sheet, row, rec, "postcode", values.text, 12)
        label = self._get(sheet, row, rec, "household", values.text, 100)
        if not address or not postcode:
            if "address" not in rec or "postcode" not in rec:
                self.problem(sheet, row, "postcode" if "address" in rec else "address",
                             _("A household needs both an address and a postcode."))
            return None
        key = self._household_key(postcode, address)
        item = self.items["household"].get(key)
        if item is None:
            existing = self.households_db.get(key)
            label = label or address.splitlines()[0][:100]
            item = Item("household", key, label, row, existing=existing)
            desired = {"label": label} if existing is None or "household" in rec else {}
            if existing is None:
                desired.update(address=address, postcode=postcode.strip().upper())
            _diff(item, Household, desired)
            self.items["household"][key] = item
        return key

    RIGHTS = (("parental_responsibility", "parental_responsibility"), ("lives_with_child", "lives_with_child"),
              ("may_collect", "may_collect"), ("emergency_contact", "emergency_contact"), ("court_order", "is_restricted"))

    def _carer(self, sheet, row, child_key, rec):
        child = self.items["child"].get(child_key)
        if child is None:
            return
        name = self._get(sheet, row, rec, "carer_name", values.text, 200)
        email = self._get(sheet, row, rec, "carer_email", values.email)
        if not name:
            if "carer_name" not in rec:
                self.problem(sheet, row, "carer_name", _("Write this person's full name."))
            return
        ckey = email or f"name:{child_key}|{name.casefold()}"
        carer_values = {"full_name": name}
        phone = self._get(sheet, row, rec, "carer_phone", values.text, 30)
        if phone:
            carer_values["phone"] = phone
        language = self._get(sheet, row, rec, "language", values.language)
        if language:
            carer_values["preferred_language"] = language
        if email:
            carer_values["email"] = email
        household = self._household(sheet, row, rec)
        item = self.items["carer"].get(ckey)
        if item is not None:
            if item.name.casefold() != name.casefold():
                self.problem(sheet, row, "carer_name", _(
                    "%(email)s is on row %(row)d with the name “%(name)s”: one email address is one person. Use the "
                    "same name on both rows, or a different email.") % {"email": email, "row": item.row, "name": item.name})
                return
            for key, value in carer_values.items():
                earlier = item.refs["values"].get(key)
                if earlier is not None and earlier != value:
                    column = {"phone": "carer_phone", "preferred_language": "language"}.get(key, "carer_name")
                    self.problem(sheet, row, column, _(
                        "This is “%(value)s” here but “%(earlier)s” on row %(row)d for the same person.") % {
                        "value": value, "earlier": earlier, "row": item.row})
            if household and item.refs.get("household") not in (None, household):
                self.problem(sheet, row, "address", _("This person has another address on row %(row)d.") % {"row": item.row})
        else:
            existing = self.carers_by_email.get(email) if email else None
            if existing is None and not email and child.existing is not None:
                existing = next((link.carer for link in self.links_of_child[child.existing.pk]
                                 if link.carer.full_name.casefold() == name.casefold()), None)
            item = Item("carer", ckey, name, row, existing=existing, refs={"values": carer_values})
            self.items["carer"][ckey] = item
        item.refs["values"] = {**carer_values, **item.refs["values"]}
        if household:
            item.refs["household"] = household
        self._link(sheet, row, child, item, rec)

    def _link(self, sheet, row, child, carer, rec):
        key = (child.key, carer.key)
        if key in self.items["link"]:
            self.problem(sheet, row, "carer_name", _("Row %(row)d already lists %(name)s for this child: the same row "
                                                     "twice.") % {"row": self.items["link"][key].row, "name": carer.name})
            return
        existing = None
        if child.existing is not None and carer.existing is not None:
            existing = self.links_db.get((child.existing.pk, carer.existing.pk))
        item = Item("link", key, f"{carer.name} → {child.name}", row, existing=existing,
                    refs={"child": child.key, "carer": carer.key})
        details = {}
        relationship = self._get(sheet, row, rec, "relationship", values.relationship)
        if relationship:
            details["relationship"] = relationship
        elif existing is None and "relationship" not in rec:
            self.problem(sheet, row, "relationship", _("Say who this person is to the child (mother, grandparent…)."))
        calls = self._get(sheet, row, rec, "child_calls_them", values.text, 60)
        if calls:
            details["child_calls_them"] = calls
        rights = {}
        for column, model_name in self.RIGHTS:
            value = self._get(sheet, row, rec, column, values.yes_no)
            if value is not None:
                rights[model_name] = value
        note = self._get(sheet, row, rec, "restriction_note", values.text, 2000, single_line=False)
        if note:
            rights["restriction_note"] = note
        if existing is None:
            restricted = rights.get("is_restricted", False)
            rights = {**dict.fromkeys(("parental_responsibility", "lives_with_child", "may_collect",
                                       "emergency_contact", "is_restricted"), False), **rights}
            rights.setdefault("restriction_note", "")
            rights.update(can_see_diary=not restricted, can_contribute=not restricted,
                          can_see_concerns=rights["parental_responsibility"] and not restricted)
        elif existing.is_restricted and rights.get("is_restricted") is False:
            self.problem(sheet, row, "court_order", _(
                "A restriction is lifted only on the carer's page, with a reason. Leave this cell as it was."))
            rights.pop("is_restricted")
        if rights.get("is_restricted") and not rights.get("restriction_note") and not (
                existing and existing.restriction_note):
            self.problem(sheet, row, "restriction_note", _(
                "Say what the court order restricts: staff read it before anything is shared."))
        item.refs["details"], item.refs["rights"] = {}, {}
        if existing is None:
            item.refs["details"], item.refs["rights"] = details, rights
        else:
            for bucket, wanted in (("details", details), ("rights", rights)):
                for name, value in wanted.items():
                    old = getattr(existing, name)
                    if old != value:
                        item.refs[bucket][name] = value
                        item.changes.append((_key(CarerLink, name), _raw(old), _raw(value)))
            item.refs["changed"] = bool(item.refs["details"] or item.refs["rights"])
        self.items["link"][key] = item

    def _collector(self, sheet, row, child_key, rec):
        child = self.items["child"].get(child_key)
        if child is None:
            return
        name = self._get(sheet, row, rec, "carer_name", values.text, 200)
        relationship = self._get(sheet, row, rec, "relationship", values.text, 100)
        password = self._get(sheet, row, rec, "collection_password", values.text, 128)
        if not name:
            if "carer_name" not in rec:
                self.problem(sheet, row, "carer_name", _("Write this person's full name."))
            return
        key = (child_key, name.casefold())
        if key in self.items["collector"]:
            self.problem(sheet, row, "carer_name", _("Row %(row)d already lists %(name)s for this child: the same row "
                                                     "twice.") % {"row": self.items["collector"][key].row, "name": name})
            return
        existing = self.collectors_db.get((child.existing.pk, name.casefold())) if child.existing else None
        item = Item("collector", key, f"{name} → {child.name}", row, existing=existing, refs={"child": child_key})
        if existing is None:
            if not relationship:
                self.problem(sheet, row, "relationship", _("Say who this person is to the child (neighbour, aunt…)."))
            if password is not None and len(password) < AuthorisedCollector.MIN_PASSWORD_LENGTH:
                self.problem(sheet, row, "collection_password", _(
                    "The collection password must be at least %(n)d characters.") % {
                    "n": AuthorisedCollector.MIN_PASSWORD_LENGTH})
            item.refs["password"] = password
        _diff(item, AuthorisedCollector, {"full_name": name, **({"relationship": relationship} if relationship else {})})
        self.items["collector"][key] = item

    def _parental_responsibility(self, sheet, key, entry):
        child = self.items["child"].get(key)
        links = [i for i in self.items["link"].values() if i.refs["child"] == key]
        in_file = {i.existing.pk for i in links if i.existing}
        holds = any(i.refs["rights"].get("parental_responsibility", i.existing.parental_responsibility
                                         if i.existing else False) for i in links)
        if child.existing is not None:
            holds = holds or any(link.parental_responsibility for link in self.links_of_child[child.existing.pk]
                                 if link.pk not in in_file)
        if not holds:
            self.problem(sheet, entry["row"], "parental_responsibility", _(
                "Nobody on this sheet holds parental responsibility for %(child)s. Add the parents (or whoever holds "
                "it) with “yes” in that column.") % {"child": child.name})

    # --- the result -----------------------------------------------------------------------------

    def child_households(self, child_key):
        """Households of the child's carers who live with them or hold parental responsibility (not restricted)."""
        keys = set()
        for item in self.items["link"].values():
            if item.refs["child"] != child_key:
                continue
            link = item.existing
            rights = {**({n: getattr(link, n) for n in ("parental_responsibility", "lives_with_child", "is_restricted")}
                         if link else {}), **item.refs["rights"]}
            carer = self.items["carer"][item.refs["carer"]]
            if carer.refs.get("household") and not rights.get("is_restricted") and (
                    rights.get("lives_with_child") or rights.get("parental_responsibility")):
                keys.add(carer.refs["household"])
        return keys


@dataclass
class Plan:
    planner: Planner
    problems: list
    groups: list  # [(kind, label, [items])]

    @property
    def ok(self):
        return not self.problems

    @property
    def counts(self):
        rows = []
        for kind, label, items in self.groups:
            counted = {CREATE: 0, UPDATE: 0, SAME: 0}
            for item in items:
                counted[item.action] += 1
            rows.append({"kind": kind, "label": label, **counted})
        return rows

    @property
    def changed(self):
        return [(label, [i for i in items if i.action != SAME]) for _kind, label, items in self.groups
                if any(i.action != SAME for i in items)]

    @property
    def writes(self):
        return sum(1 for _k, _l, items in self.groups for i in items if i.action != SAME)

    @property
    def children_count(self):
        return len(self.planner.items["child"])


def _finish(planner: Planner) -> Plan:
    # A carer counts as changed when the file changes their details.
    for item in planner.items["carer"].values():
        wanted = dict(item.refs["values"])
        if item.existing is not None and not wanted.get("email"):
            wanted.pop("email", None)
        household = item.refs.get("household")
        _diff(item, Carer, wanted)
        if household is not None:
            hh = planner.items["household"][household]
            if item.existing is None or hh.existing is None or item.existing.household_id != hh.existing.pk:
                item.refs["changed"] = True
                if item.existing is not None:
                    item.changes.append((_key(Carer, "household"), _raw(item.existing.household), hh.name))
    groups = [(kind, KIND_LABELS[kind], list(planner.items[kind].values())) for kind in ORDER]
    problems = sorted(planner.problems, key=lambda p: (p.sheet, p.row or 0, p.column))
    return Plan(planner=planner, problems=problems, groups=groups)


def plan_for(*, setting, by, sheets: dict, mapping: dict) -> Plan:
    return _finish(Planner(setting=setting, by=by, sheets=sheets, mapping=mapping))
