"""Parent voice: home observations and family-written morning handovers per family, and families with none."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import charts
from ..aggregates import ratio
from ..facts import contact_summary, facts_for, families_for, in_room, room_value
from .base import Cell, Drill, Figure, Result, Section, Table, TrendFigure

VOICE = ("fs:home_observation", "fs:handover")


def _voice(facts, family, counts="counts"):
    return sum(getattr(facts.of(family.pk), counts).get(k, 0) for k in VOICE)


def _families(ctx, value):
    return ctx.children().filter(pk__in=[f.pk for f in families_for(ctx) if f.in_period and in_room(f, value)])


def _with_voice(ctx, value):
    facts = facts_for(ctx)
    return ctx.children().filter(pk__in=[f.pk for f in families_for(ctx)
                                         if f.in_period and in_room(f, value) and _voice(facts, f)])


def _silent(ctx, value):
    facts = facts_for(ctx)
    return ctx.children().filter(pk__in=[f.pk for f in families_for(ctx)
                                         if f.in_period and in_room(f, value) and not _voice(facts, f)])


class ParentVoice(Section):
    key = "parent_voice"
    title = gettext_lazy("Parent voice")
    description = gettext_lazy("Home observations and morning handovers the family wrote themselves, in the period.")
    drilldowns = {
        "none": (gettext_lazy("Families with no parent voice in the period"), _silent),
        "families": (gettext_lazy("Families on roll in the period"), _families),
        "with_voice": (gettext_lazy("Families with parent voice in the period"), _with_voice),
    }

    def compute(self, ctx) -> Result:
        facts = facts_for(ctx)
        families = [f for f in families_for(ctx) if f.in_period]
        rows, rooms = [], {}
        for f in families:
            obs, handovers = facts.of(f.pk).n("fs:home_observation"), facts.of(f.pk).n("fs:handover")
            rows.append([f.name, f.room, f.key_person, obs, handovers, Cell(obs + handovers, warn=not obs + handovers)])
            room = rooms.setdefault(f.room or _("No room"), [0, 0, room_value(f)])
            room[0] += 1
            room[1] += 1 if obs + handovers else 0
        rows.sort(key=lambda r: (r[5].value, r[0]))
        silent = sum(1 for r in rows if not r[5].value)
        names = sorted(rooms)
        table = Table("families", _("Parent voice per family"),
                      [_("Child"), _("Room"), _("Key person"), _("Home observations"), _("Family handovers"),
                       _("Total")], rows, numeric_from=3, empty=_("No children in this scope and period."), detail=True)
        room_table = Table("rooms", _("Families with parent voice, by room"),
                           [_("Room"), _("Families"), _("With parent voice"), _("%"), _("Without")],
                           [[n, Cell(rooms[n][0], Drill("families", rooms[n][2])),
                             Cell(rooms[n][1], Drill("with_voice", rooms[n][2])), ratio(rooms[n][1], rooms[n][0]),
                             Cell(rooms[n][0] - rooms[n][1], Drill("none", rooms[n][2]),
                                  warn=rooms[n][0] > rooms[n][1])] for n in names])
        chart = charts.BarChart("voice_by_room_chart", _("Families with parent voice, by room (%)"),
                                _("Share of families who wrote at least one home observation or handover."),
                                names, [(_("% with parent voice"), [ratio(rooms[n][1], rooms[n][0]) for n in names])],
                                unit="%", max_value=100, table_key="rooms")
        figures = [
            Figure("with_voice", _("% of families with parent voice"), ratio(len(families) - silent, len(families))),
            Figure("none", _("families with no parent voice"), silent, Drill("none"), warn=silent > 0),
            Figure("observations", _("home observations"), sum(r[3] for r in rows)),
        ]
        return Result(figures=figures, tables=[room_table, table], charts=[chart])

    def trend(self, ctx, current, previous):
        summary = contact_summary(ctx)
        (now, before), (voice_now, voice_before) = summary.families, summary.with_voice
        return [TrendFigure("parent_voice", _("Families with parent voice"), ratio(voice_now, now),
                            ratio(voice_before, before), unit="%")]
