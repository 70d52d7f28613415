"""Partnership reports: the dashboard, a room's dashboard, drill-downs, CSV exports and the print view.

Every view starts from the viewer's staff membership (families and strangers: 404) and a validated
filter; sections only ever see children inside ReportContext.scope_children().
"""

from __future__ import annotations

import csv
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from families import access
from families.csvcells import safe_cell
from families.selectors import key_person_of, key_person_prefetch
from families.validators import has_control_characters

from . import needs, selectors
from .forms import ReportFilterForm
from .sections import by_key


def _membership(request):
    return access.staff_membership_or_404(request.user)


def _filter(request, membership, room=None):
    rooms = access.rooms_visible_to(request.user).filter(setting_id=membership.setting_id)
    data = request.GET.copy()
    if room is not None:
        data["room"] = str(room.pk)
    form = ReportFilterForm(data, membership=membership, rooms=rooms)
    return form


def _query(form) -> str:
    data = form.cleaned_data
    params = {"period": data.get("period") or "term"}
    if params["period"] == "custom":
        params["start"] = data["start"].isoformat()
        params["end"] = data["end"].isoformat()
    if data.get("room"):
        params["room"] = data["room"].pk
    if data.get("key_person"):
        params["key_person"] = data["key_person"].pk
    return urlencode(params)


def _link_drills(dashboard, query):
    """Turn each Drill on a figure or cell into a URL that keeps the current scope and period."""
    for report in dashboard.sections:
        key = report.section.key

        def url(drill, key=key):
            params = query + ("&" + urlencode({"value": drill.value}) if drill.value else "")
            return reverse("reports:drilldown", args=[key, drill.metric]) + "?" + params

        for figure in report.result.figures:
            if figure.drill:
                figure.url = url(figure.drill)
        for table in report.result.tables:
            table.rows = table.cells()
            for row in table.rows:
                for cell in row:
                    if cell.drill:
                        cell.url = url(cell.drill)


def _cache_key(membership, ctx, query):
    """Per staff membership (never shared between viewers), scope, period, "as of" day and language."""
    raw = f"{membership.pk}:{membership.is_dsl}:{membership.role}:{query}:{ctx.period.start}:{ctx.period.end}:" \
          f"{ctx.as_of}:{get_language()}"
    return "reports:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def _render_dashboard(request, form, template="reports/dashboard.html", room=None):
    membership = _membership(request)
    context = {"form": form, "membership": membership, "fixed_room": room}
    if not form.is_valid():
        return render(request, template, context, status=400)
    ctx = selectors.report_context(membership=membership, filters=form.cleaned_data, viewer=request.user)
    query = _query(form)
    context.update(ctx=ctx, query=query)
    if template != "reports/dashboard.html":  # the print view is always computed afresh
        dashboard = selectors.dashboard_for(ctx)
        _link_drills(dashboard, query)
        context["dashboard"] = dashboard
        return render(request, template, context)
    # The figures are kept for REPORTS_CACHE_SECONDS (a manager moving between the dashboard and its
    # drill-downs does not recompute them each time); 0 turns it off. The page says how fresh they are.
    seconds = getattr(settings, "REPORTS_CACHE_SECONDS", 0)
    key = _cache_key(membership, ctx, query)
    cached = cache.get(key) if seconds else None
    if cached is None:
        # The overview: headline figures and who needs us this week. Each section has its own page.
        figures, _chart = selectors.trend_for(ctx)
        computed_at = timezone.now()
        body = render_to_string("reports/_overview_body.html", {
            **context, "headlines": selectors.headlines(ctx, figures), "figures": figures,
            "needs": needs.for_overview(ctx, query), "sections": selectors.visible_sections(ctx),
        }, request)
        cached = (body, computed_at)
        if seconds:
            cache.set(key, cached, seconds)
    context.update(body_html=mark_safe(cached[0]), computed_at=timezone.localtime(cached[1], ctx.setting.tz))  # noqa: S308 - our own rendered template
    return render(request, template, context)


def dashboard(request):
    membership = _membership(request)
    return _render_dashboard(request, _filter(request, membership))


def room_dashboard(request, room_id):
    membership = _membership(request)
    room = access.rooms_visible_to(request.user).filter(pk=room_id, setting_id=membership.setting_id).first()
    if room is None:
        return render(request, "reports/not_found.html", {
            "message": _("There is no room with that number among the rooms you can report on. "
                         "It may belong to another setting, or you may not work in it."),
        }, status=404)
    return _render_dashboard(request, _filter(request, membership, room), room=room)


@require_GET
def section_page(request, section):
    """One section of the report on its own page: its figures, charts, tables, drill-downs and CSV."""
    membership = _membership(request)
    form = _filter(request, membership)
    found = by_key(section)
    context = {"form": form, "membership": membership, "fixed_room": None, "section": found,
               "form_action": request.path}
    if found is None:
        return render(request, "reports/not_found.html", {
            "message": _("There is no report section with that name. Choose one from the overview."),
        }, status=404)
    if not form.is_valid():
        return render(request, "reports/section.html", context, status=400)
    ctx = selectors.report_context(membership=membership, filters=form.cleaned_data, viewer=request.user)
    if not found.visible(ctx):
        return render(request, "reports/not_found.html", {
            "message": _("There is no report section with that name. Choose one from the overview."),
        }, status=404)
    query = _query(form)
    dashboard = selectors.dashboard_for(ctx, only=section, with_trend=False)
    _link_drills(dashboard, query)
    context.update(ctx=ctx, query=query, report=dashboard.sections[0], sections=selectors.visible_sections(ctx))
    return render(request, "reports/section.html", context)


