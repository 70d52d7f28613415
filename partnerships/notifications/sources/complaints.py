"""Hook: filled in when the model it reads lands in main (see docs/notifications.md, "Reminder sources")."""

from . import SourceUnavailable


def collect(now) -> int:
    raise SourceUnavailable("not wired yet")
