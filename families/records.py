"""The one way to ask a record which child it is about.

A record names its child directly (`child`) or through the record it hangs off: a diary comment through its entry,
an activity response through its activity, a concern action through its concern, a settling session through its
plan, a request answer through its recipient. Notifications (which child a message is about) and pages (is this
record this child's?) both ask here.
"""

from __future__ import annotations

# Checked in order; the first that leads to a child wins.
PARENTS = ("entry", "activity", "concern", "plan", "recipient")


def child_id_of(record) -> int | None:
    """The id of the child `record` is about, or None. Follows foreign-key ids, so it loads as little as it can."""
    if record is None:
        return None
    if _is_child(record):
        return record.pk
    child_id = getattr(record, "child_id", None)
    if child_id is not None:
        return child_id
    for name in PARENTS:
        parent = getattr(record, name, None)
        if parent is not None:
            found = child_id_of(parent)
            if found is not None:
                return found
    return None


def child_of(record):
    """The Child `record` is about, or None."""
    if record is None:
        return None
    if _is_child(record):
        return record
    if getattr(record, "child_id", None) is not None:
        return record.child
    for name in PARENTS:
        parent = getattr(record, name, None)
        if parent is not None:
            found = child_of(parent)
            if found is not None:
                return found
    return None


def _is_child(record) -> bool:
    from .models import Child

    return isinstance(record, Child)  # a message about the child itself (e.g. "no one has heard from them")
