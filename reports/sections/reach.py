"""Reach: families and their engagement per postcode district, and the languages of home against the
languages carers asked us to write in. A table and a plain bar chart: no map tiles leave the building.
"""

from __future__ import annotations

from django.db.models import CharField, Count, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import Carer

from .. import charts
from ..aggregates import language_label, language_name, postcode_district, ratio
from .base import Cell, Drill, Result, Section, Table
from .engagement import engaged_filter, engagement_label

UNKNOWN = "?"


def _district(ctx, value):
    children = ctx.children()
    if value == UNKNOWN:
        return children.filter(households__isnull=True)
    return children.annotate(_district=postcode_district("households__postcode")).filter(
        _district=value.upper()).distinct()


def _district_engaged(engaged):
    def children(ctx, value):
        q = engaged_filter(ctx)
        return _district(ctx, value).filter(q if engaged else ~q)
    return children


def _language(ctx, value):
    if not value:
        return ctx.children().none()
    return ctx.children().filter(home_languages__icontains=value)


class Reach(Section):
    key = "reach"
    title = gettext_lazy("Reach")
    description = gettext_lazy(
        "Where families live (postcode district) and which languages are spoken at home. A child with two "
        "homes in two districts counts in both."
    )
    drilldowns = {
        "district": (gettext_lazy("Children living in this postcode district"), _district),
        "district_engaged": (gettext_lazy("Engaged families in this postcode district"), _district_engaged(True)),
        "district_not_engaged": (gettext_lazy("Families not engaged in this postcode district"),
                                 _district_engaged(False)),
        "language": (gettext_lazy("Children who speak this language at home"), _language),
    }

    def compute(self, ctx) -> Result:
        engaged = engaged_filter(ctx)
        districts = list(
            ctx.children().annotate(_district=postcode_district("households__postcode"))
            .values("_district")
            .annotate(families=Count("pk", distinct=True),
                      engaged=Count("pk", distinct=True, filter=engaged))
            .order_by("_district")
        )
        rows, names = [], []
        for r in districts:
            code = r["_district"] or UNKNOWN
            name = r["_district"] or _("No address")
            names.append(name)
            rows.append([
                name, Cell(r["families"], Drill("district", code)), Cell(r["engaged"], Drill("district_engaged", code)),
                ratio(r["engaged"], r["families"]),
                Cell(r["families"] - r["engaged"], Drill("district_not_engaged", code),
                     warn=r["families"] > r["engaged"]),
            ])
        table = Table(
            "districts", _("Families by postcode district"),
            [_("Postcode district"), _("Families"), engagement_label(), _("% engaged"), _("Not engaged")],
            rows, empty=_("No addresses recorded."),
        )
        chart = charts.BarChart(
            "districts_chart", _("Families and engaged families by postcode district"),
            _("Districts with many families but few engaged are the gaps to look at."),
            names, [(_("Families"), [r[1].value for r in rows]), (engagement_label(), [r[2].value for r in rows])],
            table_key="districts",
        )

        # One round trip: the children's language lists and the carers' preferred languages, grouped.
        homes = ctx.children().annotate(_who=Value("children", output_field=CharField())).values(
            "_who", "home_languages").annotate(n=Count("pk")).order_by()
        carers = (
            Carer.objects.filter(links__child__in=ctx.children().values("pk"), links__is_restricted=False)
            .annotate(_who=Value("carers", output_field=CharField()))
            .values("_who", "preferred_language").annotate(n=Count("pk", distinct=True))
            .order_by()  # SQLite refuses ORDER BY inside a UNION's parts (the models have default orderings)
        )
        languages: dict[str, dict] = {}
        for row in homes.union(carers, all=True):
            who, value, n = row["_who"], row["home_languages"], row["n"]
            for lang in (value or "").split(",") if who == "children" else [value]:
                name = language_name(lang)
                if name:
                    languages.setdefault(name, {"children": 0, "carers": 0})[who] += n
        order = sorted(languages, key=lambda n: (-languages[n]["children"], n))
        language_table = Table(
            "languages", _("Home languages of the children and preferred languages of their carers"),
            [_("Language"), _("Children who speak it at home"), _("Carers who prefer it"), _("Gap")],
            [[language_label(name), Cell(languages[name]["children"], Drill("language", name)), languages[name]["carers"],
              Cell(_("no carer is written to in it") if languages[name]["children"] and not languages[name]["carers"]
                   else "", warn=bool(languages[name]["children"] and not languages[name]["carers"]))]
             for name in order],
            empty=_("No languages recorded."),
        )
        language_chart = charts.BarChart(
            "languages_chart", _("Home languages and carers' preferred languages"),
            _("Children speaking each language at home, against carers who asked to be written to in it."),
            [language_label(n) for n in order], [(_("Children (home)"), [languages[n]["children"] for n in order]),
                    (_("Carers (preferred)"), [languages[n]["carers"] for n in order])],
            table_key="languages",
        )
        return Result(tables=[table, language_table], charts=[chart, language_chart])
