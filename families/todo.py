"""A family carer's to-do list on their home page: everything waiting for them, from every app, one tap each.

Families is the lowest app and never imports the others: each app registers a source here in its
AppConfig.ready() (partnerships: consents, requests, slots to book, settling-in reviews, the progress check and
the transition summary; diaries: accidents to acknowledge). A source gets the viewer and their links
(`access.links_of`: unrestricted only) and returns ToDo items for what those links allow; answering an item is
what takes it off the list, and the service that records the answer marks its notifications read
(notifications.api.mark_read_about).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from . import access


@dataclass(frozen=True)
class ToDo:
    child: object
    title: str  # what to do, in the reader's language (a request's own title as written)
    what: str  # the kind of thing: "Consent", "Accident", "Settling in"...
    url: str  # where it is done: the form itself wherever there is one
    due_on: date | None = None  # "please answer by"
    urgent: bool = False  # before everything else: what the law wants acknowledged the same day (accidents)


_SOURCES: dict[str, Callable] = {}


def register(name: str, source: Callable) -> None:
    """`source(*, viewer, links) -> list[ToDo]`; registering a name again replaces it (tests reload apps)."""
    _SOURCES[name] = source


def todo_for(*, viewer, links=None) -> list[ToDo]:
    """Everything waiting for this family carer: urgent first, then soonest due, then by child.

    `links`: the viewer's `access.links_of` already read by the caller (the family home), so not read twice.
    """
    if links is None:
        links = list(access.links_of(viewer).select_related("child__setting", "carer"))
    if not links:
        return []
    items = [item for source in _SOURCES.values() for item in source(viewer=viewer, links=links)]
    return sorted(items, key=lambda item: (not item.urgent, item.due_on or date.max, item.child.first_name, str(item.title)))
