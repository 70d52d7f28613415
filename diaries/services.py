"""Every write of the child's day. Keyword-only `<thing>_<verb>` functions, atomic, validated in full.

Validation errors carry field keys, so views show them next to the right field (families.views.apply_service).
Notifications are queued through notifications.api inside the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access, audiences
from families.languages import writer_language
from families.limits import TEXT_MAX
from families.models import AuthorisedCollector, CarerLink, Child, Membership
from notifications.api import mark_read_about, notify_child_family, notify_staff

from . import phrasebook
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
from .selectors import family_handover_day

# A clock a few minutes fast on a tablet must not refuse a real entry; anything beyond is a typo.
FUTURE_TOLERANCE = timedelta(minutes=5)
HANDOVER_FIELDS = (
    "night_sleep last_feed last_feed_at medicine_at_home medicine_at mood_health collector_name collect_at notes"
).split()
ENTRY_FIELDS = "occurred_at ends_at what amount ml nappy text phrase is_good_news staff_only".split()


def local_day(child: Child, moment: datetime) -> date:
    return moment.astimezone(child.setting.tz).date()


def _require_staff(by, child: Child) -> Membership:
    membership = access.staff_membership(by, child.setting_id)
    if membership is None:
        raise access.NotAllowed("Only staff of the child's setting may do this.")
    return membership


# --- handovers and attendance ---------------------------------------------------------------------


@transaction.atomic
def handover_send(*, child: Child, by, source: str, day: date | None = None, home_injury: str = "",
                  home_injury_body_area: str = "", **fields) -> Handover:
    """The morning handover for `day`. Sending again before it is acknowledged updates it.

    A family's is for today until the setting closes, then for tomorrow (selectors.family_handover_day); staff
    record today's at the door."""
    unknown = set(fields) - set(HANDOVER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown handover fields: {sorted(unknown)}")
    today = child.setting.today()
    day = day or (family_handover_day(child.setting) if source == Handover.Source.FAMILY else today)
    if source == Handover.Source.FAMILY and day != today and day != family_handover_day(child.setting):
        raise ValidationError(_("A family writes today's handover, or tomorrow's once the setting has closed."))
    if not any(fields.get(name) for name in HANDOVER_FIELDS) and not home_injury:
        raise ValidationError(_("Fill in at least one thing before sending."))
    handover = Handover.objects.select_for_update().filter(child=child, day=day).first()
    if handover and handover.is_acknowledged and source == Handover.Source.FAMILY:
        raise ValidationError(_("Staff have already read this handover, so it is closed. "
                                "Add a comment on the day instead."))
    if handover is None:
        handover = Handover(child=child, day=day, source=source, sent_by=by)
        if source == Handover.Source.STAFF:
            # Recorded at the door by staff: read by the person who wrote it.
            handover.acknowledged_by, handover.acknowledged_at = by, timezone.now()
    handover._history_user = by
    handover.written_in = writer_language(by)
    for name, value in fields.items():
        setattr(handover, name, value if value is not None else ("" if name not in ("last_feed_at", "medicine_at",
                                                                                      "collect_at") else None))
    handover.save()
    if home_injury:
        accident_record(
            child=child, by=by, kind=Accident.Kind.HOME_INJURY, occurred_at=timezone.now(), description=home_injury,
            body_area=home_injury_body_area, _from_family=source == Handover.Source.FAMILY,
        )
    if source == Handover.Source.FAMILY:
        notify_staff(users=audiences.family_message_staff(child), kind="family_handover", about=handover)
    return handover


@transaction.atomic
def handover_acknowledge(*, handover: Handover, by) -> Handover:
    _require_staff(by, handover.child)
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.is_acknowledged:
        return handover
    handover.acknowledged_by = by
    handover._history_user = by
    handover.acknowledged_at = timezone.now()
    handover.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    if handover.source == Handover.Source.FAMILY:
        notify_child_family(child=handover.child, kind="handover_acknowledged", about=handover, need=access.DIARY,
                            exclude_user=by)
    return handover


@transaction.atomic
def check_in(*, child: Child, by, brought_by: str, at: datetime | None = None, client_id=None) -> Attendance:
    """Arrival: time, who brought the child; the morning handover (if any) is acknowledged at the same time.

    A retry of a check-in that arrived (same client_id) returns it; another device's check-in is a refusal.
    """
    _require_staff(by, child)
    if client_id and (existing := Attendance.objects.filter(child=child, in_client_id=client_id).first()):
        return existing
    at = at or timezone.now()
    if at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"in_at": _("The arrival time cannot be in the future.")})
    if not brought_by.strip():
        raise ValidationError({"brought_by": _("Say who brought the child.")})
    day = local_day(child, at)
    if Attendance.objects.filter(child=child, day=day).exists():
        raise ValidationError(_("%(name)s is already checked in today.") % {"name": child.first_name})
    attendance = Attendance(child=child, day=day, in_at=at, brought_by=brought_by.strip(), checked_in_by=by,
                            in_client_id=client_id)
    attendance._history_user = by
    attendance.save()
    handover = Handover.objects.filter(child=child, day=day).first()
    if handover:
        handover_acknowledge(handover=handover, by=by)
    return attendance


