"""Rows erased under the retention rules still count in the reports of their months (docs/data-protection.md).

Before rows are erased, the data protection app adds their count per setting, model and month to a tally
(`dataprotection.models.ErasedTally`). It registers how to read that tally here at start-up (reports is the lower
app and imports nothing from it). A section adds the tally of the months that lie wholly inside the report's
period to its whole-setting figures:

- the tally names no room, child or key person, so a report narrowed to a room or a key person's children, a
  practitioner's report and the tables by room or by family leave erased rows out;
- a period that starts or ends inside a month (a week, custom dates) leaves out that month's erased rows; terms
  start and end on month boundaries, so term reports are exact.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import date

# (setting_id, models, first_month, last_month) -> [(model, month, count)]; set by dataprotection's AppConfig.
_SOURCE: Callable | None = None


def register(source: Callable) -> None:
    global _SOURCE
    _SOURCE = source


def whole_setting(ctx) -> bool:
    return ctx.is_manager and ctx.room is None and ctx.key_person is None


def _months_inside(start: date, end: date) -> tuple[date, date] | None:
    first = start if start.day == 1 else date(start.year + start.month // 12, start.month % 12 + 1, 1)
    last = end.replace(day=1)
    if end.day != monthrange(end.year, end.month)[1]:
        last = date(last.year - (last.month == 1), (last.month - 2) % 12 + 1, 1)
    return (first, last) if first <= last else None


def erased_counts(ctx, *models: str, period=None) -> dict[str, int]:
    """{model label: rows erased from months wholly inside the period} for a whole-setting report; 0 elsewhere."""
    counts = dict.fromkeys(models, 0)
    period = period or ctx.period
    months = _months_inside(period.start, period.end)
    if _SOURCE is None or months is None or not whole_setting(ctx):
        return counts
    for model, _month, count in _SOURCE(ctx.setting.pk, models, *months):
        counts[model] += count
    return counts
