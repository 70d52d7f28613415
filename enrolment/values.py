"""Turning one cell's text into a value (a date, yes/no, a relationship, a language), or a message saying why not."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from families.models import CarerLink, Membership
from families.validators import has_control_characters

from .columns import normalise

YES = {"yes", "y", "true", "1", "x", "✓", "✔", "ja", "tak", "da", "si", "sí", "sim", "oui"}
NO = {"no", "n", "false", "0", "nie", "nu", "não", "nao", "non", "nein", "-"}

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d %H:%M:%S")

R = CarerLink.Relationship
RELATIONSHIPS = {
    R.MOTHER: ("mother", "mum", "mom", "mummy", "mam"),
    R.FATHER: ("father", "dad", "daddy"),
    R.STEP_PARENT: ("step parent", "stepparent", "step-parent", "stepmother", "step mum", "stepmum", "stepfather",
                    "step dad", "stepdad"),
    R.GRANDPARENT: ("grandparent", "grandmother", "grandfather", "gran", "granny", "grandma", "grandad", "grandpa",
                    "nan", "nana"),
    R.FOSTER_CARER: ("foster carer", "foster parent", "foster mother", "foster father", "foster"),
    R.AUNT_UNCLE: ("aunt", "uncle", "auntie", "aunt or uncle"),
    R.OLDER_SIBLING: ("older sibling", "sibling", "brother", "sister"),
    R.NANNY: ("nanny", "au pair"),
    R.CHILDMINDER: ("childminder", "child minder"),
    R.OTHER: ("other", "guardian", "special guardian", "family friend"),
}
ROLES = {
    Membership.Role.MANAGER: ("manager", "nursery manager", "deputy manager", "owner"),
    Membership.Role.PRACTITIONER: ("practitioner", "staff", "room leader", "nursery nurse", "assistant",
                                   "early years practitioner", "educator", "teacher", "cook", "receptionist"),
}


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text(value: str, max_length: int, *, single_line=True) -> str:
    value = (value or "").strip()
    if single_line and has_control_characters(value):
        raise CellError(_("Use one line, without line breaks or tabs."))
    if "\x00" in value:
        raise CellError(_("This cell has characters that are not text."))
    if len(value) > max_length:
        raise CellError(_("Keep this to %(n)d characters (it has %(count)d).") % {"n": max_length, "count": len(value)})
    return value


def a_date(value: str) -> date:
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    numbers = re.fullmatch(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})", value)
    if numbers:  # the shape of a date, but not a day that exists (31/02/2021)
        raise CellError(_("“%(value)s” is not a date that exists.") % {"value": value})
    raise CellError(_("“%(value)s” is not a date Triangle reads. Write it as 31/12/2021 or 2021-12-31.")
                    % {"value": value[:40]})


@cache
def _said_in_every_language(word: str) -> frozenset:
    """ "yes" as each catalogue writes it: the instructions say "write yes or no" in the manager's language."""
    said = set()
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            said.add(_(word).strip().casefold())
    return frozenset(said)


def yes_no(value: str) -> bool:
    word = value.strip().casefold()
    if word in YES or word in _said_in_every_language("yes"):
        return True
    if word in NO or word in _said_in_every_language("no"):
        return False
    raise CellError(_("Write yes or no here (not “%(value)s”).") % {"value": value[:40]})


def _choice(table: dict, value: str):
    key = normalise(value)
    for choice, words in table.items():
        if key == normalise(choice) or key == normalise(choice.label) or key in map(normalise, words):
            return choice
    return None


def relationship(value: str) -> str:
    choice = _choice(RELATIONSHIPS, value)
    if choice is None:
        raise CellError(_("“%(value)s” is not a relationship Triangle knows. Use one of: %(choices)s.") % {
            "value": value[:40], "choices": ", ".join(str(label) for _v, label in R.choices)})
    return choice


def role(value: str) -> str:
    choice = _choice(ROLES, value)
    if choice is None:
        raise CellError(_("“%(value)s” is not a role. Use one of: %(choices)s.") % {
            "value": value[:40], "choices": ", ".join(str(label) for _v, label in Membership.Role.choices)})
    return choice


def language(value: str) -> str:
    key = normalise(value)
    for code, label in settings.LANGUAGES:
        with translation.override("en-gb"):
            english = normalise(label)
        if key in (normalise(code), normalise(code.split("-")[0]), english, normalise(label)):
            return code
    raise CellError(_("“%(value)s” is not a language Triangle speaks. Use one of: %(choices)s.") % {
        "value": value[:40], "choices": ", ".join(str(label) for _c, label in settings.LANGUAGES)})


def email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an email address.") % {"value": value[:60]}) from None
    return value


def whole_number(value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise CellError(_("Write a whole number here.")) from None
    if not low <= number <= high:
        raise CellError(_("Write a number from %(low)d to %(high)d.") % {"low": low, "high": high})
    return number
