"""Every catalogue has its glossary of the setting's own words, and locale/README.md says how each catalogue was
made and how a native speaker reviews it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE = Path(settings.BASE_DIR) / "locale"
SETTING_WORDS = ["key person", "parental responsibility", "handover", "settling-in", "safeguarding"]
CODES = [code for code, _name in settings.LANGUAGES if code.split("-")[0] != "en"]


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_a_glossary_of_the_settings_words(code):
    glossary = LOCALE / to_locale(code) / "glossary.md"
    assert glossary.exists(), f"{glossary} is missing"
    rows = {}
    for line in glossary.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.lstrip().startswith("|") and len(cells) >= 2:
            rows[cells[0].lower()] = cells[1]
    for word in SETTING_WORDS:
        found = [term for english, term in rows.items() if english.startswith(word)]
        assert found and all(found), f"{code}: the glossary has no translation for {word!r}"


def test_the_readme_says_how_each_catalogue_was_made_and_how_it_is_reviewed():
    readme = (LOCALE / "README.md").read_text()
    assert "## How the catalogues were made" in readme
    assert "## How a native speaker reviews and corrects a catalogue" in readme
    for code in CODES:
        assert re.search(rf"`{code}`|\({code}\)", readme), f"locale/README.md does not name {code}"
