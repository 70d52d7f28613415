"""Database-side building blocks the report sections share: percentiles, postcode districts, languages."""

from __future__ import annotations

import math
from datetime import timedelta

from django.db import connection
from django.db.models import Aggregate, Case, CharField, F, FloatField, Value, When
from django.db.models.functions import Left, Length, StrIndex, Trim, Upper
from django.db.models.lookups import GreaterThan
from django.utils.translation import get_language_info


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: percentile_cont(0.9) WITHIN GROUP (ORDER BY x)."""

    function = "percentile_cont"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction, **extra):
        if not 0 <= float(fraction) <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _interpolate(sorted_values, fraction):
    """The same linear interpolation as percentile_cont, for databases without it."""
    if not sorted_values:
        return None
    position = fraction * (len(sorted_values) - 1)
    low, high = math.floor(position), math.ceil(position)
    a, b = sorted_values[low], sorted_values[high]
    if isinstance(a, timedelta):
        return a + (b - a) * (position - low)
    return a + (b - a) * (position - low)


def percentiles(queryset, expression, fractions=(0.5, 0.9), output_field=None, filter=None) -> dict:  # noqa: A002
    """{"count": n, 0.5: median, 0.9: p90} of `expression` over `queryset`, in one query.

    PostgreSQL computes them with percentile_cont; elsewhere (the SQLite demo) the single column of
    values is fetched and interpolated the same way.
    """
    from django.db.models import Count

    if filter is not None:
        queryset = queryset.filter(filter)
    queryset = queryset.annotate(_pct_value=expression).filter(_pct_value__isnull=False)
    if connection.vendor == "postgresql":
        extra = {"output_field": output_field} if output_field is not None else {}
        aggregates = {f"p{i}": PercentileCont(F("_pct_value"), fraction, **extra) for i, fraction in enumerate(fractions)}
        row = queryset.aggregate(count=Count("pk"), **aggregates)
        result = {"count": row["count"]}
        for i, fraction in enumerate(fractions):
            result[fraction] = row[f"p{i}"]
        return result
    values = sorted(queryset.values_list("_pct_value", flat=True))
    result = {"count": len(values)}
    for fraction in fractions:
        result[fraction] = _interpolate(values, fraction)
    return result


def as_days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value), 1)


def postcode_district(field: str):
    """The outward part of a UK postcode, in SQL: the same rule as Household.postcode_district."""
    code = Upper(Trim(field))
    space = StrIndex(code, Value(" "))
    return Case(
        When(GreaterThan(space, 0), then=Left(code, space - 1)),
        When(GreaterThan(Length(code), 4), then=Left(code, Length(code) - 3)),
        default=code,
        output_field=CharField(),
    )


def language_name(code_or_name: str) -> str:
    """'pl' -> 'Polish', 'en-gb' -> 'English', 'Polish' -> 'Polish': one name per language to compare."""
    value = (code_or_name or "").strip()
    if not value:
        return ""
    base = value.lower().split("-")[0].split("_")[0]
    if len(base) <= 3 and base.isalpha():
        try:
            return get_language_info(base)["name"]
        except KeyError:
            return value
    return value[:1].upper() + value[1:]


def language_label(name: str) -> str:
    """A language_name() in the reader's language ("Polish" -> "polski", "بولندية"); other words as written."""
    from django.conf.locale import LANG_INFO

    for code, info in LANG_INFO.items():
        if info.get("name") == name:
            return str(get_language_info(code)["name_translated"])
    return name


def ratio(part, whole) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


PERCENT = FloatField()


def duration_stats(parts, fractions=(0.5, 0.9)) -> dict:
    """{kind: {"count", "answered", 0.5: seconds, 0.9: seconds}} over several querysets in ONE query.

    Each part must select exactly ("_kind", "_d"): a constant label and a duration (NULL when not answered).
    A negative duration (an answer timed before the question, e.g. back-dated records) counts as 0.
    PostgreSQL groups the UNION ALL of the parts and computes percentile_cont per kind; elsewhere the rows
    are fetched and interpolated the same way.
    """
    if not parts:
        return {}
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    result = {}
    if connection.vendor == "postgresql":
        sql, params = combined.query.get_compiler(using=combined.db).as_sql()
        pct = ", ".join(
            f"percentile_cont({float(f)!r}) WITHIN GROUP (ORDER BY GREATEST(EXTRACT(EPOCH FROM t.d), 0))"
            " FILTER (WHERE t.d IS NOT NULL)" for f in fractions
        )
        outer = f"SELECT t.k, COUNT(*), COUNT(t.d), {pct} FROM ({sql}) AS t(k, d) GROUP BY t.k"
        with connection.cursor() as cursor:
            cursor.execute(outer, params)
            for kind, count, answered, *values in cursor.fetchall():
                row = {"count": count, "answered": answered}
                row.update({f: (float(v) if v is not None else None) for f, v in zip(fractions, values, strict=True)})
                result[kind] = row
        return result
    grouped: dict = {}
    for row in combined:
        grouped.setdefault(row["_kind"], []).append(row["_d"])
    for kind, values in grouped.items():
        answered = sorted(max(v.total_seconds() if isinstance(v, timedelta) else float(v), 0.0)
                          for v in values if v is not None)
        row = {"count": len(values), "answered": len(answered)}
        row.update({f: _interpolate(answered, f) for f in fractions})
        result[kind] = row
    return result


def hours(seconds) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)