def collection_choices(child: Child):
    """Who may collect this child: unrestricted linked carers marked may_collect, and active collectors."""
    links = list(CarerLink.objects.filter(child=child, is_restricted=False, may_collect=True).select_related("carer"))
    collectors = list(AuthorisedCollector.objects.filter(child=child, is_active=True))
    return links, collectors


@transaction.atomic
def check_out(*, child: Child, by, link: CarerLink | None = None, collector: AuthorisedCollector | None = None,
              collection_password: str = "", other_name: str = "", override_reason: str = "",
              day_summary: str = "", at: datetime | None = None, client_id=None) -> Attendance:
    """Release the child to someone allowed to collect, or (a manager, with a reason) to someone else.

    A retry of a check-out that arrived (same client_id) returns it; one made meanwhile elsewhere is a refusal.
    """
    membership = _require_staff(by, child)
    if client_id and (existing := Attendance.objects.filter(child=child, out_client_id=client_id).first()):
        return existing
    at = at or timezone.now()
    day = local_day(child, at)
    attendance = Attendance.objects.select_for_update().filter(child=child, day=day).first()
    if attendance is None:
        raise ValidationError(_("%(name)s has not been checked in today.") % {"name": child.first_name})
    if attendance.out_at:
        raise ValidationError(_("%(name)s has already been collected today.") % {"name": child.first_name})
    if at < attendance.in_at:
        raise ValidationError({"out_at": _("The collection time cannot be before the arrival time.")})
    chosen = [x for x in (link, collector, other_name.strip()) if x]
    if len(chosen) != 1:
        raise ValidationError({"collector": _("Choose who is collecting.")})
    attendance.collected_by_link = attendance.collected_by_collector = None
    attendance.override_by, attendance.override_reason = None, ""
    if link is not None:
        if link.child_id != child.pk or link.is_restricted or not link.may_collect:
            raise ValidationError({"collector": _("%(name)s is not allowed to collect %(child)s.") % {
                "name": link.carer.full_name, "child": child.first_name}})
        attendance.collected_by_link = link
        attendance.collected_by_name = link.carer.full_name
    elif collector is not None:
        if collector.child_id != child.pk or not collector.is_active:
            raise ValidationError({"collector": _("%(name)s is not allowed to collect %(child)s.") % {
                "name": collector.full_name, "child": child.first_name}})
        if not collector.check_collection_password(collection_password):
            raise ValidationError({"collection_password": _(
                "The collection password is wrong. Do not release the child; call the family or a manager.")})
        attendance.collected_by_collector = collector
        attendance.collected_by_name = collector.full_name
    else:
        if not membership.is_manager:
            raise ValidationError({"collector": _(
                "%(name)s is not on %(child)s's list of people who may collect. Only a manager can override this, "
                "with a reason.") % {"name": other_name.strip(), "child": child.first_name}})
        if not override_reason.strip():
            raise ValidationError({"override_reason": _("Give the reason for releasing the child to this person.")})
        attendance.collected_by_name = other_name.strip()
        attendance.override_by = by
        attendance.override_reason = override_reason.strip()
    attendance.out_at = at
    attendance.out_client_id = client_id
    attendance.checked_out_by = by
    attendance._history_user = by
    attendance.day_summary = day_summary.strip()
    attendance.day_summary_written_in = writer_language(by) if attendance.day_summary else ""
    attendance._change_reason = "override: " + attendance.override_reason if attendance.override_reason else "check-out"
    attendance.save()
    notify_child_family(child=child, kind="end_of_day_summary", about=attendance, need=access.DIARY,
                        key=f"end-of-day-{attendance.pk}")
    return attendance


