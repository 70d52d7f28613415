"""Per-family facts from the diary and partnership records, in ONE database round trip.

Each source is a grouped queryset giving, per child, the same columns:
    child, kind, n, m, g, d, last_at, prev_last_at
and all of them are glued together with UNION ALL. The sections (two-way contact, reciprocity, parent
voice, good news, requests, diary) read their numbers from the result, so adding a fact never adds a
query. For the items kinds (sf:* staff -> family, fs:* family -> staff, concern):
n = in the period, m = in the comparison period, g = of those in the period, good news.
Two-way sources also fill last_at / prev_last_at: the latest two-way contact by the end of the period
(or today) and by the end of the comparison period. Other kinds:

- sf:diary_entry  n and g only for the period (no m); d = days in the period with entries the family may see.
- diary_read      n = of those days, the days a family carer opened the diary.
- concern_open    n = concerns open at the period's end; m = of those, past their review date.
- action_overdue  n = agreed concern actions past their date and not done; m = of those, a carer's.
- req_open        n = requests not answered at the period's end; m = of those, past their date.
- req_consent     n = consent requests sent by the period's end; m = of those, answered.

A family here is one child's carers: counts are per child.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from families.params import is_id

try:  # the diary and partnership apps land in parallel; until both are there, these sections stay off
    from diaries.models import (
        ActivityResponse,
        DiaryEntry,
        EntryComment,
        Handover,
        HomeObservation,
        ReadReceipt,
        TakeHomeActivity,
    )
    from partnerships.models import (
        Concern,
        ConcernAction,
        Conversation,
        FamilyConcern,
        RequestAnswer,
        RequestRecipient,
    )
    AVAILABLE = True
except ImportError:  # pragma: no cover - only before the merge
    AVAILABLE = False


def day_start(day, tz):
    return timezone.make_aware(datetime.combine(day, time.min), tz)


def day_end(day, tz):
    return timezone.make_aware(datetime.combine(day, time.max), tz)


@dataclass
class Windows:
    """The period, the comparison period and the as-of moment, as aware datetimes in the setting's zone."""

    start: datetime
    end: datetime
    prev_start: datetime
    prev_end: datetime
    as_of_end: datetime
    start_day: object
    end_day: object
    prev_start_day: object
    prev_end_day: object
    as_of_day: object

    @classmethod
    def of(cls, ctx):
        tz = ctx.setting.tz
        return cls(
            start=day_start(ctx.period.start, tz), end=day_end(ctx.period.end, tz),
            prev_start=day_start(ctx.comparison.start, tz), prev_end=day_end(ctx.comparison.end, tz),
            as_of_end=day_end(ctx.as_of, tz), start_day=ctx.period.start, end_day=ctx.period.end,
            prev_start_day=ctx.comparison.start, prev_end_day=ctx.comparison.end, as_of_day=ctx.as_of,
        )

    def in_period(self, ts, dates=False):
        if dates:
            return Q(**{f"{ts}__gte": self.start_day, f"{ts}__lte": self.end_day})
        return Q(**{f"{ts}__gte": self.start, f"{ts}__lte": self.end})

    def in_previous(self, ts, dates=False):
        if dates:
            return Q(**{f"{ts}__gte": self.prev_start_day, f"{ts}__lte": self.prev_end_day})
        return Q(**{f"{ts}__gte": self.prev_start, f"{ts}__lte": self.prev_end})


NULL_TS = Value(None, output_field=DateTimeField())
ZERO = Value(0, output_field=IntegerField())


def _part(queryset, child, kind, n=ZERO, m=ZERO, g=ZERO, d=ZERO, last_at=NULL_TS, prev_last_at=NULL_TS):
    """One UNION member, always with the same columns in the same order."""
    if not hasattr(kind, "resolve_expression"):
        kind = Value(kind, output_field=CharField())
    return (
        queryset.values(_child=F(child), _kind=kind)
        .annotate(_n=n, _m=m, _g=g, _d=d, _last=last_at, _prev_last=prev_last_at)
        .order_by()
    )


