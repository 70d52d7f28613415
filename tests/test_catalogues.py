"""Every language Triangle offers has a complete, valid, compiled catalogue.

One case per language in settings.LANGUAGES (English is the source). A language whose catalogue file is not
there yet is an expected failure (not strict), so the case turns green the moment its translator lands it;
once a catalogue exists, every check is enforced.
"""

import gettext as pygettext
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

from families.management.commands.makemessages import only_percent_then_word

BASE = Path(settings.BASE_DIR)
LOCALE = BASE / "locale"


def po_path(code):
    return LOCALE / to_locale(code) / "LC_MESSAGES" / "django.po"


def _cases():
    for code, _name in settings.LANGUAGES:
        if code.split("-")[0] == "en":
            continue
        marks = []
        if not po_path(code).exists():
            marks.append(pytest.mark.xfail(strict=False, reason=f"the {code} catalogue has not landed yet"))
        yield pytest.param(code, marks=marks, id=code)


LANGS = list(_cases())


def live_entries(code):
    """The catalogue's current (non-obsolete) entries; fails the case if the catalogue file is missing."""
    path = po_path(code)
    assert path.exists(), f"{path.relative_to(BASE)} is missing"
    return [e for e in polib.pofile(str(path), wrapwidth=0) if not e.obsolete]


def nplurals(code):
    header = polib.pofile(str(po_path(code))).metadata.get("Plural-Forms", "")
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    assert match, f"{code}: the header has no Plural-Forms"
    return int(match.group(1))


def label(entry):
    return f"{entry.msgctxt}|{entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def forms(entry):
    """[(source it must match, translation)] for every form of the entry."""
    if entry.msgid_plural:
        return [
            (entry.msgid if i == 0 else entry.msgid_plural, text) for i, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


# --- placeholders ---------------------------------------------------------------------------------------------

PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
BRACE_FORMAT = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def python_placeholders(text):
    """Named directives as a multiset (order may change in translation), unnamed ones in order."""
    named, positional = Counter(), []
    for m in PYTHON_FORMAT.finditer(text):
        if m.group("conv") == "%":
            continue
        if m.group("name") is not None:
            named[(m.group("name"), m.group("conv"))] += 1
        else:
            positional.append(m.group("conv"))
    return named, positional


def brace_placeholders(text):
    return Counter(m.group(1) for m in BRACE_FORMAT.finditer(text) if m.group(1) is not None)


def placeholder_problems(entry):
    problems = []
    sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
    # "% read", "% of families": xgettext flags them, but they are headers, never %-formatted (see makemessages).
    python = "python-format" in entry.flags and not all(only_percent_then_word(t) for t in sources)
    brace = "python-brace-format" in entry.flags or (not python and brace_placeholders(entry.msgid))
    for i, (_source, text) in enumerate(forms(entry)):
        if not text:
            continue
        where = f"{label(entry)} form {i}" if entry.msgid_plural else label(entry)
        # A plural form may follow either English form (a language with one form for 0 and 1, say).
        if python and python_placeholders(text) not in [python_placeholders(s) for s in sources]:
            problems.append(
                f"{where}: %-placeholders {sorted(python_placeholders(text)[0])} "
                f"differ from the msgid's {sorted(python_placeholders(entry.msgid)[0])}"
            )
        if brace and brace_placeholders(text) not in [brace_placeholders(s) for s in sources]:
            problems.append(
                f"{where}: {{}}-placeholders {sorted(brace_placeholders(text))} "
                f"differ from the msgid's {sorted(brace_placeholders(entry.msgid))}"
            )
    return problems


def test_placeholder_parser_sees_what_python_sees():
    named, positional = python_placeholders("%(name)s has %(n)d%% and %s, %02d")
    assert named == Counter({("name", "s"): 1, ("n", "d"): 1}) and positional == ["s", "d"]
    assert brace_placeholders("{child} at {{literal}} {0}") == Counter({"child": 1, "0": 1})
    broken = polib.POEntry(msgid="Hello %(name)s", msgstr="Cześć %(imie)s", flags=["python-format"])
    assert placeholder_problems(broken)
    header = polib.POEntry(msgid="% of families", msgstr="% das famílias", flags=["python-format"])
    assert not placeholder_problems(header)  # a "% o" header is not a placeholder


# --- per-language checks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGS)
def test_every_message_is_translated_in_every_plural_form(code):
    n = nplurals(code)
    missing = []
    for entry in live_entries(code):
        if entry.msgid_plural:
            if len(entry.msgstr_plural) != n or not all(entry.msgstr_plural.values()):
                missing.append(label(entry))
        elif not entry.msgstr:
            missing.append(label(entry))
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {missing[:10]}"


@pytest.mark.parametrize("code", LANGS)
def test_no_fuzzy_entries(code):
    fuzzy = [label(e) for e in live_entries(code) if "fuzzy" in e.flags]
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:10]}"