# --- diary entries --------------------------------------------------------------------------------


def _validate_entry(child: Child, kind: str, values: dict):
    errors = {}
    now = timezone.now()
    occurred_at, ends_at = values.get("occurred_at"), values.get("ends_at")
    if occurred_at is None:
        errors["occurred_at"] = _("Give the time.")
    elif occurred_at > now + FUTURE_TOLERANCE:
        errors["occurred_at"] = {
            DiaryEntry.Kind.MEAL: _("A meal cannot be logged in the future."),
            DiaryEntry.Kind.BOTTLE: _("A feed cannot be logged in the future."),
        }.get(kind, _("This time is in the future."))
    if ends_at is not None:
        if kind != DiaryEntry.Kind.SLEEP:
            errors["ends_at"] = _("Only a sleep has an end time.")
        elif occurred_at is not None and ends_at < occurred_at:
            errors["ends_at"] = _("The sleep cannot end before it starts.")
        elif ends_at > now + FUTURE_TOLERANCE:
            errors["ends_at"] = _("The wake-up time is in the future.")
    ml = values.get("ml")
    if ml is not None and ml < 0:
        errors["ml"] = _("The amount cannot be negative.")
    if kind == DiaryEntry.Kind.BOTTLE and ml is None:
        errors["ml"] = _("Give the amount in ml.")
    if ml is not None and ml > 1000:
        errors["ml"] = _("That is more than any bottle holds; check the amount.")
    if kind == DiaryEntry.Kind.MEAL and not values.get("what"):
        errors["what"] = _("Say what was eaten.")
    if kind == DiaryEntry.Kind.NAPPY and not values.get("nappy"):
        errors["nappy"] = _("Choose wet, dirty, dry or toilet.")
    if values.get("phrase") and values["phrase"] not in phrasebook.PHRASES:
        errors["phrase"] = _("Choose a phrase from the list.")
    if kind in (DiaryEntry.Kind.ACTIVITY, DiaryEntry.Kind.WELLBEING, DiaryEntry.Kind.NOTE) and not (
        values.get("text") or values.get("what") or values.get("phrase")
    ):
        errors["text"] = _("Write something.")
    if kind == DiaryEntry.Kind.PHOTO and not values.get("photo"):
        errors["photo"] = _("Add the photo.")
    for name, choices in (("amount", DiaryEntry.Amount.values), ("nappy", DiaryEntry.Nappy.values)):
        if values.get(name) and values[name] not in choices:
            errors[name] = _("Choose one of the options offered.")
    for name, limit in (("text", TEXT_MAX), ("what", 200)):
        value = values.get(name)
        if isinstance(value, str):
            if len(value) > limit:
                errors[name] = _("Keep this to %(limit)d characters; it has %(n)d.") % {"limit": limit, "n": len(value)}
            elif "\x00" in value:
                errors[name] = _("This text contains a character that cannot be saved (NUL); remove it.")
    if errors:
        raise ValidationError(errors)


def _clean_values(fields: dict) -> dict:
    values = {}
    for name, value in fields.items():
        if name not in ENTRY_FIELDS and name != "photo":
            raise TypeError(f"Unknown diary entry field {name!r}")
        if value is None and name in ("what", "amount", "nappy", "text", "phrase"):
            value = ""
        values[name] = value
    return values


@transaction.atomic
def entry_create(*, child: Child, by, kind: str, client_id=None, **fields) -> DiaryEntry:
    """A new entry. With the device's client_id, a retry of a request that arrived returns the entry it made."""
    _require_staff(by, child)
    if client_id and (existing := DiaryEntry.objects.filter(child=child, client_id=client_id).first()):
        return existing
    if kind not in DiaryEntry.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of entry this is.")})
    values = _clean_values(fields)
    values.setdefault("occurred_at", timezone.now())
    _validate_entry(child, kind, values)
    entry = DiaryEntry(child=child, kind=kind, day=local_day(child, values["occurred_at"]), author=by,
                       written_in=writer_language(by), client_id=client_id, **values)
    entry._history_user = by
    return _save_once(entry, DiaryEntry.objects.filter(child=child, client_id=client_id) if client_id else None)