def _both(queryset, child, kind, items_ts, w: Windows, contact_ts=None, contact_q=None, good=None, dates=False):
    """Items counted by `items_ts` in the period (n) and comparison period (m), good news (g), and, when
    `contact_ts` is given, the latest two-way contact by the end of each period (one scan of the table).
    `dates`: `items_ts` is a DateField (the day a record is about), compared with the period's days."""
    contact_q = contact_q if contact_q is not None else Q()
    last = prev_last = NULL_TS
    if contact_ts:
        last = Max(contact_ts, filter=contact_q & Q(**{f"{contact_ts}__lte": w.as_of_end}))
        prev_last = Max(contact_ts, filter=contact_q & Q(**{f"{contact_ts}__lte": w.prev_end}))
    else:
        queryset = queryset.filter(w.in_previous(items_ts, dates) | w.in_period(items_ts, dates))
    return _part(
        queryset, child, kind,
        n=Count("pk", filter=w.in_period(items_ts, dates)), m=Count("pk", filter=w.in_previous(items_ts, dates)),
        g=Count("pk", filter=w.in_period(items_ts, dates) & Q(**{good: True})) if good else ZERO,
        last_at=last, prev_last_at=prev_last,
    )


def _contact(queryset, child, kind, ts, w: Windows):
    return _part(queryset.filter(**{f"{ts}__lte": w.as_of_end}), child, kind,
                 last_at=Max(ts), prev_last_at=Max(ts, filter=Q(**{f"{ts}__lte": w.prev_end})))


@dataclass
class TwoWay:
    """One kind of two-way contact: rows of `queryset` whose `ts` is set (and `when` holds) are an exchange.

    The one home for what counts as two-way contact: the per-family facts and the overview's summary both read
    this list. `kind`, `items_ts`, `dates` and `good` say how the same rows count as items (None: contact only).
    """

    queryset: object
    child: str
    ts: str
    when: Q = field(default_factory=Q)
    kind: object = None
    items_ts: str | None = None
    dates: bool = False
    good: str | None = None


def two_way_sources(ctx, w: Windows) -> list[TwoWay]:
    ids = ctx.scope_children().values("pk")
    comments = EntryComment.objects.on_family_visible_entries().filter(child__in=ids,
                                                                       created_at__lte=w.as_of_end)
    # A comment is part of an exchange when the other side wrote on the same entry (before a staff answer,
    # after a family comment).
    staff_after = EntryComment.objects.filter(entry=OuterRef("entry"), by_staff=True,
                                              created_at__gte=OuterRef("created_at"))
    family_before = EntryComment.objects.filter(entry=OuterRef("entry"), by_staff=False,
                                                created_at__lte=OuterRef("created_at"))
    comments = comments.annotate(_exchange=Case(
        When(by_staff=False, then=Exists(staff_after)), default=Exists(family_before), output_field=BooleanField()))
    side = Case(When(by_staff=True, then=Value("sf:comment")), default=Value("fs:comment"), output_field=CharField())
    conversation_side = Case(When(started_by_family=True, then=Value("fs:conversation")),
                             default=Value("sf:conversation"), output_field=CharField())
    return [
        # Conversations: items each way, good news, and two-way contact
        TwoWay(Conversation.objects.filter(child__in=ids, happened_at__lte=w.as_of_end), "child_id", "happened_at",
               kind=conversation_side, items_ts="happened_at", good="is_good_news"),
        # Diary comments: items each way; an exchange is two-way contact
        TwoWay(comments, "child_id", "created_at", Q(_exchange=True), side, "created_at"),
        # Family handovers: parent voice; acknowledged by staff = two-way
        # (handovers and home observations count by the day they are about)
        TwoWay(Handover.objects.filter(child__in=ids, source=Handover.Source.FAMILY), "child_id", "acknowledged_at",
               kind="fs:handover", items_ts="day", dates=True),
        TwoWay(HomeObservation.objects.filter(child__in=ids), "child_id", "acknowledged_at",
               kind="fs:home_observation", items_ts="observed_on", dates=True),
        TwoWay(FamilyConcern.objects.filter(child__in=ids), "child_id", "acknowledged_at", kind="fs:family_concern",
               items_ts="created_at"),
        TwoWay(ActivityResponse.objects.filter(activity__child__in=ids), "activity__child_id", "created_at",
               kind="fs:activity_response", items_ts="created_at"),
        TwoWay(Concern.objects.filter(child__in=ids), "child_id", "discussed_at", kind="contact:concern_meeting"),
    ]


