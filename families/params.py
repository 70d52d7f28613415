"""Reading what arrives in a URL or a form as text: ids, days and the ids devices give their requests. Hostile input gives None, never a 500."""

import uuid
from datetime import date

# Dates outside these never mean anything in a nursery, and near date.min/max a day's arithmetic overflows.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
_MAX_ID = 2**63 - 1  # PostgreSQL bigint


def is_id(raw) -> bool:
    """ASCII digits only: `"²".isdigit()` is True, and int("²") raises."""
    return isinstance(raw, str) and 0 < len(raw) <= 19 and raw.isascii() and raw.isdigit() and int(raw) <= _MAX_ID


def parse_id(raw) -> int | None:
    return int(raw) if is_id(raw) else None


def parse_day(raw) -> date | None:
    """An ISO day within EARLIEST_DAY..LATEST_DAY, or None."""
    if not isinstance(raw, str) or not raw.isascii():
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if EARLIEST_DAY <= day <= LATEST_DAY else None


def day_in_range(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def parse_uuid(raw) -> uuid.UUID | None:
    """A device's id for a request (static/js/outbox.js), or None: a form posted without one still works."""
    if not isinstance(raw, str) or not raw.isascii() or len(raw) > 36:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None
