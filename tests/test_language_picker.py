"""The language picker names each language in itself (its autonym), whatever language the page is in, and marks
each name with its language and direction, so a reader finds their own language and a screen reader says it right.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from families import languages

AUTONYMS = {"en-gb": "English", "pl": "Polski", "ro": "Română", "ur": "اردو", "bn": "বাংলা", "pa": "ਪੰਜਾਬੀ",
            "ar": "العربية", "pt": "Português", "es": "Español"}


def _picker(html):
    select = re.search(r'<select id="lang" name="language"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {m.group(1): (m.group(2), m.group(3), m.group(4))
            for m in re.finditer(r'<option value="([^"]+)" lang="([^"]+)" dir="(ltr|rtl)"[^>]*>([^<]*)</option>', select)}


def test_every_offered_language_has_its_own_name():
    assert {code for code, _name in settings.LANGUAGES} == set(AUTONYMS)
    for code, name in AUTONYMS.items():
        assert languages.autonym(code) == name


@pytest.mark.parametrize("page_language", ["en-gb", "pl", "ur", "bn", "pa", "pt"])
def test_the_picker_shows_each_language_by_its_own_name_on_every_page_language(page_language, personas):
    html = Client(headers={"accept-language": page_language}).get(reverse("account_login")).content.decode()
    assert f'<html lang="{page_language}"' in html
    options = _picker(html)
    assert set(options) == set(AUTONYMS)
    for code, (lang, direction, name) in options.items():
        assert name == AUTONYMS[code], (page_language, code, name)
        assert lang == code and direction == ("rtl" if code in ("ur", "ar") else "ltr")
    assert re.search(rf'<option value="{page_language}"[^>]* selected>', html)


def test_my_profile_offers_languages_by_their_own_names(personas, login):
    personas.key_person.language = "ur"
    personas.key_person.save(update_fields=["language"])
    html = login(personas.key_person).get(reverse("families:my_profile")).content.decode()
    select = re.search(r'<select name="language"[^>]*>(.*?)</select>', html, re.S).group(1)
    for name in AUTONYMS.values():
        assert f">{name}</option>" in select, name
