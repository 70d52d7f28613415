"""The licence of every package Triangle runs with, and whether it may be combined with the GNU AGPL v3.

    .venv/bin/python scripts/licences.py            # the table, as in docs/licences.md
    .venv/bin/python scripts/licences.py --write    # rewrite docs/licences.md's table

Reads the installed packages' metadata (importlib.metadata): the runtime set is everything requirements.txt
names, with their own dependencies, followed through. tests/ops/test_licences.py fails when one of them has a
licence not known to be compatible, or is missing from docs/licences.md.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "licences.md"
BEGIN, END = "<!-- licences:begin -->", "<!-- licences:end -->"

# Licences that can be combined with (AGPL-3.0-or-later) code and distributed under its terms.
COMPATIBLE = [
    (r"\bMIT\b|MIT-0|MIT-CMU|\bMIT License\b", "MIT"),
    (r"BSD", "BSD"),
    (r"Apache", "Apache-2.0"),
    (r"\bISC\b", "ISC"),
    (r"PSF|Python Software Foundation|CNRI-Python", "PSF"),
    (r"MPL[ -]?2\.0|Mozilla Public License 2\.0", "MPL-2.0"),
    (r"LGPL|Lesser General Public License", "LGPL"),
    (r"\bUnlicense\b|CC0|Public Domain", "public domain"),
    (r"HPND|Historical Permission Notice", "HPND"),
]
# Packages whose metadata is ambiguous, with what their own LICENSE file says (checked by hand).
KNOWN = {
    "qrcode": "BSD-3-Clause (its classifiers also list 'Other/Proprietary'; the LICENSE file is BSD)",
}


def requirement_names(path: Path) -> list[Requirement]:
    reqs = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            reqs.append(Requirement(line))
    return reqs


def runtime_closure(path: Path = ROOT / "requirements.txt") -> dict[str, metadata.Distribution]:
    """Every installed distribution the requirements need, with the extras they ask for."""
    seen: dict[str, metadata.Distribution] = {}
    visited = set()
    todo = list(requirement_names(path))
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in visited:
            continue
        visited.add(key)
        dist = metadata.distribution(req.name)
        seen[key[0]] = dist
        for sub in dist.requires or []:
            sub_req = Requirement(sub)
            if sub_req.marker:
                envs = [dict(default_environment(), extra=e) for e in (req.extras or {""})]
                if not any(sub_req.marker.evaluate(env) for env in envs):
                    continue
            todo.append(sub_req)
    return dict(sorted(seen.items()))


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    text = (meta.get("License") or "").strip()
    return text.splitlines()[0][:80] if text else "UNKNOWN"


def verdict(name: str, licence: str) -> str | None:
    if name in KNOWN:
        return KNOWN[name]
    for pattern, family in COMPATIBLE:
        if re.search(pattern, licence, re.IGNORECASE):
            return family
    return None


def rows():
    out = []
    for name, dist in runtime_closure().items():
        licence = licence_of(dist)
        out.append((dist.metadata["Name"], dist.version, licence, verdict(canonicalize_name(name), licence)))
    return out


def table(found) -> str:
    lines = ["| package | version | licence (from its metadata) | compatible as |", "| --- | --- | --- | --- |"]
    for name, version, licence, ok in found:
        lines.append(f"| {name} | {version} | {licence} | {ok or '**NOT KNOWN: check**'} |")
    return "\n".join(lines)


def main(argv):
    found = rows()
    text = table(found)
    if "--write" in argv:
        doc = DOC.read_text()
        start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:])
    else:
        print(text)
    bad = [name for name, _v, _l, ok in found if not ok]
    if bad:
        print(f"Not known to be AGPL-compatible: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
