"""Attendance: the days each room's children came in, and the days families said they would be off, and why."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Figure, Result, Section, Table


class AttendanceSection(Section):
    key = "attendance"
    title = gettext_lazy("Attendance")
    description = gettext_lazy(
        "Days children were checked in, and days their family reported them off (ill, holiday, other), per room."
    )

    def compute(self, ctx) -> Result:
        from diaries.models import Absence, Attendance

        ids = ctx.scope_children().values("pk")
        in_period = {"day__gte": ctx.period.start, "day__lte": ctx.period.end, "child__in": ids}
        came = dict(Attendance.objects.filter(**in_period).values_list("child__room__name")
                    .annotate(n=Count("pk")).order_by())
        off = {row["child__room__name"]: row for row in Absence.objects.filter(**in_period)
               .values("child__room__name").order_by()
               .annotate(ill=Count("pk", filter=Q(reason=Absence.Reason.ILL)),
                         holiday=Count("pk", filter=Q(reason=Absence.Reason.HOLIDAY)),
                         other=Count("pk", filter=Q(reason=Absence.Reason.OTHER)))}
        rooms = sorted(set(came) | set(off), key=lambda name: (name is None, name or ""))
        rows = []
        for room in rooms:
            o = off.get(room, {})
            rows.append([room or _("No room"), came.get(room, 0), o.get("ill", 0), o.get("holiday", 0),
                         o.get("other", 0)])
        table = Table("rooms", _("Attendance and absence by room"),
                      [_("Room"), _("Days attended"), _("Off ill"), _("Off on holiday"), _("Off, other reason")],
                      rows, empty=_("No attendance or absence recorded in this period."))
        absences = sum(r[2] + r[3] + r[4] for r in rows)
        # Erased children's days still count: erasure anonymises these rows, it does not delete them.
        figures = [
            Figure("attended", _("days attended"), sum(r[1] for r in rows)),
            Figure("absent", _("days reported off"), absences),
            Figure("ill", _("days off ill"), sum(r[2] for r in rows)),
        ]
        return Result(figures=figures, tables=[table])
