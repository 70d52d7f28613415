"""Report periods: this week, this term, last term, or custom dates.

Terms follow the English school year, which most UK settings plan their partnership work around:
autumn 1 September - 31 December, spring 1 January - 31 March, summer 1 April - 31 August.
Nurseries stay open over the summer holidays, so August belongs to the summer term and every day of
the year falls in exactly one term. A setting may override the start months with REPORTS_TERMS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .numbers import day_text

# (month, day, key) of each term's first day, in calendar order.
DEFAULT_TERMS = ((1, 1, "spring"), (4, 1, "summer"), (9, 1, "autumn"))
TERM_NAMES = {"spring": gettext_lazy("Spring term"), "summer": gettext_lazy("Summer term"),
              "autumn": gettext_lazy("Autumn term")}


def _terms():
    return tuple(getattr(settings, "REPORTS_TERMS", DEFAULT_TERMS))


def max_period_days() -> int:
    return getattr(settings, "REPORTS_MAX_PERIOD_DAYS", 731)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_of(self, today: date) -> date:
        """The day "days since" is counted from: the period's end, or today while the period runs."""
        return min(self.end, today)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def term_containing(day: date) -> Period:
    terms = _terms()
    starts = []
    for year in (day.year - 1, day.year, day.year + 1):
        for month, dom, key in terms:
            starts.append((date(year, month, dom), key))
    starts.sort()
    for (start, key), (next_start, _next_key) in zip(starts, starts[1:], strict=False):
        if start <= day < next_start:
            label = f"{TERM_NAMES.get(key, key)} {start.year}"
            return Period(start, next_start - timedelta(days=1), label, kind="term")
    raise ValueError(day)  # unreachable with at least one term a year


def term_before(term: Period) -> Period:
    previous = term_containing(term.start - timedelta(days=1))
    return Period(previous.start, previous.end, previous.label, kind="last_term")


def week_containing(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), _("Week of %(day)s") % {"day": day_text(monday)},
                  kind="week")


def custom(start: date, end: date) -> Period:
    return Period(start, end, _("%(start)s to %(end)s") % {"start": day_text(start),
                                                          "end": day_text(end)})


def resolve(kind: str, today: date, start: date | None = None, end: date | None = None) -> Period:
    if kind == "week":
        return week_containing(today)
    if kind == "last_term":
        return term_before(term_containing(today))
    if kind == "custom" and start and end:
        return custom(start, end)
    return term_containing(today)


def comparison_for(period: Period) -> Period:
    """What "last time" means for the trend: the term before a term, or the same length just before."""
    if period.kind in ("term", "last_term"):
        return term_before(term_containing(period.start))
    end = period.start - timedelta(days=1)
    return Period(end - timedelta(days=period.days - 1), end, _("previous %(days)s days") % {"days": period.days},
                  kind="previous")
