"""Django's makemessages, minus one false alarm: report headers such as "% read" or "% of families".

xgettext marks any msgid containing a valid %-directive as python-format, and "% r", "% o", "% e", "% c" are
valid directives (space flag + conversion). Those headers are never %-formatted, yet the flag makes msgfmt
demand that every translation keep "% r" or "% o" — impossible in Bengali, Urdu or Arabic, and
nonsense in Polish. Where every directive in a msgid is of that shape, the entry is marked no-python-format
in the .pot before it is merged into the catalogues, so translators may write the header naturally.
"""

import re

import polib
from django.core.management.commands import makemessages

DIRECTIVE = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
PERCENT_THEN_WORD = re.compile(r"^% [a-zA-Z]$")


def only_percent_then_word(text):
    directives = [d for d in DIRECTIVE.findall(text) if d != "%%"]
    return bool(directives) and all(PERCENT_THEN_WORD.match(d) for d in directives)


def unflag_percent_headers(potfile):
    pot = polib.pofile(potfile, wrapwidth=79)
    changed = False
    for entry in pot:
        if (
            "python-format" in entry.flags
            and only_percent_then_word(entry.msgid)
            and (not entry.msgid_plural or only_percent_then_word(entry.msgid_plural))
        ):
            entry.flags = [f for f in entry.flags if f != "python-format"] + ["no-python-format"]
            changed = True
    if changed:
        pot.save(potfile)


class Command(makemessages.Command):
    def build_potfiles(self):
        potfiles = super().build_potfiles()
        if self.domain == "django":
            for potfile in potfiles:
                unflag_percent_headers(potfile)
        return potfiles
