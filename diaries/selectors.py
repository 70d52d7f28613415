"""Reads of the child's day. Each takes the viewer; families never receive staff-only or retracted entries.

Query counts do not grow with the number of children or entries: each list is one query (plus a fixed
number of prefetches), and per-child status is worked out in Python from one query of the day's entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from families import access
from families.models import CarerLink, Child, Room
from families.selectors import key_person_of, key_person_prefetch

from . import day_stamp
from .models import (
    Absence,
    Accident,
    ActivityResponse,
    Attendance,
    DiaryEntry,
    EntryComment,
    Handover,
    HomeObservation,
    MedicineConsent,
    MedicineDose,
    Photo,
    ReadReceipt,
    TakeHomeActivity,
)

K = DiaryEntry.Kind
BOARD_KINDS = {K.MEAL, K.BOTTLE, K.NAPPY, K.SLEEP}
# What a board card shows of an entry (DiaryEntry.summary and its time), in the model's field order (from_db).
BOARD_ENTRY_FIELDS = tuple(f.attname for f in DiaryEntry._meta.concrete_fields if f.attname in {
    "id", "child_id", "kind", "occurred_at", "ends_at", "what", "amount", "ml", "nappy", "version"})


def family_entries(qs):
    return qs.family_visible()


def _photo_prefetch():
    return Prefetch("photo__children", queryset=Child.objects.only("pk", "photo_consent"), to_attr="tagged")


# --- the room board -------------------------------------------------------------------------------


@dataclass
class BoardRow:
    child: Child
    attendance: Attendance | None = None
    handover: Handover | None = None
    absence: Absence | None = None
    sleeping_since: object = None
    sleep_entry: DiaryEntry | None = None
    last_meal: DiaryEntry | None = None
    last_bottle: DiaryEntry | None = None
    last_nappy: DiaryEntry | None = None
    entry_count: int = 0

    @property
    def status(self):
        if self.attendance is None:
            return "absent" if self.absence is not None else "expected"
        if self.attendance.out_at:
            return "gone"
        return "sleeping" if self.sleep_entry else "here"

    @property
    def handover_waiting(self):
        return self.handover is not None and not self.handover.is_acknowledged


@dataclass
class Board:
    room: Room
    day: date
    rows: list[BoardRow]
    counts: dict = field(default_factory=dict)


def _hhmm(moment, tz):
    return moment.astimezone(tz).strftime("%H:%M") if moment else ""


def _board_records(ids, day) -> dict[int, dict]:
    """The day's records of these children as their board rows hold them: {child_id: BoardRow fields}."""
    records = {child_id: {"entry_count": 0} for child_id in ids}
    # One of each per child and day, so their order does not matter (.order_by(): no sort, none compiled).
    for attendance in Attendance.objects.filter(child_id__in=ids, day=day).order_by():
        records[attendance.child_id]["attendance"] = attendance
    for handover in Handover.objects.filter(child_id__in=ids, day=day).order_by():
        records[handover.child_id]["handover"] = handover
    for absence in Absence.objects.filter(child_id__in=ids, day=day).order_by():
        records[absence.child_id]["absence"] = absence
    # Plain tuples, in time order; only each child's latest meal/bottle/nappy/sleep become model objects, made
    # as the ORM makes a row it read (from_db: positional, the other fields deferred).
    fields = BOARD_ENTRY_FIELDS
    latest = {}
    for values in DiaryEntry.objects.filter(child_id__in=ids, day=day, is_retracted=False).order_by(
            "occurred_at", "pk").values_list(*fields):
        records[values[1]]["entry_count"] += 1
        if values[2] in BOARD_KINDS:
            latest[(values[1], values[2])] = values
    for (child_id, kind), values in latest.items():
        entry = DiaryEntry.from_db(DiaryEntry.objects.db, fields, values)
        if kind == K.SLEEP:
            if entry.ends_at is None:
                records[child_id]["sleep_entry"] = entry
        else:
            records[child_id][_LATEST[kind]] = entry
    return records


_LATEST = {K.MEAL: "last_meal", K.BOTTLE: "last_bottle", K.NAPPY: "last_nappy"}


