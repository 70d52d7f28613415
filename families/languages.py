"""Whose language is it: the writer's (stored beside what they typed) and the names readers see."""

from django.conf import settings
from django.utils import translation

CODES = {code for code, _name in settings.LANGUAGES}


def supported(code: str | None) -> str:
    """A code from settings.LANGUAGES for `code` ("" when there is none)."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def writer_language(user) -> str:
    """The language someone writes in: their account's language, else the language their page is in."""
    return supported(getattr(user, "language", "")) or supported(translation.get_language()) or settings.LANGUAGE_CODE


def same_language(a: str, b: str) -> bool:
    return (a or "").split("-")[0].lower() == (b or "").split("-")[0].lower()


def name(code: str) -> str:
    """The language's name in the active language ("Urdu", "urdu", "اردو"...)."""
    code = supported(code)
    if not code:
        return ""
    for value, label in settings.LANGUAGES:
        if value == code:
            return str(label)
    return code