def print_report(request):
    membership = _membership(request)
    return _render_dashboard(request, _filter(request, membership), template="reports/print.html")


@require_GET
def term_report_pdf(request):
    """The print view's content as a real PDF, made on the server."""
    from .pdf import term_report_pdf as make_pdf

    membership = _membership(request)
    form = _filter(request, membership)
    if not form.is_valid():
        return render(request, "reports/print.html", {"form": form, "membership": membership}, status=400)
    ctx = selectors.report_context(membership=membership, filters=form.cleaned_data, viewer=request.user)
    dashboard = selectors.dashboard_for(ctx)
    pdf = make_pdf(request, {"ctx": ctx, "dashboard": dashboard, "query": _query(form), "membership": membership})
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"{ctx.setting.name} {ctx.period.label}") or "term-report"
    response["Content-Disposition"] = f'attachment; filename="triangle-{name}.pdf"'
    return response


def _valid_context(request):
    membership = _membership(request)
    form = _filter(request, membership)
    if not form.is_valid():
        return form, None
    return form, selectors.report_context(membership=membership, filters=form.cleaned_data, viewer=request.user)


def drilldown(request, section, metric):
    found = by_key(section)
    form, ctx = _valid_context(request)
    if found is None or metric not in found.drilldowns:
        raise Http404("No such report figure")
    if ctx is None:
        return render(request, "reports/drilldown.html", {"form": form, "bad_filter": True}, status=400)
    if not found.visible(ctx):
        raise Http404("No such report figure")
    label, children_of = found.drilldowns[metric]
    value = request.GET.get("value", "")[:100]
    if has_control_characters(value):  # no figure's value holds one; PostgreSQL refuses a NUL outright
        raise Http404("No such report figure")
    found_children = children_of(ctx, value)
    # A drill-down may say something about each child (e.g. the last contact): (queryset, {child id: text}).
    queryset, details = found_children if isinstance(found_children, tuple) else (found_children, None)
    children = list(
        queryset.select_related("room").prefetch_related(key_person_prefetch())
        .order_by("legal_first_name", "legal_last_name", "pk")[:500]
    )
    for child in children:
        child.key_person = key_person_of(child)
        child.report_detail = details.get(child.pk, "") if details is not None else None
    if request.GET.get("format") == "csv":
        rows = [[c.display_name, c.room.name if c.room else "", str(c.key_person.user) if c.key_person else "",
                 c.start_date.isoformat(), c.leave_date.isoformat() if c.leave_date else ""]
                + ([str(c.report_detail)] if details is not None else []) for c in children]
        header = [_("Child"), _("Room"), _("Key person"), _("Started"), _("Left")]
        return _csv(f"{section}-{metric}", header + ([_("Detail")] if details is not None else []), rows)
    query = _query(form)
    return render(request, "reports/drilldown.html", {
        "label": label, "value": found.value_label(ctx, metric, value), "children": children, "has_detail": details is not None, "ctx": ctx, "section": found, "query": query,
        "csv_url": request.path + "?" + request.GET.urlencode() + "&format=csv",
        "back_url": reverse("reports:section", args=[found.key]) + "?" + query,
    })


def table_page(request, section, table):
    """One of a section's tables on its own page: the per-family tables are too long for the dashboard."""
    form, ctx = _valid_context(request)
    if ctx is None:
        return render(request, "reports/drilldown.html", {"form": form, "bad_filter": True}, status=400)
    found = by_key(section)
    if found is None or not found.visible(ctx):
        raise Http404("No such table")
    dashboard = selectors.dashboard_for(ctx, only=section, with_trend=False)
    query = _query(form)
    _link_drills(dashboard, query)
    chosen = dashboard.sections[0].result.table(table)
    if chosen is None:
        raise Http404("No such table")
    return render(request, "reports/table.html", {
        "table": chosen, "section": found, "ctx": ctx, "query": query,
        "back_url": reverse("reports:section", args=[found.key]) + "?" + query,
    })


def export_table(request, section, table):
    form, ctx = _valid_context(request)
    if ctx is None:
        return render(request, "reports/drilldown.html", {"form": form, "bad_filter": True}, status=400)
    if section == "trend":
        figures, _chart = selectors.trend_for(ctx)
        if table != "trend":
            raise Http404("No such table")
        rows = [[str(f.label), f.current, f.previous, f.change] for f in figures]
        return _csv("trend", [_("Figure"), ctx.period.label, ctx.comparison.label, pgettext("report column: difference between periods", "Change")], rows)
    found = by_key(section)
    if found is None or not found.visible(ctx):
        raise Http404("No such table")
    result = found.compute(ctx)
    chosen = result.table(table)
    if chosen is None:
        raise Http404("No such table")
    return _csv(f"{section}-{table}", [str(c) for c in chosen.columns], chosen.plain_rows())


_safe = safe_cell  # families/csvcells.py: one rule for every CSV (formula injection)


def _csv(name, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="triangle-{slugify(name)}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([_safe(str(h)) for h in header])
    for row in rows:
        writer.writerow([_safe(v if not hasattr(v, "value") else v.value) for v in row])
    return response