def room_board_for(*, viewer, room: Room, day: date | None = None) -> Board:
    day = day or room.setting.today()
    children = list(
        access.room_children(viewer, room).filter(start_date__lte=day)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=day))
        .only("pk", "legal_first_name", "legal_last_name", "preferred_name", "allergy_notes", "dietary_notes",
              "photo", "room_id", "setting_id")
    )
    # What each card shows of its child's day is kept under that child's day stamp: a board read again (every
    # room tablet, every minute) reads the records of only the children something was written for.
    records = day_stamp.kept_for_children([c.pk for c in children], day, "board-row",
                                          lambda ids: _board_records(ids, day))
    rows = {c.pk: BoardRow(child=c, **records[c.pk]) for c in children}
    result = list(rows.values())
    counts = {
        "expected": sum(1 for r in result if r.status != "absent"),
        "absent": sum(1 for r in result if r.status == "absent"),
        "arrived": sum(1 for r in result if r.attendance),
        "here": sum(1 for r in result if r.attendance and not r.attendance.out_at),
        "sleeping": sum(1 for r in result if r.sleep_entry),
        "handovers_waiting": sum(1 for r in result if r.handover_waiting),
    }
    return Board(room=room, day=day, rows=result, counts=counts)


def staff_today_numbers(*, viewer) -> dict | None:
    """Today's numbers for the staff home (arrived / expected) across the rooms the viewer sees."""
    membership = access.staff_membership(viewer)
    if membership is None:
        return None
    today = membership.setting.today()
    children = access.staff_children_by_id(viewer).filter(start_date__lte=today, room__isnull=False).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=today))
    # One query: attendance and handover are one per child and day, so counting children with one is exact.
    return children.aggregate(
        expected=Count("pk"),
        arrived=Count("pk", filter=Exists(Attendance.objects.filter(day=today, child=OuterRef("pk")))),
        handovers_waiting=Count("pk", filter=Exists(
            Handover.objects.filter(day=today, child=OuterRef("pk"), acknowledged_at__isnull=True))),
    )


# --- the child's day ------------------------------------------------------------------------------


@dataclass
class ChildDay:
    access: access.ChildAccess
    child: Child
    day: date
    today: date
    entries: list[DiaryEntry]
    handover: Handover | None
    attendance: Attendance | None
    accidents: list[Accident]
    doses: list[MedicineDose]
    observations: list[HomeObservation]
    activities: list[TakeHomeActivity]
    readers: list = field(default_factory=list)  # staff only: which carers have read this day
    family_carers: list = field(default_factory=list)  # staff only: who could read it
    good_news: int = 0

    @property
    def is_today(self):
        return self.day == self.today

    @property
    def summary_lines(self):
        """The end-of-day summary, composed now in the reader's language (never stored as sentences)."""
        return day_summary_lines(self)


def _day_probe(child: Child, day: date) -> dict:
    """Which of the day's rarer records exist (one query)."""
    return Child.objects.filter(pk=child.pk).annotate(
        has_handover=Exists(Handover.objects.filter(child=OuterRef("pk"), day=day)),
        has_attendance=Exists(Attendance.objects.filter(child=OuterRef("pk"), day=day)),
        has_accidents=Exists(Accident.objects.filter(child=OuterRef("pk"), occurred_at__date=day)),
        has_doses=Exists(MedicineDose.objects.filter(child=OuterRef("pk"), given_at__date=day)),
        has_observations=Exists(HomeObservation.objects.filter(child=OuterRef("pk"), created_at__date=day)),
        has_activities=Exists(TakeHomeActivity.objects.filter(child=OuterRef("pk"), created_at__date=day)),
    ).values("has_handover", "has_attendance", "has_accidents", "has_doses", "has_observations",
             "has_activities").get()


