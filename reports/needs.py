"""'Who needs us this week' on the report overview: four short lists, each line with its key person and one
next step. Each list is one query over the report's scope (plus the overlooked families, which reuse the facts
the headline figures already computed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from families.models import KeyPersonAssignment

from .facts import AVAILABLE, contact_summary
from .numbers import day_text

LIMIT = 5


@dataclass
class NeedLine:
    child: str
    what: str
    key_person: str
    step_label: str
    step_url: str


@dataclass
class NeedList:
    key: str
    title: str
    total: int
    lines: list[NeedLine] = field(default_factory=list)
    more_url: str = ""


def _key_person(ctx):
    return Subquery(KeyPersonAssignment.objects.active(ctx.as_of).filter(child=OuterRef("child_id"))
                    .order_by("-starts_on").values("staff__user__full_name")[:1])


def _first_and_total(queryset, *fields):
    """The first LIMIT rows of `queryset` as tuples, and how many rows it has in all: one query (a window count
    rides on every row), not a list and a count."""
    rows = list(queryset.annotate(_total=Window(Count("pk"))).values_list(*fields, "_total")[:LIMIT])
    return [row[:-1] for row in rows], rows[0][-1] if rows else 0


def for_overview(ctx, query: str) -> list[NeedList]:
    if not AVAILABLE:
        return []
    from partnerships.models import Commitment, Concern, RequestRecipient

    today = ctx.today
    scope = ctx.scope_children().values("pk")
    lists = []

    summary = contact_summary(ctx, limit=LIMIT)  # the same query as the headline figures (memoised)
    lists.append(NeedList("overlooked", _("Overlooked families"), summary.overlooked[0], [
        NeedLine(family.name, _("no two-way contact recorded") if family.last_at is None else
                 _("last two-way contact %(days)s days ago") % {"days": family.days},
                 family.key_person, _("Log a conversation"), reverse("partnerships:conversation_add", args=[family.pk]))
        for family in summary.overlooked_first
    ], more_url=reverse("reports:section", args=["contact"]) + "?" + query))

    unanswered = (RequestRecipient.objects.filter(child__in=scope, answered_at__isnull=True, request__due_on__lt=today)
                  .annotate(kp=_key_person(ctx)).order_by("request__due_on", "pk"))
    rows, total = _first_and_total(unanswered, "child__preferred_name", "child__legal_first_name",
                                   "child__legal_last_name", "request__title", "request__due_on", "request_id", "kp")
    lists.append(NeedList("unanswered", _("Unanswered requests"), total, [
        NeedLine(f"{preferred or first} {last}", _("“%(title)s”, answer was due %(date)s") % {
            "title": title, "date": day_text(due, today.year)}, kp or "", _("Send a reminder"),
            reverse("partnerships:request_detail", args=[request_id]))
        for preferred, first, last, title, due, request_id, kp in rows
    ], more_url=reverse("reports:section", args=["requests"]) + "?" + query))

    overdue_reviews = (Concern.objects.filter(child__in=scope, review_on__lt=today, reviewed_at__isnull=True)
                       .exclude(stage__in=list(Concern.FINAL)).annotate(kp=_key_person(ctx)).order_by("review_on", "pk"))
    rows, total = _first_and_total(overdue_reviews, "pk", "child__preferred_name", "child__legal_first_name",
                                   "child__legal_last_name", "title", "review_on", "kp")
    lists.append(NeedList("reviews", _("Concerns past their review date"), total, [
        NeedLine(f"{preferred or first} {last}", _("“%(title)s”, review was due %(date)s") % {
            "title": title, "date": day_text(review, today.year)}, kp or "", _("Open the concern"),
            reverse("partnerships:concern_detail", args=[pk]))
        for pk, preferred, first, last, title, review, kp in rows
    ], more_url=reverse("reports:section", args=["concerns"]) + "?" + query))

    late = (Commitment.objects.filter(child__in=scope, done_at__isnull=True, due_on__lt=today)
            .order_by("due_on", "pk"))
    rows, total = _first_and_total(late, "child_id", "child__preferred_name", "child__legal_first_name",
                                   "child__legal_last_name", "description", "due_on", "owner__full_name")
    lists.append(NeedList("commitments", _("Commitments past due"), total, [
        NeedLine(f"{preferred or first} {last}", _("“%(what)s”, promised by %(date)s") % {
            "what": what, "date": day_text(due, today.year)}, owner or "", _("Log a conversation"),
            reverse("partnerships:conversation_add", args=[child_id]))
        for child_id, preferred, first, last, what, due, owner in rows
    ], more_url=reverse("reports:section", args=["workload"]) + "?" + query))
    return lists
