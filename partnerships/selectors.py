"""Reads for partnership pages. Each takes the viewer and goes through families/access.py."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime, time
from functools import reduce

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from families import access
from families.models import Carer, Child
from families.params import is_id

from .models import (
    Commitment,
    Complaint,
    Concern,
    ConcernAction,
    Conversation,
    Event,
    EventBooking,
    EventSlot,
    FamilyConcern,
    FamilyRequest,
    ProgressCheck,
    RequestAnswer,
    RequestRecipient,
    SettlingPlan,
    SettlingSession,
    Transition,
)
from .services import safeguarding_read_audit

# --- concerns ------------------------------------------------------------------------------------


def concern_for(*, viewer, pk):
    """A staff-raised concern: staff who see the child; families with concern rights once it is shared."""
    concern, child_access = access.child_object_or_404(viewer, Concern.objects, pk, need=access.CONCERNS)
    if not access.concern_visible(child_access, concern):
        raise Http404("Not found")
    return concern, child_access


def concern_page(*, viewer, pk):
    concern, child_access = concern_for(viewer=viewer, pk=pk)
    observations = list(concern.observations.select_related("recorded_by"))  # concern_for: the viewer sees it
    actions = list(concern.actions.select_related("owner_staff", "owner_carer"))
    commitments = Commitment.objects.filter(child=concern.child, source_type__model="concern", source_id=concern.pk)
    if child_access.is_family:
        commitments = access.commitments_visible_to_family(child_access.link, commitments)
    commitments = list(commitments.select_related("owner").prefetch_related("said_to"))
    return {"concern": concern, "access": child_access, "observations": observations, "actions": actions,
            "commitments": commitments, "child": concern.child,
            "stages": [(v, label, concern.reached(v)) for v, label in Concern.Stage.choices
                       if v != (Concern.Stage.CLOSED if concern.stage == Concern.Stage.ESCALATED
                                else Concern.Stage.ESCALATED)],
            "my_carer_id": child_access.link.carer_id if child_access.link else None,
            "history": list(concern.history.select_related("history_user")[:50]) if child_access.is_staff else []}


def family_concern_for(*, viewer, pk):
    return access.child_object_or_404(viewer, FamilyConcern.objects.select_related("raised_by_carer"), pk,
                                      need=access.CONCERNS)


def action_for(*, viewer, pk):
    action = ConcernAction.objects.filter(pk=pk).select_related("concern", "owner_carer").first()
    if action is None:
        raise Http404("Not found")
    _concern, child_access = concern_for(viewer=viewer, pk=action.concern_id)
    return action, child_access


# --- timeline and family page --------------------------------------------------------------------


@dataclass
class TimelineItem:
    at: datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    badge: str = ""


def _day(d):
    return timezone.make_aware(datetime.combine(d, time(12)))


def child_timeline_for(*, viewer, child_id) -> tuple:
    """Everything in the partnership with one child's family, newest first (never safeguarding)."""
    from django.urls import reverse

    child_access = access.child_access_or_404(viewer, child_id, need=access.STAFF)
    child = child_access.child
    items = []
    for c in Conversation.objects.filter(child=child).select_related("staff").prefetch_related("carers")[:200]:
        items.append(TimelineItem(c.happened_at, _("Conversation"), f"{c.get_channel_display()}: {c.topic}",
                                  f"{c.staff} – {', '.join(x.full_name for x in c.carers.all())}. {c.summary}",
                                  badge=_("good news") if c.is_good_news else ""))
    for c in Concern.objects.filter(child=child):
        items.append(TimelineItem(c.created_at, _("Concern"), c.title, c.get_stage_display(),
                                  reverse("partnerships:concern_detail", args=[c.pk]), c.get_stage_display()))
    for c in FamilyConcern.objects.filter(child=child):
        items.append(TimelineItem(c.created_at, _("Concern raised by the family"), c.subject, c.get_stage_display(),
                                  reverse("partnerships:family_concern_detail", args=[c.pk]), c.get_stage_display()))
    for c in Commitment.objects.filter(child=child).select_related("owner").prefetch_related("said_to"):
        said_to = ", ".join(x.full_name for x in c.said_to.all())
        items.append(TimelineItem(_day(c.due_on), _("Commitment"), c.description,
                                  f"{c.owner} · {_('by')} {date_format(c.due_on)}"
                                  + (f" · {_('said to %(names)s') % {'names': said_to}}" if said_to else ""),
                                  badge=_("done") if c.done_at else _("pending")))
    for r in RequestRecipient.objects.filter(child=child).select_related("request"):
        items.append(TimelineItem(r.sent_at, _("Request"), r.request.title, r.request.get_kind_display(),
                                  reverse("partnerships:request_detail", args=[r.request_id]),
                                  _("answered") if r.answered_at else (_("seen") if r.seen_at else _("sent"))))
    for b in EventBooking.objects.filter(child=child).select_related("event", "slot"):
        items.append(TimelineItem(b.slot.starts_at, _("Event"), b.event.title, "",
                                  reverse("partnerships:event_detail", args=[b.event_id]),
                                  {True: _("attended"), False: _("did not come")}.get(b.attended, _("booked"))))
    for p in ProgressCheck.objects.filter(child=child):
        items.append(TimelineItem(_day(p.checked_on), _("Progress check at two"), "", "",
                                  reverse("partnerships:progress_check_detail", args=[p.pk])))
    items.sort(key=lambda item: item.at, reverse=True)
    return child, items