def sources(ctx, w: Windows):
    """Every per-child fact as a grouped queryset. Scope: the scope's children, whatever their dates.

    Where one table gives both items and two-way contacts, one grouped scan gives both.
    """
    ids = ctx.scope_children().values("pk")
    recipients = RequestRecipient.objects.filter(child__in=ids, sent_at__lte=w.as_of_end)
    in_days = Q(day__gte=w.start_day, day__lte=w.end_day)
    visible_entry_that_day = DiaryEntry.objects.family_visible().filter(child=OuterRef("child"), day=OuterRef("day"))
    family_visible = DiaryEntry.objects.family_visible().filter(child__in=ids)
    contacts = [
        _both(s.queryset, s.child, s.kind, s.items_ts, w, contact_ts=s.ts, contact_q=s.when, good=s.good,
              dates=s.dates) if s.items_ts else _contact(s.queryset, s.child, s.kind, s.ts, w)
        for s in two_way_sources(ctx, w)
    ]
    return [
        *contacts,
        # Staff -> family
        # (the comparison period is left out here: diary entries are the biggest table by far)
        _part(family_visible.filter(in_days), "child_id", "sf:diary_entry", n=Count("pk"),
              g=Count("pk", filter=Q(is_good_news=True)), d=Count("day", distinct=True)),
        _both(RequestRecipient.objects.filter(child__in=ids), "child_id", "sf:request", "sent_at", w),
        _both(Concern.objects.filter(child__in=ids), "child_id", "sf:concern", "shared_with_family_at", w),
        _both(TakeHomeActivity.objects.filter(child__in=ids), "child_id", "sf:activity", "created_at", w),
        # Family -> staff
        _both(RequestAnswer.objects.filter(recipient__child__in=ids), "recipient__child_id", "fs:request_answer",
              "answered_at", w),
        # Concerns raised by staff, for good news against concerns
        _both(Concern.objects.filter(child__in=ids), "child_id", "concern", "created_at", w),
        # Concerns open at the end of the period (m: review date passed), and overdue agreed actions
        _part(Concern.objects.filter(child__in=ids, created_at__lte=w.as_of_end)
              .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=w.as_of_end))
              .filter(Q(escalated_at__isnull=True) | Q(escalated_at__gt=w.as_of_end)), "child_id", "concern_open",
              n=Count("pk"), m=Count("pk", filter=Q(review_on__lt=w.as_of_day, reviewed_at__isnull=True))),
        _part(ConcernAction.objects.filter(concern__child__in=ids, due_on__lt=w.as_of_day)
              .filter(Q(done_at__isnull=True) | Q(done_at__gt=w.as_of_end)), "concern__child_id", "action_overdue",
              n=Count("pk"), m=Count("pk", filter=Q(owner_carer__isnull=False))),
        # Requests at the end of the period
        _part(recipients.filter(Q(answered_at__isnull=True) | Q(answered_at__gt=w.as_of_end)), "child_id",
              "req_open", n=Count("pk"), m=Count("pk", filter=Q(request__due_on__lt=w.as_of_day))),
        _part(recipients.filter(request__kind="consent"), "child_id", "req_consent", n=Count("pk"),
              m=Count("pk", filter=Q(answered_at__lte=w.as_of_end))),
        # Days in the period a carer opened a diary day that had entries they may see
        # (the check sits in the aggregate's FILTER, not in WHERE: PostgreSQL then probes the (child, day) index
        # once per receipt instead of hashing every diary entry of the period)
        _part(ReadReceipt.objects.filter(child__in=ids, day__gte=w.start_day, day__lte=w.end_day), "child_id",
              "diary_read", n=Count("day", distinct=True, filter=Q(Exists(visible_entry_that_day)))),
    ]


@dataclass
class ChildFacts:
    contact_last: datetime | None = None
    contact_prev_last: datetime | None = None
    distinct_days: dict = field(default_factory=lambda: defaultdict(int))  # kind -> d
    counts: dict = field(default_factory=lambda: defaultdict(int))  # kind -> n
    previous: dict = field(default_factory=lambda: defaultdict(int))  # kind -> m
    good: dict = field(default_factory=lambda: defaultdict(int))  # kind -> g

    def n(self, kind):
        return self.counts.get(kind, 0)

    def contact_in(self, start) -> bool:
        """Had two-way contact between `start` and the end of the period (the latest contact is after it)."""
        return self.contact_last is not None and self.contact_last >= start

    def contact_in_previous(self, start) -> bool:
        return self.contact_prev_last is not None and self.contact_prev_last >= start


@dataclass
class Facts:
    windows: Windows
    by_child: dict  # child id -> ChildFacts

    def of(self, child_id) -> ChildFacts:
        return self.by_child.get(child_id) or ChildFacts()


