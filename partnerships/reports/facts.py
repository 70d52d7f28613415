"""Per-family facts from the diary and partnership records, in ONE database round trip.

Each source is a grouped queryset giving, per child, the same columns:
    child, kind, n, m, g, last_at, prev_last_at
and all of them are glued together with UNION ALL. The sections (two-way contact, reciprocity, parent
voice, good news, requests, diary) read their numbers from the result, so adding a fact never adds a
query. What n, m and g mean depends on the kind (see SOURCES below):

- contact:*   two-way contact. n = in the period, m = in the comparison period, last_at = latest by the
              period's end (or today), prev_last_at = latest by the end of the comparison period.
- sf:* / fs:* items staff -> family / family -> staff. n = in the period, m = in the comparison period,
              g = of those in the period, marked good news.
- concern     concerns staff raised about the child. n = in the period, m = comparison period.
- req_open    requests not answered at the period's end. n = outstanding, m = of those, past their date.
- req_consent consent requests sent by the period's end. n = sent, m = answered.
- diary_days  days in the period with diary entries the family may see. n = days, m = days a carer read it.
- concern_open   concerns open at the period's end. m = of those, past their review date.
- action_overdue agreed concern actions past their date and not done. m = of those, owned by a family carer.

A family here is one child's carers: counts are per child.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import (
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
)
from django.utils import timezone

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

    def in_period(self, ts):
        return Q(**{f"{ts}__gte": self.start, f"{ts}__lte": self.end})

    def in_previous(self, ts):
        return Q(**{f"{ts}__gte": self.prev_start, f"{ts}__lte": self.prev_end})


NULL_TS = Value(None, output_field=DateTimeField())
ZERO = Value(0, output_field=IntegerField())


def _part(queryset, child, kind, n, m=ZERO, g=ZERO, last_at=NULL_TS, prev_last_at=NULL_TS):
    """One UNION member, always with the same columns in the same order."""
    return (
        queryset.values(_child=F(child))
        .annotate(_kind=Value(kind, output_field=CharField()), _n=n, _m=m, _g=g, _last=last_at, _prev_last=prev_last_at)
        .order_by()
    )


def _contact(queryset, child, kind, ts, w: Windows):
    return _part(
        queryset.filter(**{f"{ts}__lte": w.as_of_end, f"{ts}__isnull": False}), child, kind,
        n=Count("pk", filter=w.in_period(ts)), m=Count("pk", filter=w.in_previous(ts)),
        last_at=Max(ts), prev_last_at=Max(ts, filter=Q(**{f"{ts}__lte": w.prev_end})),
    )


def _items(queryset, child, kind, ts, w: Windows, good=None):
    return _part(
        queryset.filter(Q(**{f"{ts}__gte": w.prev_start}) & Q(**{f"{ts}__lte": w.end})), child, kind,
        n=Count("pk", filter=w.in_period(ts)), m=Count("pk", filter=w.in_previous(ts)),
        g=Count("pk", filter=w.in_period(ts) & Q(**{good: True})) if good else ZERO,
    )


def sources(ctx, w: Windows):
    """Every per-child fact as a grouped queryset. Scope: the scope's children, whatever their dates."""
    ids = ctx.scope_children().values("pk")
    family_visible = DiaryEntry.objects.filter(child__in=ids, staff_only=False, is_retracted=False)
    staff_reply_after = EntryComment.objects.filter(entry=OuterRef("entry"), by_staff=True,
                                                    created_at__gte=OuterRef("created_at"))
    family_before = EntryComment.objects.filter(entry=OuterRef("entry"), by_staff=False,
                                                created_at__lte=OuterRef("created_at"))
    comments = EntryComment.objects.filter(entry__child__in=ids, entry__staff_only=False)
    family_handovers = Handover.objects.filter(child__in=ids, source=Handover.Source.FAMILY)
    conversations = Conversation.objects.filter(child__in=ids)
    recipients = RequestRecipient.objects.filter(child__in=ids, sent_at__lte=w.as_of_end)
    read = ReadReceipt.objects.filter(child=OuterRef("child"), day=OuterRef("day"))
    return [
        # Two-way contact
        _contact(conversations, "child_id", "contact:conversation", "happened_at", w),
        _contact(family_handovers, "child_id", "contact:handover", "acknowledged_at", w),
        _contact(comments.filter(by_staff=False).filter(Exists(staff_reply_after)), "entry__child_id",
                 "contact:comment", "created_at", w),
        _contact(comments.filter(by_staff=True).filter(Exists(family_before)), "entry__child_id",
                 "contact:comment_reply", "created_at", w),
        _contact(HomeObservation.objects.filter(child__in=ids), "child_id", "contact:home_observation",
                 "acknowledged_at", w),
        _contact(Concern.objects.filter(child__in=ids), "child_id", "contact:concern_meeting", "discussed_at", w),
        _contact(FamilyConcern.objects.filter(child__in=ids), "child_id", "contact:family_concern",
                 "acknowledged_at", w),
        _contact(ActivityResponse.objects.filter(activity__child__in=ids), "activity__child_id",
                 "contact:activity_response", "created_at", w),
        # Staff -> family
        _items(family_visible, "child_id", "sf:diary_entry", "created_at", w, good="is_good_news"),
        _items(comments.filter(by_staff=True), "entry__child_id", "sf:comment", "created_at", w),
        _items(conversations.filter(started_by_family=False), "child_id", "sf:conversation", "happened_at", w,
               good="is_good_news"),
        _items(RequestRecipient.objects.filter(child__in=ids), "child_id", "sf:request", "sent_at", w),
        _items(Concern.objects.filter(child__in=ids), "child_id", "sf:concern", "shared_with_family_at", w),
        _items(TakeHomeActivity.objects.filter(child__in=ids), "child_id", "sf:activity", "created_at", w),
        # Family -> staff
        _items(family_handovers, "child_id", "fs:handover", "created_at", w),
        _items(comments.filter(by_staff=False), "entry__child_id", "fs:comment", "created_at", w),
        _items(HomeObservation.objects.filter(child__in=ids), "child_id", "fs:home_observation", "created_at", w),
        _items(conversations.filter(started_by_family=True), "child_id", "fs:conversation", "happened_at", w,
               good="is_good_news"),
        _items(RequestAnswer.objects.filter(recipient__child__in=ids), "recipient__child_id", "fs:request_answer",
               "answered_at", w),
        _items(FamilyConcern.objects.filter(child__in=ids), "child_id", "fs:family_concern", "created_at", w),
        _items(ActivityResponse.objects.filter(activity__child__in=ids), "activity__child_id",
               "fs:activity_response", "created_at", w),
        # Concerns raised by staff, for good news against concerns
        _items(Concern.objects.filter(child__in=ids), "child_id", "concern", "created_at", w),
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
        # Diary days and the days a carer opened them
        _part(family_visible.filter(day__gte=w.start_day, day__lte=w.end_day), "child_id", "diary_days",
              n=Count("day", distinct=True), m=Count("day", distinct=True, filter=Q(Exists(read)))),
    ]


@dataclass
class ChildFacts:
    contact_last: datetime | None = None
    contact_prev_last: datetime | None = None
    contact_in_period: int = 0
    contact_in_previous: int = 0
    counts: dict = field(default_factory=lambda: defaultdict(int))  # kind -> n
    previous: dict = field(default_factory=lambda: defaultdict(int))  # kind -> m
    good: dict = field(default_factory=lambda: defaultdict(int))  # kind -> g

    def n(self, kind):
        return self.counts.get(kind, 0)


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
        if kind.startswith("contact:"):
            facts.contact_in_period += row["_n"]
            facts.contact_in_previous += row["_m"]
            if row["_last"] and (facts.contact_last is None or row["_last"] > facts.contact_last):
                facts.contact_last = row["_last"]
            if row["_prev_last"] and (facts.contact_prev_last is None or row["_prev_last"] > facts.contact_prev_last):
                facts.contact_prev_last = row["_prev_last"]
        facts.counts[kind] += row["_n"]
        facts.previous[kind] += row["_m"]
        facts.good[kind] += row["_g"]
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