def _save_once(row, same_request):
    """Save a new row; when a retry of the same request won the race (unique client id), return that one."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        existing = same_request.first() if same_request is not None else None
        if existing is None:
            raise
        return existing
    return row


@transaction.atomic
def entries_create_bulk(*, children_values: list[tuple[Child, dict]], by, kind: str, client_id=None,
                        **shared) -> list[DiaryEntry]:
    """One entry per child (e.g. lunch for the whole room, an amount each). All or nothing.

    The device's client_id is stored on each child's entry: a retry returns the entries the first try made.

    Errors name the child: {"amount_<child id>": [...]} so the board shows them on the child's row.
    """
    if not children_values:
        raise ValidationError({"children": _("Choose at least one child.")})
    entries, errors = [], {}
    for child, own in children_values:
        try:
            entries.append(entry_create(child=child, by=by, kind=kind, client_id=client_id, **{**shared, **own}))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                key = field if field in shared else f"{field}_{child.pk}"
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return entries


def _locked_current(entry: DiaryEntry, version: int | None) -> DiaryEntry:
    current = DiaryEntry.objects.select_for_update().select_related("child__setting").get(pk=entry.pk)
    if version is not None and current.version != version:
        who = current.history.first()
        raise ValidationError(_(
            "Someone else changed this entry while you were editing it (%(who)s at %(when)s). "
            "Your changes were not saved: check the entry as it is now and make your change again."
        ) % {"who": getattr(getattr(who, "history_user", None), "full_name", "") or _("a colleague"),
             "when": timezone.localtime(current.updated_at).strftime("%H:%M")}, code="stale")
    if current.is_retracted:
        raise ValidationError(_("This entry has been retracted and cannot be changed."))
    return current


@transaction.atomic
def entry_amend(*, entry: DiaryEntry, by, version: int | None, reason: str, client_id=None,
                **fields) -> DiaryEntry:
    """Change an entry, keeping who, when, before and after in its history. A stale version is refused.

    A retry of a change that arrived (same client_id) returns the entry as it is, not "changed by someone else".
    """
    _require_staff(by, entry.child)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are changing this entry.")})
    if client_id and (done := DiaryEntry.objects.filter(pk=entry.pk, amend_client_id=client_id).first()):
        return done
    current = _locked_current(entry, version)
    values = {name: getattr(current, name) for name in ENTRY_FIELDS}
    values["photo"] = current.photo
    values.update(_clean_values(fields))
    _validate_entry(current.child, current.kind, values)
    typed_changed = any(values[name] != getattr(current, name) for name in ("what", "text"))
    for name, value in values.items():
        setattr(current, name, value)
    if typed_changed:
        current.written_in = writer_language(by)
    current.day = local_day(current.child, current.occurred_at)
    current.version += 1
    current.amend_client_id = client_id
    current._change_reason = reason.strip()
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def sleep_end(*, entry: DiaryEntry, by, ends_at: datetime | None = None) -> DiaryEntry:
    """"Woke up" on the board: ends a sleep that is still running."""
    if entry.kind != DiaryEntry.Kind.SLEEP:
        raise ValidationError(_("Only a sleep can be ended."))
    return entry_amend(entry=entry, by=by, version=None, reason=_("Woke up"), ends_at=ends_at or timezone.now())


@transaction.atomic
def entry_retract(*, entry: DiaryEntry, by, version: int | None, reason: str) -> DiaryEntry:
    """Take an entry back (it was for the wrong child, say). Families stop seeing it; history keeps it."""
    _require_staff(by, entry.child)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you are retracting this entry.")})
    current = _locked_current(entry, version)
    current.is_retracted = True
    current.retracted_reason = reason.strip()
    current.version += 1
    current._change_reason = _("Retracted: %(reason)s") % {"reason": reason.strip()}
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def comment_add(*, entry: DiaryEntry, by, text: str, client_id=None) -> EntryComment:
    """A comment in the entry's thread. Families need CONTRIBUTE and never reach staff-only entries.

    A retry of a comment that arrived (same client_id, e.g. written in a tunnel and sent later) returns it.
    """
    child_access = access.child_access(by, entry.child)
    if child_access is None or not child_access.allows(access.CONTRIBUTE):
        raise access.NotAllowed("May not comment on this child's diary.")
    if child_access.is_family and not entry.is_family_visible:
        raise access.NotAllowed("Families cannot comment on this entry.")
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    if client_id and (existing := EntryComment.objects.filter(entry=entry, client_id=client_id).first()):
        return existing
    new = EntryComment(entry=entry, author=by, by_staff=child_access.is_staff, text=text.strip(),
                       written_in=writer_language(by), client_id=client_id)
    comment = _save_once(new, EntryComment.objects.filter(entry=entry, client_id=client_id) if client_id else None)
    if comment is not new:
        return comment  # its twin arrived first, and everyone was told then
    if child_access.is_staff:
        if entry.is_family_visible:  # a family never hears of an entry it cannot see
            notify_child_family(child=entry.child, kind="comment_reply", about=comment, need=access.DIARY,
                                exclude_user=by)
    else:
        notify_staff(users=audiences.family_message_staff(entry.child, author=entry.author if entry.author_id else None),
                     kind="family_comment", about=comment)
    return comment


def read_receipt_record(*, child: Child, day: date, user, carer=None) -> bool:
    """A family carer opened the child's day: the first read is kept (one row per carer and day).

    Returns True when this was the first read. Later reads are not written, so reading stays cheap.
    """
    created = ReadReceipt.objects.bulk_create(
        [ReadReceipt(child=child, day=day, user=user, carer=carer, first_read_at=timezone.now(),
                     last_read_at=timezone.now())],
        ignore_conflicts=True,
    )
    return bool(created and created[0].pk)


# --- photos ---------------------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, children: list[Child], by, image, caption: str = "", is_good_news: bool = False,
              staff_only: bool = False, occurred_at: datetime | None = None) -> Photo:
    """`image` must already be validated and re-encoded (families.uploads). One photo entry per tagged child."""
    if not children:
        raise ValidationError({"children": _("Tag at least one child.")})
    settings_ids = {c.setting_id for c in children}
    if len(settings_ids) != 1:
        raise ValidationError({"children": _("Children of different settings cannot share a photo.")})
    for child in children:
        _require_staff(by, child)
    photo = Photo.objects.create(image=image, caption=caption.strip(), taken_by=by)
    photo.children.set(children)
    for child in children:
        entry_create(child=child, by=by, kind=DiaryEntry.Kind.PHOTO, photo=photo, text=caption.strip(),
                     is_good_news=is_good_news, staff_only=staff_only, occurred_at=occurred_at or timezone.now())
    return photo


# --- home observations and take-home activities ---------------------------------------------------


@transaction.atomic
def home_observation_add(*, child: Child, by, text: str, observed_on: date, photo=None) -> HomeObservation:
    if not text.strip():
        raise ValidationError({"text": _("Tell us what you noticed.")})
    if observed_on > child.setting.today():
        raise ValidationError({"observed_on": _("This date is in the future.")})
    observation = HomeObservation.objects.create(child=child, author=by, text=text.strip(), observed_on=observed_on,
                                                 photo=photo or "", written_in=writer_language(by))
    notify_staff(users=audiences.family_message_staff(child), kind="family_comment", about=observation)
    return observation


@transaction.atomic
def home_observation_acknowledge(*, observation: HomeObservation, by, reply: str = "") -> HomeObservation:
    _require_staff(by, observation.child)
    observation = HomeObservation.objects.select_for_update().get(pk=observation.pk)
    observation.acknowledged_by = by
    observation.acknowledged_at = observation.acknowledged_at or timezone.now()
    if reply.strip():
        observation.staff_reply = reply.strip()
        observation.reply_written_in = writer_language(by)
    observation.save()
    notify_child_family(child=observation.child, kind="home_observation_acknowledged", about=observation,
                        need=access.DIARY, key=f"home-observation-ack-{observation.pk}")
    return observation


@transaction.atomic
def activity_suggest(*, child: Child, by, title: str, description: str, entry: DiaryEntry | None = None):
    _require_staff(by, child)
    errors = {}
    if not title.strip():
        errors["title"] = _("Name the activity.")
    if not description.strip():
        errors["description"] = _("Say how to do it at home.")
    if entry is not None and entry.child_id != child.pk:
        errors["entry"] = _("That entry belongs to another child.")
    if errors:
        raise ValidationError(errors)
    activity = TakeHomeActivity.objects.create(child=child, suggested_by=by, title=title.strip(),
                                               description=description.strip(), entry=entry)
    notify_child_family(child=child, kind="activity_suggested", about=activity, need=access.DIARY)
    return activity


@transaction.atomic
def activity_respond(*, activity: TakeHomeActivity, by, text: str) -> ActivityResponse:
    if not text.strip():
        raise ValidationError({"text": _("Tell us how it went.")})
    response = ActivityResponse.objects.create(activity=activity, author=by, text=text.strip())
    notify_staff(users=audiences.family_message_staff(activity.child, author=activity.suggested_by),
                 kind="activity_reported_back", about=response)
    return response


@transaction.atomic
def activity_response_acknowledge(*, response: ActivityResponse, by, reply: str = "") -> ActivityResponse:
    """Staff have read how a take-home activity went (and may reply); the family is told, once."""
    child = response.activity.child
    _require_staff(by, child)
    response = ActivityResponse.objects.select_for_update().select_related("activity__child").get(pk=response.pk)
    response.acknowledged_by = by
    response.acknowledged_at = response.acknowledged_at or timezone.now()
    response.staff_reply = reply.strip() or response.staff_reply
    response.save()
    notify_child_family(child=child, kind="activity_response_acknowledged", about=response, need=access.DIARY,
                        key=f"activity-response-ack-{response.pk}")
    return response


# --- accidents and incidents ----------------------------------------------------------------------


@transaction.atomic
def accident_record(*, child: Child, by, occurred_at: datetime, description: str, kind: str = Accident.Kind.ACCIDENT,
                    location: str = "", body_area: str = "", first_aid: str = "", witness: str = "",
                    parent_informed_at: datetime | None = None, parent_informed_how: str = "",
                    _from_family: bool = False) -> Accident:
    if not _from_family:
        _require_staff(by, child)
    errors = {}
    now = timezone.now()
    if occurred_at > now + FUTURE_TOLERANCE:
        errors["occurred_at"] = _("This time is in the future.")
    if not description.strip():
        errors["description"] = _("Say what happened.")
    if kind != Accident.Kind.HOME_INJURY and not _from_family:
        if not first_aid.strip():
            errors["first_aid"] = _("Say what first aid was given (or 'none needed').")
    if parent_informed_at and parent_informed_at < occurred_at:
        errors["parent_informed_at"] = _("The parent cannot have been informed before it happened.")
    if errors:
        raise ValidationError(errors)
    accident = Accident(
        child=child, kind=kind, occurred_at=occurred_at, location=location.strip(), description=description.strip(),
        body_area=body_area.strip(), first_aid=first_aid.strip(), witness=witness.strip(), recorded_by=by,
        parent_informed_at=parent_informed_at, parent_informed_how=parent_informed_how.strip(),
        written_in=writer_language(by),
    )
    accident._history_user = by
    accident.save()
    if kind != Accident.Kind.HOME_INJURY:
        notify_child_family(child=child, kind="accident_recorded", about=accident, need=access.DIARY)
    else:
        notify_staff(users=audiences.family_message_staff(child), kind="family_handover", about=accident)
    return accident


@transaction.atomic
def accident_acknowledge(*, accident: Accident, by) -> Accident:
    """The parent's acknowledgement in the portal (a carer with parental responsibility)."""
    child_access = access.child_access(by, accident.child)
    if child_access is None or not child_access.has_parental_responsibility:
        raise access.NotAllowed("Only a carer with parental responsibility acknowledges an accident.")
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    if accident.kind == Accident.Kind.HOME_INJURY:
        raise ValidationError(_("The family reported this injury; there is nothing to acknowledge."))
    if accident.acknowledged_at is None:
        accident.acknowledged_by, accident.acknowledged_at = by, timezone.now()
        accident.parent_informed_at = accident.parent_informed_at or accident.acknowledged_at
        accident._history_user = by
        accident.save()
    # Acknowledged for the family: off every parent's to-do list, and their notifications about it are read.
    mark_read_about(about=accident, child=accident.child, need=access.PARENTAL_RESPONSIBILITY)
    return accident