def facts_for(ctx) -> Facts:
    """Computed once per request (memoised on the context) and shared by every section."""
    if "facts" in ctx.extra:
        return ctx.extra["facts"]
    w = Windows.of(ctx)
    parts = sources(ctx, w)
    by_child: dict = defaultdict(ChildFacts)
    for row in parts[0].union(*parts[1:], all=True):
        child, kind = row["_child"], row["_kind"]
        if child is None:
            continue
        facts = by_child[child]
        # Only two-way sources fill the contact columns; the others leave them NULL.
        if row["_last"] and (facts.contact_last is None or row["_last"] > facts.contact_last):
            facts.contact_last = row["_last"]
        if row["_prev_last"] and (facts.contact_prev_last is None or row["_prev_last"] > facts.contact_prev_last):
            facts.contact_prev_last = row["_prev_last"]
        facts.counts[kind] += row["_n"]
        facts.previous[kind] += row["_m"]
        facts.good[kind] += row["_g"]
        facts.distinct_days[kind] += row["_d"]
    ctx.extra["facts"] = Facts(w, dict(by_child))
    return ctx.extra["facts"]


@dataclass
class FamilyRow:
    """One child's family as the per-family tables show it."""

    pk: int
    name: str
    room_id: int | None
    room: str
    key_person: str
    in_period: bool
    in_previous: bool


def _families_queryset(ctx):
    """The scope's children on roll in the period or the comparison period, annotated with their key person's
    name (_kp) and whether they were on roll in each period (_now, _before)."""
    from django.db.models import Subquery

    from families.models import KeyPersonAssignment

    def roll_q(period):  # the rule of context.on_roll, as a Q so both periods fit one query
        return Q(start_date__lte=period.end) & (Q(leave_date__isnull=True) | Q(leave_date__gte=period.start))

    key_person = KeyPersonAssignment.objects.active(ctx.as_of).filter(child=OuterRef("pk")).order_by("-starts_on")
    return (
        ctx.scope_children().filter(roll_q(ctx.period) | roll_q(ctx.comparison))
        .annotate(
            _kp=Subquery(key_person.values("staff__user__full_name")[:1]),
            _now=Case(When(roll_q(ctx.period), then=Value(True)), default=Value(False), output_field=BooleanField()),
            _before=Case(When(roll_q(ctx.comparison), then=Value(True)), default=Value(False),
                         output_field=BooleanField()),
        )
    )


def families_for(ctx) -> list[FamilyRow]:
    """The scope's children on roll in the period or the comparison period, with room and key person (one query)."""
    if "families" in ctx.extra:
        return ctx.extra["families"]
    rows = (
        _families_queryset(ctx)
        .values_list("pk", "preferred_name", "legal_first_name", "legal_last_name", "room_id", "room__name", "_kp",
                     "_now", "_before")
        .order_by("legal_first_name", "legal_last_name", "pk")
    )
    ctx.extra["families"] = [
        FamilyRow(pk, f"{preferred or first} {last}", room_id, room or "", kp or "", now, before)
        for pk, preferred, first, last, room_id, room, kp, now, before in rows
    ]
    return ctx.extra["families"]


@dataclass
class Overlooked:
    """One overlooked family on the overview: no two-way contact in the last REPORTS_OVERLOOKED_DAYS days."""

    pk: int
    name: str
    key_person: str
    last_at: datetime | None  # the last two-way contact, None: never
    days: int | None  # days since it, counted in the setting's zone as the contact section does


@dataclass
class ContactSummary:
    """The overview's partnership headlines, counted in the database (this period / the comparison period)."""

    families: tuple[int, int]  # on roll
    with_contact: tuple[int, int]  # two-way contact in the period
    overlooked: tuple[int, int]  # none in the last N days by the end of the period
    with_voice: tuple[int, int]  # a home observation or family handover in the period
    overlooked_first: list[Overlooked]  # the longest-overlooked families first (at most `limit`)


VOICE_KINDS = ("fs:handover", "fs:home_observation")


