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


def sources(ctx, w: Windows):
    """Every per-child fact as a grouped queryset. Scope: the scope's children, whatever their dates.

    Where one table gives both items and two-way contacts, one grouped scan gives both.
    """
    ids = ctx.scope_children().values("pk")
    family_visible = DiaryEntry.objects.family_visible().filter(child__in=ids)
    comments = EntryComment.objects.on_family_visible_entries().filter(entry__child__in=ids,
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
    recipients = RequestRecipient.objects.filter(child__in=ids, sent_at__lte=w.as_of_end)
    in_days = Q(day__gte=w.start_day, day__lte=w.end_day)
    visible_entry_that_day = DiaryEntry.objects.family_visible().filter(child=OuterRef("child"), day=OuterRef("day"))
    return [
        # Conversations: items each way, good news, and two-way contact
        _both(Conversation.objects.filter(child__in=ids, happened_at__lte=w.as_of_end), "child_id", conversation_side,
              "happened_at", w, contact_ts="happened_at", good="is_good_news"),
        # Diary comments: items each way; an exchange is two-way contact
        _both(comments, "entry__child_id", side, "created_at", w, contact_ts="created_at",
              contact_q=Q(_exchange=True)),
        # Family handovers: parent voice; acknowledged by staff = two-way
        # (handovers and home observations count by the day they are about)
        _both(Handover.objects.filter(child__in=ids, source=Handover.Source.FAMILY), "child_id", "fs:handover",
              "day", w, contact_ts="acknowledged_at", dates=True),
        _both(HomeObservation.objects.filter(child__in=ids), "child_id", "fs:home_observation", "observed_on", w,
              contact_ts="acknowledged_at", dates=True),
        _both(FamilyConcern.objects.filter(child__in=ids), "child_id", "fs:family_concern", "created_at", w,
              contact_ts="acknowledged_at"),
        _both(ActivityResponse.objects.filter(activity__child__in=ids), "activity__child_id", "fs:activity_response",
              "created_at", w, contact_ts="created_at"),
        _contact(Concern.objects.filter(child__in=ids), "child_id", "contact:concern_meeting", "discussed_at", w),
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


def families_for(ctx) -> list[FamilyRow]:
    """The scope's children on roll in the period or the comparison period, with room and key person (one query)."""
    if "families" in ctx.extra:
        return ctx.extra["families"]
    from django.db.models import BooleanField, Case, Subquery, When

    from families.models import KeyPersonAssignment

    def roll_q(period):  # the rule of context.on_roll, as a Q so both periods fit one query
        return Q(start_date__lte=period.end) & (Q(leave_date__isnull=True) | Q(leave_date__gte=period.start))

    key_person = KeyPersonAssignment.objects.active(ctx.as_of).filter(child=OuterRef("pk")).order_by("-starts_on")
    rows = (
        ctx.scope_children().filter(roll_q(ctx.period) | roll_q(ctx.comparison))
        .annotate(
            _kp=Subquery(key_person.values("staff__user__full_name")[:1]),
            _now=Case(When(roll_q(ctx.period), then=Value(True)), default=Value(False), output_field=BooleanField()),
            _before=Case(When(roll_q(ctx.comparison), then=Value(True)), default=Value(False),
                         output_field=BooleanField()),
        )
        .values_list("pk", "preferred_name", "legal_first_name", "legal_last_name", "room_id", "room__name", "_kp",
                     "_now", "_before")
        .order_by("legal_first_name", "legal_last_name", "pk")
    )
    ctx.extra["families"] = [
        FamilyRow(pk, f"{preferred or first} {last}", room_id, room or "", kp or "", now, before)
        for pk, preferred, first, last, room_id, room, kp, now, before in rows
    ]
    return ctx.extra["families"]


def in_room(family: FamilyRow, value: str) -> bool:
    """A drill-down's room value: a room id, "none" for children without a room, "" for every room."""
    if value == "none":
        return family.room_id is None
    if is_id(value):
        return family.room_id == int(value)
    return True


def room_value(family: FamilyRow) -> str:
    return str(family.room_id) if family.room_id else "none"