@transaction.atomic
def accident_paper_signature(*, accident: Accident, by, signed_by: str) -> Accident:
    """Staff record that a parent signed the paper accident form."""
    _require_staff(by, accident.child)
    if not signed_by.strip():
        raise ValidationError({"signed_by": _("Who signed the form?")})
    accident = Accident.objects.select_for_update().get(pk=accident.pk)
    accident.paper_signed_by, accident.paper_recorded_by = signed_by.strip(), by
    accident.parent_informed_at = accident.parent_informed_at or timezone.now()
    accident._history_user = by
    accident.save()
    return accident


# --- medicines ------------------------------------------------------------------------------------


@transaction.atomic
def medicine_consent_give(*, child: Child, by, medicine: str, dose: str, when: str, starts_on: date,
                          ends_on: date) -> MedicineConsent:
    child_access = access.child_access(by, child)
    if child_access is None or not child_access.has_parental_responsibility:
        raise access.NotAllowed("Only a carer with parental responsibility gives medicine consent.")
    errors = {}
    for name, value, message in (("medicine", medicine, _("Name the medicine.")), ("dose", dose, _("Give the dose.")),
                                 ("when", when, _("Say when it should be given."))):
        if not (value or "").strip():
            errors[name] = message
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    if ends_on and ends_on < child.setting.today():
        errors["ends_on"] = _("This consent would already have ended.")
    if errors:
        raise ValidationError(errors)
    consent = MedicineConsent(
        child=child, given_by=by, carer=child_access.link.carer, medicine=medicine.strip(), dose=dose.strip(),
        when=when.strip(), starts_on=starts_on, ends_on=ends_on,
    )
    consent._history_user = by
    consent.save()
    return consent