def family_child_page(*, viewer, child_id) -> dict:
    """What a family carer sees of the partnership for one child: only what their link allows."""
    child_access = access.child_access_or_404(viewer, child_id)
    if not child_access.is_family:
        raise Http404("Not found")
    child, link = child_access.child, child_access.link
    data = {"child": child, "link": link, "access": child_access}
    data["concerns"] = list(access.concerns_visible_to_family(link, Concern.objects.filter(child=child)))
    data["family_concerns"] = list(access.concerns_visible_to_family(link, FamilyConcern.objects.filter(child=child)))
    promises = Commitment.objects.filter(child=child, done_at=None)
    data["commitments"] = list(access.commitments_visible_to_family(link, promises).select_related("owner"))
    data["requests"] = with_answer_status(RequestRecipient.objects.filter(child=child).select_related("request")[:20])
    data["settling"] = SettlingPlan.objects.filter(child=child).first()
    data["progress_checks"] = list(access.shared_records_visible_to_family(link, ProgressCheck.objects.filter(child=child)))
    data["transition"] = access.shared_records_visible_to_family(link, Transition.objects.filter(child=child)).first()
    data["events"] = list(events_open_to(child))
    return data


def events_open_to(child):
    return events_open_to_any([child])


def _open_to(child) -> Q:
    return Q(setting_id=child.setting_id) & (Q(room__isnull=True) | Q(room_id=child.room_id))


def _is_open_to(event, child) -> bool:
    """`_open_to` for an event already read."""
    return event.setting_id == child.setting_id and event.room_id in (None, child.room_id)


def events_open_to_any(children):
    """Events with a slot still to come that any of `children` may come to (their setting's, or their room's)."""
    if not children:
        return Event.objects.none()
    upcoming = EventSlot.objects.filter(event=OuterRef("pk"), starts_at__gte=timezone.now())
    return Event.objects.filter(reduce(operator.or_, map(_open_to, children))).filter(Exists(upcoming))


# --- requests ------------------------------------------------------------------------------------


def pending_requests_for(user, links=None) -> list:
    """Requests pinned on a family's home: not yet answered (for a consent: not yet answered by *me*).

    `links`: the user's `access.links_of`, when the caller has read them already (the family to-do list)."""
    links = list(access.links_of(user)) if links is None else links
    if not links:
        return []
    by_child = {link.child_id: link for link in links}
    recipients = RequestRecipient.objects.filter(child_id__in=by_child, answered_at=None).select_related(
        "request", "child").annotate(mine=Exists(RequestAnswer.objects.filter(
            recipient=OuterRef("pk"), carer__user=user))).order_by("request__due_on")
    pinned = []
    for r in recipients:
        if r.mine:
            continue
        if not access.request_answerable_by(by_child[r.child_id], r.request):
            continue
        pinned.append(r)
    return pinned


@dataclass
class AnswerStatus:
    """Where one family's answer to one request stands, by the rule the request states: a consent needs an answer
    from each carer with parental responsibility, anything else one answer from any carer."""

    answers: list
    waiting_for: list  # the carers whose answer is still needed (a consent), by name
    complete: bool

    @property
    def partly(self):
        return bool(self.answers) and not self.complete