@pytest.mark.parametrize("code", LANGS)
def test_placeholders_match_the_msgid(code):
    problems = [p for e in live_entries(code) for p in placeholder_problems(e)]
    assert not problems, f"{code}: " + "\n".join(problems[:20])


@pytest.mark.parametrize("code", LANGS)
def test_msgfmt_check_is_clean(code):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("msgfmt (gettext) is not installed")
    po = po_path(code)
    assert po.exists(), f"{po.relative_to(BASE)} is missing"
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr


@pytest.mark.parametrize("code", LANGS)
def test_the_committed_mo_is_compiled_from_the_po(code, tmp_path):
    """The .mo is committed (a fresh machine needs no gettext tools), so it must say what the .po says."""
    po = po_path(code)
    mo = po.with_suffix(".mo")
    assert po.exists(), f"{po.relative_to(BASE)} is missing"
    assert mo.exists(), f"{mo.relative_to(BASE)} is missing: run compilemessages and commit it"
    fresh = tmp_path / "django.mo"
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    else:
        polib.pofile(str(po)).save_as_mofile(str(fresh))
    with mo.open("rb") as committed, fresh.open("rb") as rebuilt:
        committed_catalogue = pygettext.GNUTranslations(committed)._catalog
        rebuilt_catalogue = pygettext.GNUTranslations(rebuilt)._catalog
    stale = {
        k
        for k in committed_catalogue.keys() | rebuilt_catalogue.keys()
        if committed_catalogue.get(k) != rebuilt_catalogue.get(k)
    }
    assert not stale, f"{code}: django.mo is stale for {len(stale)} messages, e.g. {sorted(map(str, stale))[:5]}"


# --- coverage: every string in the source is in every catalogue ------------------------------------------------

SKIP_DIRS = {
    ".git",
    ".venv",
    "var",
    "test-artifacts",
    "tests",
    "node_modules",
    "__pycache__",
    "locale",
    "htmlcov",
    ".pytest_cache",
    ".ruff_cache",
}


def extracted_msgids(tmp_path):
    """What `makemessages` would extract from the current source, run on a copy so locale/ is never touched."""
    copy = tmp_path / "src"
    shutil.copytree(BASE, copy, ignore=lambda d, names: [n for n in names if n in SKIP_DIRS], symlinks=True)
    (copy / "locale").mkdir()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "xx", "--keep-pot", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    pot = polib.pofile(str(copy / "locale" / "django.pot"))
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in pot if e.msgid}


@pytest.mark.catalogue_coverage
def test_every_source_string_is_in_every_catalogue(tmp_path):
    source = extracted_msgids(tmp_path)
    assert source, "makemessages extracted nothing: the copy of the source is wrong"
    gaps = {}
    for code, _name in settings.LANGUAGES:
        if code.split("-")[0] == "en":
            continue
        if not po_path(code).exists():
            gaps[code] = ["<no catalogue>"]
            continue
        have = {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in live_entries(code)}
        missing = sorted(source - have, key=str)
        if missing:
            gaps[code] = [f"{ctx}|{mid!r}" if ctx else repr(mid) for ctx, mid, _p in missing]
    assert not gaps, "strings missing from catalogues (run scripts/catalogues.py gaps LANG):\n" + "\n".join(
        f"{code}: {len(items)}, e.g. {items[:5]}" for code, items in gaps.items()
    )