@transaction.atomic
def medicine_consent_withdraw(*, consent: MedicineConsent, by) -> MedicineConsent:
    child_access = access.child_access(by, consent.child)
    if child_access is None or not (child_access.has_parental_responsibility or child_access.is_manager):
        raise access.NotAllowed("May not withdraw this consent.")
    consent.withdrawn_at = consent.withdrawn_at or timezone.now()
    consent._history_user = by
    consent.save()
    return consent


@transaction.atomic
def medicine_dose_record(*, child: Child, by, consent: MedicineConsent | None, given_at: datetime, dose: str,
                         witness: str = "", notes: str = "") -> MedicineDose:
    """A dose given in the setting. Refused without a current written consent for this child."""
    _require_staff(by, child)
    errors = {}
    if consent is None:
        errors["consent"] = _("There is no written consent for this medicine: do not give it. Ask a parent with "
                              "parental responsibility to give consent in the portal first.")
    elif consent.child_id != child.pk:
        errors["consent"] = _("This consent is for another child.")
    if given_at > timezone.now() + FUTURE_TOLERANCE:
        errors["given_at"] = _("This time is in the future.")
    if consent is not None and "consent" not in errors:
        consent = MedicineConsent.objects.select_for_update().get(pk=consent.pk)
        if not consent.is_current(local_day(child, given_at)):
            errors["consent"] = _("The consent for %(medicine)s is not current on this day (%(from)s to %(to)s%(w)s).") % {
                "medicine": consent.medicine, "from": consent.starts_on, "to": consent.ends_on,
                "w": _(", withdrawn") if consent.withdrawn_at else ""}
    if not dose.strip():
        errors["dose"] = _("Give the dose given.")
    if errors:
        raise ValidationError(errors)
    given = MedicineDose(consent=consent, child=child, given_at=given_at, dose=dose.strip(), given_by=by,
                         witness=witness.strip(), notes=notes.strip())
    given._history_user = by
    given.save()
    notify_child_family(child=child, kind="medicine_dose_given", about=given, need=access.DIARY)
    return given


