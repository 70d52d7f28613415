"""Two-way contact: for each family the last real exchange, and the families we are overlooking.

Two-way contact is a conversation with a carer, a family's morning handover that staff acknowledged,
a diary comment exchange (a family comment and a staff comment on the same entry), a home observation
staff acknowledged, a concern meeting, a family concern acknowledged, or a family's answer to a
take-home activity. A family is overlooked when it has had none in the last N days (REPORTS_OVERLOOKED_DAYS,
14 by default) counted back from the end of the period (or today, while the period runs).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.params import is_id

from .. import charts
from ..aggregates import ratio
from ..context import overlooked_days
from ..facts import contact_summary, facts_for, families_for
from ..numbers import day_text
from .base import Cell, Drill, Figure, Result, Section, Table, TrendFigure

BUCKETS = ((0, 6), (7, 13), (14, 27), (28, 55), (56, None))


def days_since(last, ctx):
    if last is None:
        return None
    return (ctx.as_of - last.astimezone(ctx.setting.tz).date()).days


def is_overlooked(last, as_of, tz, limit):
    return last is None or (as_of - last.astimezone(tz).date()).days >= limit


def overlooked_rows(ctx):
    facts, limit = facts_for(ctx), overlooked_days()
    rows = []
    for family in families_for(ctx):
        if not family.in_period:
            continue
        last = facts.of(family.pk).contact_last
        if is_overlooked(last, ctx.as_of, ctx.setting.tz, limit):
            rows.append((family, last, days_since(last, ctx)))
    rows.sort(key=lambda r: (r[2] is not None, -(r[2] or 0), r[0].name))
    return rows


def _detail(last, days):
    if last is None:
        return _("no two-way contact recorded")
    return _("last two-way contact %(date)s (%(days)s days ago)") % {"date": day_text(last), "days": days}


def _overlooked(ctx, value):
    rows = overlooked_rows(ctx)
    return ctx.children().filter(pk__in=[f.pk for f, _l, _d in rows]), {f.pk: _detail(last, d) for f, last, d in rows}


def _no_contact_in_period(ctx, value):
    facts = facts_for(ctx)
    ids = [f.pk for f in families_for(ctx) if f.in_period and not facts.of(f.pk).contact_in(facts.windows.start)]
    return ctx.children().filter(pk__in=ids)


def _bucket(ctx, value):
    facts, ids = facts_for(ctx), []
    low, _sep, high = value.partition("-")
    for family in families_for(ctx):
        if not family.in_period:
            continue
        days = days_since(facts.of(family.pk).contact_last, ctx)
        if value == "never":
            hit = days is None
        elif is_id(low) and days is not None:
            hit = days >= int(low) and (not is_id(high) or days <= int(high))
        else:
            hit = False
        if hit:
            ids.append(family.pk)
    return ctx.children().filter(pk__in=ids)


class Contact(Section):
    key = "contact"
    title = gettext_lazy("Two-way contact")
    description = gettext_lazy(
        "A conversation, an acknowledged handover or home observation, a diary comment exchange, a concern "
        "meeting or an answered take-home activity. Families with none in the last %(days)s days are overlooked."
    )
    drilldowns = {
        "overlooked": (gettext_lazy("Overlooked families"), _overlooked),
        "no_contact": (gettext_lazy("Families with no two-way contact in the period"), _no_contact_in_period),
        "days": (gettext_lazy("Families by days since the last two-way contact"), _bucket),
    }

    def describe(self):
        return self.description % {"days": overlooked_days()}

    def compute(self, ctx) -> Result:
        facts, limit = facts_for(ctx), overlooked_days()
        families = [f for f in families_for(ctx) if f.in_period]
        overlooked = overlooked_rows(ctx)
        with_contact = sum(1 for f in families if facts.of(f.pk).contact_in(facts.windows.start))
        counts = {b: 0 for b in BUCKETS}
        never = 0
        all_rows = []
        for family in families:
            last = facts.of(family.pk).contact_last
            days = days_since(last, ctx)
            if days is None:
                never += 1
            else:
                for low, high in BUCKETS:
                    if days >= low and (high is None or days <= high):
                        counts[(low, high)] += 1
            all_rows.append([family.name, family.room, family.key_person,
                             last.astimezone(ctx.setting.tz).date().isoformat() if last else "",
                             Cell(days, warn=days is None or days >= limit)])
        all_rows.sort(key=lambda r: (r[4].value is not None, -(r[4].value or 0)))
        labels = [(f"{low}-{high}" if high is not None else f"{low}-", _("%(low)s–%(high)s days") % {
            "low": low, "high": high} if high is not None else _("%(low)s days or more") % {"low": low})
            for low, high in BUCKETS]
        bucket_table = Table(
            "days_since", _("Families by days since the last two-way contact"),
            [_("Days since"), _("Families")],
            [[label, Cell(counts[b], Drill("days", code))] for (code, label), b in zip(labels, BUCKETS, strict=True)]
            + [[_("Never"), Cell(never, Drill("days", "never"), warn=never > 0)]],
        )
        overlooked_table = Table(
            "overlooked", _("Overlooked families: no two-way contact in the last %(days)s days") % {"days": limit},
            [_("Child"), _("Room"), _("Key person"), _("Last two-way contact"), _("Days since")],
            [[Cell(f.name, url=reverse("families:child_detail", args=[f.pk])), f.room, f.key_person or _("none"),
              last.astimezone(ctx.setting.tz).date().isoformat() if last else _("never"), days]
             for f, last, days in overlooked],
            empty=_("No family is overlooked. Well done."), numeric_from=4,
        )
        every_family = Table(
            "families", _("Last two-way contact per family"),
            [_("Child"), _("Room"), _("Key person"), _("Last two-way contact"), _("Days since")],
            all_rows, numeric_from=4, empty=_("No children in this scope and period."), detail=True,
        )
        chart = charts.BarChart(
            "days_since_chart", _("Families by days since the last two-way contact"),
            _("How recently each family had a real exchange with the setting."),
            [r[0] for r in bucket_table.rows], [(_("Families"), [r[1].value for r in bucket_table.rows])],
            table_key="days_since",
        )
        figures = [
            Figure("overlooked", _("overlooked families"), len(overlooked), Drill("overlooked"),
                   warn=bool(overlooked), hint=_("no two-way contact in %(days)s days") % {"days": limit}),
            Figure("with_contact", _("% of families with two-way contact in the period"),
                   ratio(with_contact, len(families))),
            Figure("no_contact", _("families with no two-way contact in the period"), len(families) - with_contact,
                   Drill("no_contact"), warn=len(families) > with_contact),
        ]
        return Result(figures=figures, tables=[overlooked_table, bucket_table, every_family], charts=[chart])

    def trend(self, ctx, current, previous):
        summary = contact_summary(ctx)  # counted in the database: the overview computes no per-family facts
        (now, before), (contact_now, contact_before) = summary.families, summary.with_contact
        return [
            TrendFigure("with_contact", _("Families with two-way contact"), ratio(contact_now, now),
                        ratio(contact_before, before), unit="%"),
            TrendFigure("overlooked", _("Overlooked families at the end"), *summary.overlooked,
                        higher_is_better=False),
        ]