def child_day_for(*, viewer, child_access: access.ChildAccess, day: date, stamp: str | None = None) -> ChildDay:
    """The child's day. `stamp`: the child's day stamp, read before the day is (diaries/day_stamp.py); with it,
    which of the day's rarer records exist is kept under it instead of asked again."""
    child = child_access.child
    is_family = not child_access.is_staff
    entries_qs = DiaryEntry.objects.filter(child=child, day=day).select_related("photo", "author").prefetch_related(
        _photo_prefetch(),
        Prefetch("comments", queryset=EntryComment.objects.select_related("author")),
    )
    if is_family:
        entries_qs = family_entries(entries_qs)
    entries = list(entries_qs)
    if is_family:
        entries = [e for e in entries if e.photo_id is None or access.photo_visible_to_family(e.photo.tagged)]
    # One probe says which of the day's rarer records exist, so a quiet day costs one query, not six; while the
    # day's stamp stands its answer is kept, and a day read again costs none.
    probe = (day_stamp.kept(child.pk, day, stamp, "probe", lambda: _day_probe(child, day)) if stamp
             else _day_probe(child, day))
    handover = (Handover.objects.filter(child=child, day=day).select_related("acknowledged_by").first()
                if probe["has_handover"] else None)
    attendance = Attendance.objects.filter(child=child, day=day).first() if probe["has_attendance"] else None
    accidents = list(Accident.objects.filter(child=child, occurred_at__date=day).select_related("acknowledged_by")
                     ) if probe["has_accidents"] else []
    doses = list(MedicineDose.objects.filter(child=child, given_at__date=day).select_related("consent", "given_by")
                 ) if probe["has_doses"] else []
    observations = list(HomeObservation.objects.filter(child=child, created_at__date=day).select_related("author")
                        ) if probe["has_observations"] else []
    activities = list(
        TakeHomeActivity.objects.filter(child=child, created_at__date=day)
        .select_related("suggested_by")
        .prefetch_related(Prefetch("responses", queryset=ActivityResponse.objects.select_related("author")))
    ) if probe["has_activities"] else []
    result = ChildDay(
        access=child_access, child=child, day=day, today=child.setting.today(), entries=entries, handover=handover,
        attendance=attendance, accidents=accidents, doses=doses, observations=observations, activities=activities,
        good_news=sum(1 for e in entries if e.is_good_news and e.is_family_visible),
    )
    if child_access.is_staff:
        # Who could read the day, each marked read or not, in one query.
        result.family_carers = list(
            CarerLink.objects.filter(child=child, is_restricted=False, can_see_diary=True, carer__user__isnull=False)
            .select_related("carer")
            .annotate(has_read=Exists(ReadReceipt.objects.filter(child=child, day=day, user=OuterRef("carer__user"))))
        )
        result.readers = [link for link in result.family_carers if link.has_read]
    return result


def day_summary(day: ChildDay) -> str:
    """The composed summary as text, in the active language (the check-out page shows it as a preview)."""
    return "\n".join(day_summary_lines(day))


def day_summary_lines(day: ChildDay) -> list[str]:
    """What the family can see of the day, one sentence per line, in the active (the reader's) language.

    Composed at read time from the entries, so a Polish nanny and an Urdu-reading father of the same child each
    read it in their own language. Free text inside (what was eaten, good news) stays as the staff typed it.
    """
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    tz = day.child.setting.tz
    shared = [e for e in day.entries if e.is_family_visible]
    lines = []
    meals = [e.summary() for e in shared if e.kind == K.MEAL]
    if meals:
        lines.append(_("Ate: %(meals)s.") % {"meals": "; ".join(meals)})
    bottles = [e.ml for e in shared if e.kind == K.BOTTLE and e.ml]
    if bottles:
        lines.append(_("Bottles: %(n)s, %(ml)s ml in all.") % {
            "n": number_format(len(bottles)), "ml": number_format(sum(bottles), force_grouping=True)})
    # Each time range is isolated left to right (U+2066 ... U+2069): in an Urdu or Arabic sentence "12:30–13:40"
    # would otherwise be shown as "13:40–12:30". Invisible, and kept by plain-text emails.
    sleeps = [f"\u2066{_hhmm(e.occurred_at, tz)}–{_hhmm(e.ends_at, tz)}\u2069"
              for e in shared if e.kind == K.SLEEP and e.ends_at]
    if sleeps:
        lines.append(_("Slept: %(times)s.") % {"times": ", ".join(sleeps)})
    nappies = sum(1 for e in shared if e.kind == K.NAPPY)
    if nappies:
        lines.append(_("Nappy or toilet: %(n)s times.") % {"n": number_format(nappies)})
    good = [e.phrase_text or e.what or e.text for e in shared if e.is_good_news and (e.phrase or e.what or e.text)]
    if good:
        lines.append(_("Good news: %(news)s.") % {"news": "; ".join(good)})
    if day.accidents:
        lines.append(_("There is an accident record to read today."))
    for dose in day.doses:
        lines.append(_("Medicine: %(med)s, %(dose)s at %(t)s.") % {
            "med": dose.consent.medicine, "dose": dose.dose, "t": _hhmm(dose.given_at, tz)})
    return lines