# --- absence --------------------------------------------------------------------------------------

ABSENCE_DAYS_AHEAD = 60


@transaction.atomic
def absence_report(*, child: Child, by, day: date, reason: str, note: str = "") -> Absence:
    """The child is off on `day` (today or later), and why. Saying it again for the same day updates it."""
    today = child.setting.today()
    if day < today:
        raise ValidationError({"day": _("An absence is reported for today or a day ahead, not for a past day.")})
    if day > today + timedelta(days=ABSENCE_DAYS_AHEAD):
        raise ValidationError({"day": _("Report an absence at most %(n)s days ahead.") % {"n": ABSENCE_DAYS_AHEAD}})
    if reason not in Absence.Reason.values:
        raise ValidationError({"reason": _("Choose ill, holiday or other.")})
    if Attendance.objects.filter(child=child, day=day).exists():
        raise ValidationError({"day": _("%(name)s is already checked in that day.") % {"name": child.first_name}})
    absence = Absence.objects.select_for_update().filter(child=child, day=day).first() or Absence(
        child=child, day=day)
    absence.reason, absence.note, absence.reported_by = reason, note.strip(), by
    absence._history_user = by
    absence.save()
    if access.staff_membership(by, child.setting_id) is None:
        notify_staff(users=audiences.family_message_staff(child), kind="family_absence", about=absence)
    return absence
