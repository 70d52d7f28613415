"""Triangle is AGPL-3.0-or-later; every runtime dependency's licence allows that, and docs/licences.md lists it."""

import re
from pathlib import Path

from scripts import licences

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_the_full_agpl_v3_and_the_project_says_so():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE") and "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert "END OF TERMS AND CONDITIONS" in text and len(text) > 30_000
    assert re.search(r'^license = "AGPL-3.0-or-later"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert "AGPL" in (ROOT / "README.md").read_text()


def test_every_runtime_dependency_has_a_compatible_licence_and_is_listed():
    found = licences.rows()
    names = {name.lower() for name, *_ in found}
    assert {"django", "celery", "boto3", "django-storages", "psycopg2-binary"} <= names  # the closure is followed
    incompatible = [(name, licence) for name, _v, licence, ok in found if not ok]
    assert not incompatible, f"licence not known to be AGPL-compatible: {incompatible}"
    doc = (ROOT / "docs" / "licences.md").read_text()
    listed = {m.group(1).lower() for m in re.finditer(r"^\| ([^ |]+) \| [^|]+ \|", doc, re.M)} - {"package"}
    missing = sorted(names - listed)
    assert not missing, f"not in docs/licences.md (run scripts/licences.py --write): {missing}"
