"""Validators for what people type. Single-line text (names above all) ends up in email subjects and headers."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Line and paragraph separators break a line as surely as a newline does.
_LINE_BREAKERS = {"\u2028", "\u2029", "\u0085"}


def has_control_characters(value: str) -> bool:
    return any(ch in _LINE_BREAKERS or unicodedata.category(ch) == "Cc" for ch in value or "")


@deconstructible
class SingleLineValidator:
    """Refuses line breaks, tabs, NUL and other control characters (a newline in a name breaks every email)."""

    message = _("Use letters, numbers and punctuation on one line: no line breaks or control characters.")
    code = "control_characters"

    def __call__(self, value):
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)


validate_single_line = SingleLineValidator()


def to_one_line(value: str) -> str:
    """The same text with every line break and control character turned into one space (for data typed before
    SingleLineValidator existed)."""
    if not has_control_characters(value):
        return value
    cleaned = "".join(" " if ch in _LINE_BREAKERS or unicodedata.category(ch) == "Cc" else ch for ch in value)
    return " ".join(cleaned.split())