def entry_for_viewer_or_404(*, viewer, entry_id, need=access.DIARY):
    """A diary entry the viewer may see: families never reach staff-only or retracted ones."""
    from django.http import Http404

    entry, child_access = access.child_object_or_404(
        viewer, DiaryEntry.objects.select_related("child__setting"), entry_id, need=need
    )
    if child_access.is_family and not entry.is_family_visible:
        raise Http404("Not found")
    return entry, child_access


def photo_for_viewer_or_404(*, viewer, photo_id) -> Photo:
    """Staff who see any tagged child; a family only through their own child's visible entry, consent allowing."""
    from django.http import Http404

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        raise Http404("Not found")
    tagged = list(photo.children.select_related("setting"))
    for child in tagged:
        child_access = access.child_access(viewer, child)
        if child_access is None:
            continue
        if child_access.is_staff:
            return photo
        if child_access.can_see_diary and access.photo_visible_to_family(tagged) and family_entries(
            DiaryEntry.objects.filter(child=child, photo=photo)
        ).exists():
            return photo
    raise Http404("Not found")


def medicines_for(*, child_access: access.ChildAccess):
    child = child_access.child
    consents = list(MedicineConsent.objects.filter(child=child).select_related("given_by").prefetch_related(
        Prefetch("doses", queryset=MedicineDose.objects.select_related("given_by"))))
    today = child.setting.today()
    for consent in consents:
        consent.current = consent.is_current(today)
    return consents


def current_consents_for(*, child) -> list[MedicineConsent]:
    """The child's consents a dose can be given under today: not withdrawn, and today between their dates."""
    today = child.setting.today()
    return list(MedicineConsent.objects.filter(child=child, withdrawn_at=None, starts_on__lte=today,
                                               ends_on__gte=today).order_by("medicine", "pk"))


def accidents_for(*, child_access: access.ChildAccess):
    return list(Accident.objects.filter(child=child_access.child).select_related("acknowledged_by", "recorded_by"))


def family_todo(*, viewer, links) -> list:
    """The family to-do list's diary items (families/todo.py): accidents to read and acknowledge."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from families.todo import ToDo

    children = {link.child_id: link.child for link in access.own_links_allowing(links, access.PARENTAL_RESPONSIBILITY)}
    if not children:
        return []
    pending = Accident.objects.filter(child_id__in=children, acknowledged_at__isnull=True, paper_signed_by="").exclude(
        kind=Accident.Kind.HOME_INJURY).order_by("occurred_at")
    return [ToDo(child=children[a.child_id], what=a.get_kind_display(), title=_(
        "Please read the accident record for %(name)s.") % {"name": children[a.child_id].first_name},
        url=reverse("diaries:accident_detail", args=[a.pk]), urgent=True) for a in pending]


__all__ = ["room_board_for", "child_day_for", "key_person_of", "key_person_prefetch"]


def family_handover_day(setting, now=None) -> date:
    """Which morning a family's handover is for: today's until the setting closes, then tomorrow's.

    Evenings are when parents have time; what they write at 21:30 is read at tomorrow's drop-off.
    """
    local = (now or timezone.now()).astimezone(setting.tz)
    return local.date() + timedelta(days=1) if local.time() >= setting.closes_at else local.date()