def with_answer_status(recipients) -> list:
    """Give each recipient a `.status` (AnswerStatus), in two queries for any number of them."""
    from .services.requests import consent_carers_of

    recipients = list(recipients)
    answers = {}
    for answer in RequestAnswer.objects.filter(recipient__in=recipients).select_related("carer"):
        answers.setdefault(answer.recipient_id, []).append(answer)
    consent_ids = [r.child_id for r in recipients if r.request.kind == FamilyRequest.Kind.CONSENT]
    needed = {}
    for link in consent_carers_of(child_ids=consent_ids).select_related("carer").order_by("carer__full_name"):
        needed.setdefault(link.child_id, []).append(link.carer)
    for r in recipients:
        given = answers.get(r.pk, [])
        if r.request.kind == FamilyRequest.Kind.CONSENT:
            answered = {a.carer_id for a in given}
            waiting = [carer for carer in needed.get(r.child_id, []) if carer.pk not in answered]
            complete = bool(given) and not waiting
        else:
            waiting, complete = [], bool(given)
        r.status = AnswerStatus(answers=given, waiting_for=waiting, complete=complete)
    return recipients


def recipient_for_family(*, viewer, pk):
    recipient, child_access = access.child_object_or_404(
        viewer, RequestRecipient.objects.select_related("request"), pk)
    if not child_access.is_family:
        raise Http404("Not found")
    return recipient, child_access


def request_for_staff(*, viewer, pk):
    membership = access.staff_membership_or_404(viewer)
    request = FamilyRequest.objects.filter(pk=pk, setting_id=membership.setting_id).first()
    if request is None:
        raise Http404("Not found")
    visible = access.staff_children(viewer)
    recipients = with_answer_status(request.recipients.filter(child__in=visible).select_related("child", "request"))
    counts = {"sent": len(recipients), "seen": sum(1 for r in recipients if r.seen_at),
              "answered": sum(1 for r in recipients if r.status.complete),
              "partly": sum(1 for r in recipients if r.status.partly)}
    return request, recipients, counts


def request_bookings(*, request, recipients) -> list[EventBooking]:
    """For an RSVP: the slot each recipient child's family booked, and who booked it (children the viewer sees)."""
    if request.event_id is None:
        return []
    return list(EventBooking.objects.filter(event_id=request.event_id, child__in=[r.child_id for r in recipients])
                .select_related("slot", "child", "booked_by").order_by("slot__starts_at", "booked_at"))


def requests_for_staff(viewer):
    membership = access.staff_membership_or_404(viewer)
    # answered_at is set when the request's rule is met (for a consent: every carer with parental responsibility).
    return FamilyRequest.objects.filter(setting_id=membership.setting_id).annotate(
        sent=Count("recipients", distinct=True),
        answered=Count("recipients", filter=Q(recipients__answered_at__isnull=False), distinct=True),
        partly=Count("recipients", filter=Q(recipients__answered_at__isnull=True, recipients__answers__isnull=False),
                     distinct=True),
        seen=Count("recipients", filter=Q(recipients__seen_at__isnull=False), distinct=True),
    ).order_by("-created_at")


# --- events --------------------------------------------------------------------------------------


def setting_event(*, setting, pk):
    """An event of `setting` named in a URL (e.g. ?event=12), or None for a missing, foreign or malformed id."""
    return Event.objects.filter(pk=pk, setting=setting).first() if is_id(pk) else None


def event_for_staff(*, viewer, pk):
    membership = access.staff_membership_or_404(viewer)
    event = Event.objects.filter(pk=pk, setting_id=membership.setting_id).first()
    if event is None:
        raise Http404("Not found")
    visible = set(access.staff_children(viewer).values_list("pk", flat=True))
    slots = list(event.slots.prefetch_related(Prefetch(
        "bookings", queryset=EventBooking.objects.select_related("child", "booked_by"))))
    for slot in slots:
        slot.visible_bookings = [b for b in slot.bookings.all() if b.child_id in visible]
        slot.taken = len(slot.bookings.all())
    return event, slots


