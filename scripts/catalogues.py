"""Keep the translation catalogues in step with the source.

    .venv/bin/python scripts/catalogues.py gaps LANG [--json out.json]   # what LANG still lacks, as JSON
    .venv/bin/python scripts/catalogues.py fill LANG file.json           # write translations into LANG's .po
    .venv/bin/python scripts/catalogues.py sync [LANG ...]               # makemessages for LANG (default: all)
    .venv/bin/python scripts/catalogues.py compile [LANG ...]            # compilemessages (default: all)

`gaps` extracts the current source into a temporary copy (locale/ is not touched), merges LANG's catalogue
with it there, and lists every entry that is missing from the catalogue, untranslated, or fuzzy, with its
msgctxt, plural form, flags, source references and translator comments. Each item has an "id".

`fill` takes a list of items (the `gaps` output with "msgstr" — or "msgstr_plural", a list with one string
per plural form — filled in) or a dict {id: translation} next to a gaps file (`--from gaps.json`). It adds
entries missing from the catalogue, sets the translation, clears `fuzzy`, and refuses (and lists) any
translation whose placeholders differ from the msgid. Run `compile` afterwards and commit .po and .mo.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polib

BASE = Path(__file__).resolve().parent.parent
LOCALE = BASE / "locale"
PYTHON = sys.executable
IGNORES = ["--ignore=.venv", "--ignore=var", "--ignore=test-artifacts", "--ignore=tests"]
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
WRAP = 79

PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
BRACE_FORMAT = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def env():
    return {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}


def languages():
    """The non-English codes in settings.LANGUAGES, as locale directory names (pt-br -> pt_BR)."""
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "from django.conf import settings; from django.utils.translation import to_locale;"
        "print(' '.join(to_locale(c) for c, _ in settings.LANGUAGES if c.split('-')[0] != 'en'))"
    )
    out = subprocess.run([PYTHON, "-c", code], cwd=BASE, env=env(), check=True, capture_output=True, text=True)
    return out.stdout.split()


def po_path(lang):
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def key(entry):
    return (entry.msgctxt or None, entry.msgid)


# --- placeholders (the same rules as tests/test_catalogues.py) --------------------------------------------------


def python_placeholders(text):
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


def only_percent_then_word(text):
    directives = [m.group(0) for m in PYTHON_FORMAT.finditer(text) if m.group(0) != "%%"]
    return bool(directives) and all(re.fullmatch(r"% [a-zA-Z]", d) for d in directives)


def placeholders_ok(entry, texts):
    sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
    # "% read", "% of families": xgettext flags them, but they are headers, never %-formatted (see makemessages).
    python = "python-format" in entry.flags and not all(only_percent_then_word(t) for t in sources)
    brace = "python-brace-format" in entry.flags or (not python and brace_placeholders(entry.msgid))
    for text in texts:
        if python and python_placeholders(text) not in [python_placeholders(s) for s in sources]:
            return False
        if brace and brace_placeholders(text) not in [brace_placeholders(s) for s in sources]:
            return False
    return True


# --- gaps ----------------------------------------------------------------------------------------------------


def merged_catalogue(lang, workdir):
    """LANG's catalogue merged with what makemessages extracts from the current source (in a copy)."""
    copy = Path(workdir) / "src"
    shutil.copytree(BASE, copy, ignore=lambda d, names: [n for n in names if n in SKIP_DIRS], symlinks=True)
    target = copy / "locale" / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    if po_path(lang).exists():
        shutil.copy(po_path(lang), target / "django.po")
    subprocess.run(
        [PYTHON, "manage.py", "makemessages", "-l", lang, *IGNORES],
        cwd=copy,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return polib.pofile(str(target / "django.po"), wrapwidth=WRAP)


def nplurals(po):
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def gaps(lang):
    existing = set()
    if po_path(lang).exists():
        existing = {key(e) for e in polib.pofile(str(po_path(lang))) if not e.obsolete}
    with tempfile.TemporaryDirectory() as tmp:
        merged = merged_catalogue(lang, tmp)
    n = nplurals(merged)
    items = []
    for entry in merged:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if entry.msgid_plural:
            done = len(entry.msgstr_plural) == n and all(entry.msgstr_plural.values())
        else:
            done = bool(entry.msgstr)
        if done and not fuzzy:
            continue
        status = "missing" if key(entry) not in existing else ("fuzzy" if fuzzy else "untranslated")
        item = {
            "id": len(items),
            "status": status,
            "msgctxt": entry.msgctxt,
            "msgid": entry.msgid,
            "msgid_plural": entry.msgid_plural or None,
            "nplurals": n if entry.msgid_plural else None,
            "flags": [f for f in entry.flags if f != "fuzzy"],
            "occurrences": [f"{path}:{line}" if line else path for path, line in entry.occurrences],
            "comment": entry.comment or None,
        }
        if entry.msgid_plural:
            item["msgstr_plural"] = [entry.msgstr_plural.get(i, "") for i in range(n)]
        else:
            item["msgstr"] = entry.msgstr
        if fuzzy and entry.previous_msgid:
            item["previous_msgid"] = entry.previous_msgid
        items.append(item)
    return items


# --- fill ----------------------------------------------------------------------------------------------------


def load_fill(path, from_gaps):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        if not from_gaps:
            raise SystemExit("a {id: translation} file needs --from gaps.json")
        base = {str(item["id"]): item for item in json.loads(Path(from_gaps).read_text(encoding="utf-8"))}
        items = []
        for ident, text in data.items():
            item = dict(base[str(ident)])
            if isinstance(text, list):
                item["msgstr_plural"] = text
            else:
                item["msgstr"] = text
            items.append(item)
        return items
    return data


def fill(lang, items):
    path = po_path(lang)
    if not path.exists():
        raise SystemExit(f"{path} does not exist: run `sync {lang}` first (it creates it from the source)")
    po = polib.pofile(str(path), wrapwidth=WRAP)
    n = nplurals(po)
    by_key = {key(e): e for e in po}
    written, refused, empty = 0, [], 0
    for item in items:
        plural = item.get("msgid_plural")
        texts = item.get("msgstr_plural") if plural else [item.get("msgstr", "")]
        if not texts or not all(texts):
            empty += 1
            continue
        entry = by_key.get((item.get("msgctxt") or None, item["msgid"]))
        if entry is None:
            entry = polib.POEntry(
                msgctxt=item.get("msgctxt"),
                msgid=item["msgid"],
                msgid_plural=plural or "",
                flags=list(item.get("flags") or []),
                occurrences=[tuple(o.rsplit(":", 1)) if ":" in o else (o, "") for o in item.get("occurrences") or []],
            )
            po.append(entry)
            by_key[key(entry)] = entry
        if plural and len(texts) != n:
            refused.append(f"{item['msgid']!r}: {len(texts)} plural forms, the catalogue has {n}")
            continue
        if not placeholders_ok(entry, texts):
            refused.append(f"{item['msgid']!r}: placeholders differ in {texts!r}")
            continue
        if plural:
            entry.msgstr_plural = dict(enumerate(texts))
        else:
            entry.msgstr = texts[0]
        entry.obsolete = False
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        written += 1
    po.save(str(path))
    print(f"{lang}: wrote {written}, left {empty} without a translation, refused {len(refused)}")
    for line in refused:
        print("  refused", line)
    return not refused


# --- sync / compile ------------------------------------------------------------------------------------------


def sync(langs):
    args = [a for lang in langs for a in ("-l", lang)]
    subprocess.run([PYTHON, "manage.py", "makemessages", *args, *IGNORES], cwd=BASE, env=env(), check=True)


def compile_all(langs):
    existing = [lang for lang in langs if po_path(lang).exists()]
    args = [a for lang in existing for a in ("-l", lang)]
    subprocess.run([PYTHON, "manage.py", "compilemessages", *args, "--ignore=.venv"], cwd=BASE, env=env(), check=True)
    for lang in existing:
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po_path(lang))], check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("gaps", help="list what a catalogue lacks")
    g.add_argument("lang")
    g.add_argument("--json", help="write the list here instead of stdout")
    f = sub.add_parser("fill", help="write translations into a catalogue")
    f.add_argument("lang")
    f.add_argument("file")
    f.add_argument("--from", dest="from_gaps", help="the gaps file a {id: translation} file refers to")
    s = sub.add_parser("sync", help="makemessages for these languages (default: all in settings.LANGUAGES)")
    s.add_argument("langs", nargs="*")
    c = sub.add_parser("compile", help="compilemessages and msgfmt --check (default: all)")
    c.add_argument("langs", nargs="*")
    args = parser.parse_args(argv)

    if args.command == "gaps":
        items = gaps(args.lang)
        text = json.dumps(items, ensure_ascii=False, indent=1)
        if args.json:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
            counts = Counter(i["status"] for i in items)
            print(f"{args.lang}: {len(items)} to do ({dict(counts)}) -> {args.json}")
        else:
            print(text)
        return 0
    if args.command == "fill":
        return 0 if fill(args.lang, load_fill(args.file, args.from_gaps)) else 1
    if args.command == "sync":
        sync(args.langs or languages())
        return 0
    if args.command == "compile":
        compile_all(args.langs or languages())
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
