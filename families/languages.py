"""Whose language is it: the writer's (stored beside what they typed) and the names readers see."""

from django.conf import settings
from django.utils import translation

CODES = {code for code, _name in settings.LANGUAGES}

# Each language by its own name, as its readers look for it in a language picker: the same in every language, so
# not translated. Written as the language writes itself at the start of a menu item (capital where it has one).
AUTONYMS = {
    "en-gb": "English",
    "pl": "Polski",
    "ro": "Română",
    "ur": "اردو",
    "bn": "বাংলা",
    "pa": "ਪੰਜਾਬੀ",
    "ar": "العربية",
    "pt": "Português",
    "es": "Español",
}


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


def autonym(code: str) -> str:
    """The language's name in itself ("Polski", "اردو"); Django's local name for one not listed here."""
    code = supported(code)
    if not code:
        return ""
    return AUTONYMS.get(code) or str(translation.get_language_info(code)["name_local"])


def picker_choices():
    """settings.LANGUAGES as a person picks their own language: each by its own name."""
    return [(code, autonym(code)) for code, _name in settings.LANGUAGES]