def event_for_family(*, viewer, pk, child_id):
    child_access = access.child_access_or_404(viewer, child_id)
    if not child_access.is_family:
        raise Http404("Not found")
    event = events_open_to(child_access.child).filter(pk=pk).first()
    if event is None:
        raise Http404("Not found")
    slots = list(event.slots.filter(starts_at__gte=timezone.now()).annotate(taken=Count("bookings")))
    for slot in slots:
        slot.free = max(slot.capacity - slot.taken, 0)
    booking = EventBooking.objects.filter(event=event, child=child_access.child).select_related("slot").first()
    return event, slots, booking, child_access


# --- commitments, complaints, safeguarding --------------------------------------------------------


def said_to_default(*, source, child) -> list[int]:
    """Whom a promise made during `source` was most likely said to: the people of that conversation, the carer
    who raised the concern, the carer who wrote the comment. Staff can change it."""
    if isinstance(source, Conversation):
        return list(source.carers.values_list("pk", flat=True))
    if isinstance(source, FamilyConcern):
        return [source.raised_by_carer_id]
    author = getattr(source, "author_id", None)
    if author is not None:
        return list(Carer.objects.filter(user_id=author, links__child=child).values_list("pk", flat=True))
    return []


def commitments_owned_by(user):
    return Commitment.objects.filter(owner=user, done_at=None).select_related("child").prefetch_related(
        "said_to").order_by("due_on")


def commitment_for_staff(*, viewer, pk):
    return access.child_object_or_404(viewer, Commitment.objects, pk, need=access.STAFF)


def complaint_register(viewer):
    manager = access.manager_membership_or_404(viewer)
    return manager.setting, Complaint.objects.filter(setting_id=manager.setting_id).select_related("child")


def complaint_for_manager(*, viewer, pk):
    manager = access.manager_membership_or_404(viewer)
    complaint = Complaint.objects.filter(pk=pk, setting_id=manager.setting_id).first()
    if complaint is None:
        raise Http404("Not found")
    return complaint


def safeguarding_record_for(*, viewer, pk):
    """Read one safeguarding record, auditing the read (who, when)."""
    record = access.safeguarding_record_or_404(viewer, pk)
    safeguarding_read_audit(record=record, reader=viewer)
    return record


def safeguarding_list_for(viewer):
    access.safeguarding_list_reader_or_404(viewer)
    return access.safeguarding_records_visible_to(viewer).select_related("child", "recorded_by")


# --- settling, progress, transitions --------------------------------------------------------------


def settling_for(*, viewer, child_id):
    child_access = access.child_access_or_404(viewer, child_id)
    plan = SettlingPlan.objects.filter(child=child_access.child).prefetch_related("sessions").first()
    if not access.settling_plan_visible(child_access, plan):
        raise Http404("Not found")
    return child_access, plan


def progress_check_for(*, viewer, pk):
    check, child_access = access.child_object_or_404(viewer, ProgressCheck.objects, pk)
    if not access.shared_record_visible(child_access, check):
        raise Http404("Not found")
    return check, child_access


def latest_progress_check(*, child) -> ProgressCheck | None:
    """The child's check at two, if one is written (for staff who already see the child)."""
    return ProgressCheck.objects.filter(child=child).order_by("-checked_on", "-pk").first()


def transition_for(*, viewer, pk):
    transition, child_access = access.child_object_or_404(viewer, Transition.objects, pk)
    if not access.shared_record_visible(child_access, transition):
        raise Http404("Not found")
    return transition, child_access


def children_found_for(*, viewer, name) -> list:
    """Children any staff member finds by name (families/access.py), each marked with whether the viewer sees
    more of them than the narrow right gives (their room, key child, manager)."""
    found = list(access.children_found_by(viewer, name).select_related("room")
                 .order_by("legal_first_name", "legal_last_name")[:30])
    seen = set(access.staff_children(viewer).filter(pk__in=[c.pk for c in found]).values_list("pk", flat=True))
    for child in found:
        child.viewer_sees = child.pk in seen
    return found


def staff_child_or_404(viewer, child_id) -> Child:
    return access.child_access_or_404(viewer, child_id, need=access.STAFF).child


# --- staff overview ------------------------------------------------------------------------------


def open_concerns_for(viewer):
    """Open concerns (both ways) about the children this staff member sees, most urgent first."""
    children = access.staff_children(viewer)
    concerns = Concern.objects.filter(child__in=children).exclude(stage__in=list(Concern.FINAL)) \
        .select_related("child").order_by("review_on", "-created_at")
    family = FamilyConcern.objects.filter(child__in=children).exclude(stage=FamilyConcern.Stage.FOLLOWED_UP) \
        .select_related("child", "raised_by_carer").order_by("acknowledged_at", "created_at")
    return list(concerns), list(family)