def contact_summary(ctx, limit: int = 5) -> ContactSummary:
    """The overview's figures in ONE query: two-way contact, overlooked families and parent voice, per period.

    The same rules as the per-family facts (two_way_sources, families_for), but only the tables they need (no
    diary entries), and the counting is done by the database: a grouped UNION ALL of each source's latest
    contact day, joined to the families on roll and summed with window aggregates; the rows that come back are
    the `limit` longest-overlooked families, who carry the totals. Memoised on the context.

    Compared as moments, not days: "overlooked" (no contact in the last N days, by day in the setting's zone)
    is "the last contact is before the start of day as_of - N + 1", so no row needs a time zone conversion.
    """
    key = f"contact_summary:{limit}"
    if key in ctx.extra:
        return ctx.extra[key]
    from datetime import timedelta

    from django.db import connection

    from .context import overlooked_days
    from .sections.contact import days_since

    w, tz, days = Windows.of(ctx), ctx.setting.tz, overlooked_days()
    prev_as_of = min(ctx.comparison.end, ctx.today)
    parts = []
    for s in two_way_sources(ctx, w):
        queryset, ts = s.queryset, s.ts
        counted = s.kind in VOICE_KINDS
        if counted:  # parent voice: the items in either period, and the contacts
            queryset = queryset.filter(Q(**{f"{ts}__lte": w.as_of_end}) | w.in_period(s.items_ts, s.dates)
                                       | w.in_previous(s.items_ts, s.dates))
        else:
            queryset = queryset.filter(**{f"{ts}__lte": w.as_of_end})
        parts.append(
            queryset.values(_child=F(s.child))
            .annotate(
                _last=Max(ts, filter=s.when & Q(**{f"{ts}__lte": w.as_of_end})),
                _prev=Max(ts, filter=s.when & Q(**{f"{ts}__lte": w.prev_end})),
                _vn=Count("pk", filter=w.in_period(s.items_ts, s.dates)) if counted else ZERO,
                _vm=Count("pk", filter=w.in_previous(s.items_ts, s.dates)) if counted else ZERO,
            )
            .order_by()
        )
    union = parts[0].union(*parts[1:], all=True)
    families = _families_queryset(ctx).values(
        _id=F("pk"), _pref=F("preferred_name"), _first=F("legal_first_name"), _lastname=F("legal_last_name"),
        _kp2=F("_kp"), _now2=F("_now"), _before2=F("_before")).order_by()
    union_sql, union_params = union.query.get_compiler(using=union.db).as_sql()
    families_sql, families_params = families.query.get_compiler(using=families.db).as_sql()
    # Overlooked: the last contact is before the start of this day (in the setting's zone).
    cut_now = day_start(ctx.as_of - timedelta(days=days - 1), tz)
    cut_before = day_start(prev_as_of - timedelta(days=days - 1), tz)
    overlooked_now = "CASE WHEN c._now2 AND (f._last IS NULL OR f._last < %s) THEN 1 ELSE 0 END"
    sql = f"""
        SELECT c._id, c._pref, c._first, c._lastname, c._kp2, f._last, {overlooked_now} AS _ov,
          SUM(CASE WHEN c._now2 THEN 1 ELSE 0 END) OVER (),
          SUM(CASE WHEN c._before2 THEN 1 ELSE 0 END) OVER (),
          SUM(CASE WHEN c._now2 AND f._last >= %s THEN 1 ELSE 0 END) OVER (),
          SUM(CASE WHEN c._before2 AND f._prev >= %s THEN 1 ELSE 0 END) OVER (),
          SUM({overlooked_now}) OVER (),
          SUM(CASE WHEN c._before2 AND (f._prev IS NULL OR f._prev < %s) THEN 1 ELSE 0 END) OVER (),
          SUM(CASE WHEN c._now2 AND f._vn > 0 THEN 1 ELSE 0 END) OVER (),
          SUM(CASE WHEN c._before2 AND f._vm > 0 THEN 1 ELSE 0 END) OVER ()
        FROM ({families_sql}) c
        LEFT JOIN (
          SELECT u._child, MAX(u._last) AS _last, MAX(u._prev) AS _prev, SUM(u._vn) AS _vn, SUM(u._vm) AS _vm
          FROM ({union_sql}) u GROUP BY u._child
        ) f ON f._child = c._id
        ORDER BY _ov DESC, f._last IS NOT NULL, f._last, COALESCE(NULLIF(c._pref, ''), c._first), c._lastname, c._id
        LIMIT %s"""
    params = [cut_now, w.start, w.prev_start, cut_now, cut_before,
              *families_params, *union_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals = rows[0][7:] if rows else (0,) * 8
    first = []
    for pk, preferred, first_name, last_name, kp, last_at, overlooked, *_totals in rows:
        if not overlooked:
            break
        if isinstance(last_at, str):  # SQLite (the demo) hands back text from a raw query
            last_at = parse_datetime(last_at)
        first.append(Overlooked(pk, f"{preferred or first_name} {last_name}", kp or "", last_at,
                                days_since(last_at, ctx)))
    totals = [int(t or 0) for t in totals]
    ctx.extra[key] = ContactSummary(families=(totals[0], totals[1]), with_contact=(totals[2], totals[3]),
                                    overlooked=(totals[4], totals[5]), with_voice=(totals[6], totals[7]),
                                    overlooked_first=first)
    return ctx.extra[key]


def in_room(family: FamilyRow, value: str) -> bool:
    """A drill-down's room value: a room id, "none" for children without a room, "" for every room."""
    if value == "none":
        return family.room_id is None
    if is_id(value):
        return family.room_id == int(value)
    return True


def room_value(family: FamilyRow) -> str:
    return str(family.room_id) if family.room_id else "none"
