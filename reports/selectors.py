"""Reads for the reports: build the report context from a request's filter, and compute the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import charts, periods
from .context import ReportContext
from .sections import SECTIONS, Result, Section, TrendFigure


@dataclass
class SectionReport:
    section: Section
    result: Result


@dataclass
class Dashboard:
    ctx: ReportContext
    sections: list[SectionReport]
    trend: list[TrendFigure]
    trend_chart: charts.BarChart | None


def report_context(*, membership, filters: dict, viewer, today=None) -> ReportContext:
    today = today or membership.setting.today()
    period = periods.resolve(filters.get("period") or "term", today, filters.get("start"), filters.get("end"))
    return ReportContext(
        viewer=viewer, membership=membership, period=period, comparison=periods.comparison_for(period),
        room=filters.get("room"), key_person=filters.get("key_person"), today=today,
    )


def visible_sections(ctx, only: str | None = None):
    return [s for s in SECTIONS if s.visible(ctx) and (only is None or s.key == only)]


def trend_for(ctx) -> tuple[list[TrendFigure], charts.BarChart | None]:
    figures = []
    for section in visible_sections(ctx):
        figures += section.trend(ctx, ctx.period, ctx.comparison)
    percent = [f for f in figures if f.unit == "%"]
    chart = None
    if percent:
        chart = charts.BarChart(
            "trend_chart", _("Headline figures: %(now)s against %(before)s") % {
                "now": ctx.period.label, "before": ctx.comparison.label},
            _("Each headline percentage for this period and the one before."),
            [str(f.label) for f in percent],
            [(ctx.period.label, [f.current for f in percent]), (ctx.comparison.label, [f.previous for f in percent])],
            unit="%", max_value=100, table_key="trend",
        )
    return figures, chart


def dashboard_for(ctx: ReportContext, only: str | None = None, with_trend=True) -> Dashboard:
    reports = [SectionReport(section, section.compute(ctx)) for section in visible_sections(ctx, only)]
    trend, chart = trend_for(ctx) if with_trend else ([], None)
    return Dashboard(ctx=ctx, sections=reports, trend=trend, trend_chart=chart)


HEADLINES = 8


def headlines(ctx, figures):
    """The overview's headline figures (at most eight), each with a small chart of this period against the last."""
    from django.utils.translation import gettext as _

    chosen = figures[:HEADLINES]
    return [(f, charts.BarChart(
        f"headline_{f.key}", str(f.label),
        _("%(figure)s: %(now)s against %(before)s.") % {
            "figure": f.label, "now": ctx.period.label, "before": ctx.comparison.label},
        [str(f.label)], [(ctx.period.label, [f.current]), (ctx.comparison.label, [f.previous])],
        unit=f.unit if f.unit == "%" else "", max_value=100 if f.unit == "%" else None, table_key="trend",
        compact=True,
    )) for f in chosen]