def staff_numbers_for(viewer) -> dict:
    membership = access.staff_membership(viewer)
    if membership is None:
        return {}
    today = membership.setting.today()
    # Both kinds of concern in one query over the viewer's children (distinct: a child may have several of each).
    concerns = access.staff_children_by_id(viewer).aggregate(
        staff=Count("concerns", filter=~Q(concerns__stage__in=list(Concern.FINAL)), distinct=True),
        family=Count("family_concerns", filter=~Q(family_concerns__stage=FamilyConcern.Stage.FOLLOWED_UP),
                     distinct=True),
        unacknowledged=Count("family_concerns", filter=Q(family_concerns__acknowledged_at=None), distinct=True))
    mine = Commitment.objects.filter(owner=viewer, done_at=None).aggregate(
        all=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    return {
        "open_concerns": concerns["staff"] + concerns["family"],
        "unacknowledged": concerns["unacknowledged"],
        "commitments": mine["all"],
        "overdue": mine["overdue"],
    }


# --- the family's to-do list (families/todo.py) ---------------------------------------------------


def family_todo(*, viewer, links) -> list:
    """What waits for this family carer in partnerships, each item linking to the form that answers it: requests
    (a consent only for a carer with parental responsibility), an RSVP's or a parent evening's slot to book, a
    settling-in session to review, the progress check and the transition summary to add to."""
    from families.todo import ToDo

    open_links = [link for link in links if not link.child.has_left(link.child.setting.today())]
    if not open_links:
        return []
    items = []
    rsvp_for = set()
    for r in pending_requests_for(viewer, links):
        if r.request.kind == FamilyRequest.Kind.RSVP and r.request.event_id:
            rsvp_for.add((r.request.event_id, r.child_id))
            url = reverse("partnerships:event_rsvp", args=[r.request.event_id, r.child_id])
        else:
            url = reverse("partnerships:request_answer", args=[r.pk])
        items.append(ToDo(child=r.child, title=r.request.title, what=r.request.get_kind_display(), url=url,
                          due_on=r.request.due_on))
    # Every family is invited to a parent evening: until they book, it waits for them. One read for all the
    # family's children, each evening marked with whether each child is booked.
    evenings = list(events_open_to_any([link.child for link in open_links]).filter(kind=Event.Kind.PARENT_EVENING)
                    .annotate(**{f"_booked_{link.child_id}": Exists(EventBooking.objects.filter(
                        event=OuterRef("pk"), child_id=link.child_id)) for link in open_links}))
    for link in open_links:
        for event in evenings:
            if (_is_open_to(event, link.child) and not getattr(event, f"_booked_{link.child_id}")
                    and (event.pk, link.child_id) not in rsvp_for):
                items.append(ToDo(child=link.child, title=event.title, what=_("Choose a time"),
                                  url=reverse("partnerships:event_rsvp", args=[event.pk, link.child_id])))
    contributors = {link.child_id: link.child for link in access.own_links_allowing(open_links, access.CONTRIBUTE)}
    for session in SettlingSession.objects.filter(plan__child_id__in=contributors, plan__settled_on=None,
                                                  parent_note="").select_related("plan").order_by("date"):
        child = contributors[session.plan.child_id]
        if session.staff_note or session.date <= child.setting.today():
            items.append(ToDo(child=child, title=_("How did the session on %(date)s go?") % {
                "date": date_format(session.date, "j E")}, what=_("Settling in"),
                url=reverse("partnerships:settling_session_review", args=[session.pk])))
    children = {link.child_id: link.child for link in open_links}
    for check in access.shared_records_visible_to_links(open_links, ProgressCheck.objects.filter(parent_contribution="")):
        items.append(ToDo(child=children[check.child_id], title=_("Add your contribution"),
                          what=_("Progress check at two"),
                          url=reverse("partnerships:progress_check_contribute", args=[check.pk])))
    for transition in access.shared_records_visible_to_links(open_links, Transition.objects.filter(family_section="")):
        items.append(ToDo(child=children[transition.child_id], title=_("Write your section"), what=_("Moving on"),
                          url=reverse("partnerships:transition_family", args=[transition.pk]),
                          due_on=transition.moving_on))
    return items
