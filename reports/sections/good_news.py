"""Good news against concerns, per child: a family that only ever hears of problems shows up here."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import charts
from ..facts import facts_for, families_for
from .base import Cell, Drill, Figure, Result, Section, Table


def good_news(facts, child_id):
    f = facts.of(child_id)
    return f.good.get("sf:diary_entry", 0) + f.good.get("sf:conversation", 0) + f.good.get("fs:conversation", 0)


def _only_concerns(ctx, value):
    facts = facts_for(ctx)
    ids = [f.pk for f in families_for(ctx)
           if f.in_period and facts.of(f.pk).n("concern") and not good_news(facts, f.pk)]
    return ctx.children().filter(pk__in=ids)


def _no_good_news(ctx, value):
    facts = facts_for(ctx)
    return ctx.children().filter(pk__in=[f.pk for f in families_for(ctx) if f.in_period and not good_news(facts, f.pk)])


class GoodNews(Section):
    key = "good_news"
    title = gettext_lazy("Good news")
    description = gettext_lazy(
        "Diary entries and conversations marked as good news, against concerns staff raised, per child."
    )
    drilldowns = {
        "only_concerns": (gettext_lazy("Children with concerns and no good news"), _only_concerns),
        "no_good_news": (gettext_lazy("Children with no good news shared"), _no_good_news),
    }

    def compute(self, ctx) -> Result:
        facts = facts_for(ctx)
        rows = []
        for f in families_for(ctx):
            if not f.in_period:
                continue
            good, concerns = good_news(facts, f.pk), facts.of(f.pk).n("concern")
            rows.append([f.name, f.room, f.key_person, Cell(good, warn=not good), concerns,
                         Cell(_("concerns only") if concerns and not good else "", warn=bool(concerns and not good))])
        rows.sort(key=lambda r: (-(r[4] - r[3].value), r[3].value, r[0]))
        only = sum(1 for r in rows if r[4] and not r[3].value)
        none = sum(1 for r in rows if not r[3].value)
        table = Table("children", _("Good news and concerns per child"),
                      [_("Child"), _("Room"), _("Key person"), _("Good news"), _("Concerns"), _("Note")], rows,
                      numeric_from=3, empty=_("No children in this scope and period."), detail=True)
        top = rows[:12]
        chart = charts.BarChart(
            "children_chart", _("Good news and concerns, children with the fewest good news first"),
            _("The first twelve children of the table."), [r[0] for r in top],
            [(_("Good news"), [r[3].value for r in top]), (_("Concerns"), [r[4] for r in top])], table_key="children",
        )
        figures = [
            Figure("good_news", _("good-news items"), sum(r[3].value for r in rows)),
            Figure("concerns", _("concerns raised"), sum(r[4] for r in rows)),
            Figure("only_concerns", _("children with concerns and no good news"), only, Drill("only_concerns"),
                   warn=only > 0),
            Figure("no_good_news", _("children with no good news"), none, Drill("no_good_news"), warn=none > 0),
        ]
        return Result(figures=figures, tables=[table], charts=[chart])
