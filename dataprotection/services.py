"""Writes for subject access, retention and erasure. Keyword-only, atomic, validated in full.

Access (who may call these for which child) is checked again here, not only in the views: a hand-made POST meets
the same rules. The rules themselves live in families/access.py.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from families import access, audiences
from families.models import Carer, CarerLink
from notifications.api import notify_carer, notify_staff

from .models import LINK_VALID_FOR, SafeguardingReview, SubjectAccessEvent, SubjectAccessRequest

log = logging.getLogger(__name__)


def _safeguarding_records_of(child):
    from partnerships.models import SafeguardingRecord

    return SafeguardingRecord.objects.filter(child=child)


def _log(sar, kind, by=None):
    SubjectAccessEvent.objects.create(request=sar, kind=kind, by=by)


def _enqueue_build(sar):
    from .tasks import build_subject_access

    sar_id = sar.pk
    transaction.on_commit(lambda: build_subject_access.delay(sar_id))


def reviews_outstanding(sar) -> bool:
    """A manager's copy waits until the DSL has reviewed every safeguarding record of the child."""
    if sar.copy != SubjectAccessRequest.Copy.MANAGER:
        return False
    reviewed = SafeguardingReview.objects.filter(request=sar).values("record_id")
    return _safeguarding_records_of(sar.child).exclude(pk__in=reviewed).exists()


@transaction.atomic
def subject_access_request(*, child, by, requester: Carer | None = None, on_paper: bool = False,
                           received_on=None, copy: str = SubjectAccessRequest.Copy.FAMILY) -> SubjectAccessRequest:
    """Record a subject access request and start building the copy.

    A family carer with parental responsibility asks for themselves (a family's copy). A manager records a request
    made on paper or in person, for a carer of the child, as a family's copy or a manager's copy.
    """
    today = child.setting.today()
    membership = access.staff_membership(by, child.setting_id)
    if membership is not None and membership.is_manager:
        if requester is None or not CarerLink.objects.filter(child=child, carer=requester).exists():
            raise ValidationError({"requester": _("Choose the carer of this child who made the request.")})
        received_on = received_on or today
        if received_on > today:
            raise ValidationError({"received_on": _("The request cannot have been received in the future.")})
        if received_on < today - timedelta(days=366):
            raise ValidationError({"received_on": _("Give the date the request was received, within the last year.")})
    elif access.may_ask_for_subject_access(by, child):
        link = access.links_of(by).filter(child=child).select_related("carer").first()
        requester, on_paper, received_on, copy = link.carer, False, today, SubjectAccessRequest.Copy.FAMILY
    else:
        raise PermissionDenied("Only a carer with parental responsibility, or a manager, asks for subject access.")
    if copy not in SubjectAccessRequest.Copy.values:
        raise ValidationError({"copy": _("Choose which copy to prepare.")})
    waiting = SubjectAccessRequest.objects.filter(
        child=child, requester=requester, copy=copy,
        status__in=[SubjectAccessRequest.Status.REQUESTED, SubjectAccessRequest.Status.BUILDING]).first()
    if waiting is not None:
        return waiting  # asked twice (a double click, or again before the first is ready): one request
    sar = SubjectAccessRequest.objects.create(
        setting=child.setting, child=child, requester=requester, made_by=by, on_paper=on_paper, copy=copy,
        received_on=received_on)
    _log(sar, SubjectAccessEvent.Kind.REQUESTED, by)
    notify_staff(users=audiences.managers_of(child.setting), kind="subject_access_requested", about=sar,
                 key=f"subject_access_requested:{sar.pk}")
    if reviews_outstanding(sar):
        notify_staff(users=audiences.dsls_of(child.setting), kind="subject_access_review_needed", about=sar,
                     key=f"subject_access_review_needed:{sar.pk}")
    else:
        _enqueue_build(sar)
    return sar


@transaction.atomic
def safeguarding_review_decide(*, sar, record, by, decision: str, note: str = "") -> SafeguardingReview:
    """The DSL decides, record by record, what of the safeguarding file goes into a manager's copy."""
    membership = access.staff_membership(by, sar.setting_id)
    if membership is None or not membership.is_dsl:
        raise PermissionDenied("Only the designated safeguarding lead reviews safeguarding records.")
    if sar.copy != SubjectAccessRequest.Copy.MANAGER:
        raise ValidationError(_("Safeguarding records never go into a family's copy."))
    if record.child_id != sar.child_id:
        raise ValidationError(_("This record is about another child."))
    if decision not in SafeguardingReview.Decision.values:
        raise ValidationError({"decision": _("Choose whether to include or withhold the record.")})
    if sar.status not in (SubjectAccessRequest.Status.REQUESTED,):
        raise ValidationError(_("This copy is already prepared; ask for it to be prepared again to change it."))
    review, _created = SafeguardingReview.objects.update_or_create(
        request=sar, record=record,
        defaults={"decision": decision, "note": note, "reviewed_by": by, "reviewed_at": timezone.now()})
    _log(sar, SubjectAccessEvent.Kind.REVIEWED, by)
    if not reviews_outstanding(sar):
        _enqueue_build(sar)
    return review


@transaction.atomic
def subject_access_prepare_again(*, sar, by) -> SubjectAccessRequest:
    """A link that expired (or a failed build) is prepared again from the records as they are now."""
    locked = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if locked.status in (SubjectAccessRequest.Status.REQUESTED, SubjectAccessRequest.Status.BUILDING):
        return locked
    if locked.is_downloadable:
        raise ValidationError(_("The copy is ready: download it from this page."))
    _remove_archive(locked)
    locked.status = SubjectAccessRequest.Status.REQUESTED
    locked.save(update_fields=["status", "archive", "expires_at"])
    _log(locked, SubjectAccessEvent.Kind.REQUESTED, by)
    if not reviews_outstanding(locked):
        _enqueue_build(locked)
    return locked


def _remove_archive(sar):
    if sar.archive:
        sar.archive.delete(save=False)
    sar.archive = ""
    sar.expires_at = None


def subject_access_build(*, sar_id: int) -> str:
    """On a worker: build the ZIP, store it privately, say it is ready. Safe to run twice."""
    from . import export

    waiting = SubjectAccessRequest.objects.filter(pk=sar_id).first()
    if waiting is None or reviews_outstanding(waiting):
        return "waiting for the DSL's review"
    with transaction.atomic():
        claimed = SubjectAccessRequest.objects.filter(
            pk=sar_id, status=SubjectAccessRequest.Status.REQUESTED).update(status=SubjectAccessRequest.Status.BUILDING)
    if not claimed:
        return "not waiting"
    sar = SubjectAccessRequest.objects.select_related("child__setting", "setting", "requester__user").get(pk=sar_id)
    try:
        data = export.build_archive(sar)
    except Exception:
        log.exception("Subject access copy %s could not be built", sar_id)
        with transaction.atomic():
            SubjectAccessRequest.objects.filter(pk=sar_id).update(status=SubjectAccessRequest.Status.FAILED)
            _log(sar, SubjectAccessEvent.Kind.FAILED)
        return "failed"
    with transaction.atomic():
        name = f"subject-access-{sar.pk}-{timezone.now():%Y%m%d%H%M%S}.zip"
        sar.archive.save(name, ContentFile(data), save=False)
        sar.status = SubjectAccessRequest.Status.READY
        sar.built_at = timezone.now()
        sar.expires_at = sar.built_at + LINK_VALID_FOR
        sar.save(update_fields=["archive", "status", "built_at", "expires_at"])
        _log(sar, SubjectAccessEvent.Kind.BUILT)
        if sar.copy == SubjectAccessRequest.Copy.FAMILY and sar.requester and sar.requester.user_id:
            notify_carer(child=sar.child, user=sar.requester.user, kind="subject_access_ready", about=sar,
                         need=access.PARENTAL_RESPONSIBILITY, key=f"subject_access_ready:{sar.pk}:{sar.built_at:%s}")
    return "ready"


@transaction.atomic
def subject_access_downloaded(*, sar, by) -> None:
    """Log the download; the first one answers the request (the deadline reminder stops)."""
    _log(sar, SubjectAccessEvent.Kind.DOWNLOADED, by)
    SubjectAccessRequest.objects.filter(pk=sar.pk, answered_at__isnull=True).update(answered_at=timezone.now())


def subject_access_expire_links(now=None) -> int:
    """Daily: remove the files behind expired download links (a copy is not kept longer than its link works)."""
    now = now or timezone.now()
    removed = 0
    for sar in SubjectAccessRequest.objects.filter(expires_at__lte=now).exclude(archive=""):
        with transaction.atomic():
            sar.archive.delete(save=False)
            SubjectAccessRequest.objects.filter(pk=sar.pk).update(archive="")
            removed += 1
    return removed


# --- retention and erasure -----------------------------------------------------------------------------------


def _refuse_unless_manager(by, setting):
    membership = access.staff_membership(by, setting)
    if membership is None or not membership.is_manager:
        raise PermissionDenied("Only a manager of this setting does this.")


@transaction.atomic
def retention_review_list(*, setting, today=None):
    """The daily listing: what is past its retention date now. Returns the new review, or None with nothing due.

    A listing the managers have not confirmed yet is replaced by today's, so what they see is always current.
    """
    from . import retention
    from .models import RetentionItem, RetentionReview

    today = today or setting.today()
    due, _on_hold = retention.past_date(setting, today)
    RetentionReview.objects.filter(setting=setting, confirmed_at__isnull=True).delete()
    if not due:
        return None
    review = RetentionReview.objects.create(setting=setting, listed_on=today)
    RetentionItem.objects.bulk_create([
        RetentionItem(review=review, record_type=d.held.record_type, model=d.held.model, object_id=d.object_id,
                      child_id=d.child_id, due_on=d.due_on) for d in due])
    notify_staff(users=audiences.managers_of(setting), kind="retention_review_ready", about=review,
                 key=f"retention_review_ready:{setting.pk}:{today.isoformat()}")
    return review


def retention_reviews_list_all() -> int:
    from families.models import Setting

    return sum(1 for setting in Setting.objects.all() if retention_review_list(setting=setting) is not None)


@transaction.atomic
def retention_period_set(*, setting, by, record_type: str, years: int):
    from . import held
    from .models import RetentionPeriod

    _refuse_unless_manager(by, setting)
    if record_type not in held.RECORD_TYPES:
        raise ValidationError({"record_type": _("Choose a record type.")})
    if not 1 <= int(years) <= 100:
        raise ValidationError({"years": _("Give a number of years between 1 and 100.")})
    period, _created = RetentionPeriod.objects.update_or_create(
        setting=setting, record_type=record_type, defaults={"years": years, "changed_by": by})
    return period


@transaction.atomic
def leaver_access_days_set(*, setting, by, days: int):
    """How long a leaver's family keeps read access; every leaver's end date moves with it (families/access.py)."""
    from families.models import Child, Setting

    _refuse_unless_manager(by, setting)
    if not 0 <= int(days) <= 730:
        raise ValidationError({"leaver_access_days": _("Give a number of days between 0 and 730.")})
    Setting.objects.filter(pk=setting.pk).update(leaver_access_days=days)
    setting.leaver_access_days = days
    for child_id, leave_date in Child.objects.filter(setting=setting, leave_date__isnull=False).values_list(
            "pk", "leave_date"):
        Child.objects.filter(pk=child_id).update(access_ends_on=leave_date + timedelta(days=int(days)))
    return setting


@transaction.atomic
def legal_hold_place(*, child, by, reason: str, record_type: str = ""):
    from . import held
    from .models import LegalHold

    _refuse_unless_manager(by, child.setting)
    if record_type and record_type not in held.RECORD_TYPES:
        raise ValidationError({"record_type": _("Choose a record type.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the records are held.")})
    return LegalHold.objects.create(setting=child.setting, child=child, record_type=record_type,
                                    reason=reason.strip(), placed_by=by)


@transaction.atomic
def legal_hold_lift(*, hold, by):
    _refuse_unless_manager(by, hold.setting)
    if hold.lifted_at is None:
        hold.lifted_at, hold.lifted_by = timezone.now(), by
        hold.save(update_fields=["lifted_at", "lifted_by"])
    return hold


def _wipe(obj, keep=()) -> list:
    """Take the content out of a row the reports count: text and JSON emptied, files listed for deletion; the
    dates, links, choices and flags the reports count by stay. A postcode keeps only its district (the reach
    section counts by district). Returns the files to delete."""
    from django.db import models as m

    from .held import HELD

    deleted = {h.model for h in HELD if not h.anonymise}
    files = []
    for f in obj._meta.concrete_fields:
        if f.is_relation and f.null and f.related_model._meta.label in deleted:
            setattr(obj, f.attname, None)  # a link to a record that is deleted (a diary entry's photo)
            continue
        if f.primary_key or f.is_relation or f.name in keep:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, m.FileField):
            if value:
                files.append(value)
            setattr(obj, f.attname, "")
        elif isinstance(f, m.JSONField):
            setattr(obj, f.attname, f.get_default())
        elif isinstance(f, (m.CharField, m.TextField)) and not f.choices:
            if f.name == "postcode" and hasattr(obj, "postcode_district"):
                setattr(obj, f.attname, obj.postcode_district)
            elif f.unique:
                setattr(obj, f.attname, f"erased-{obj.pk}")
            else:
                setattr(obj, f.attname, None if f.null else "")
        elif isinstance(f, m.DateField) and f.name == "date_of_birth" and value:
            setattr(obj, f.attname, value.replace(month=1, day=1))  # the year alone: no birthday
    return files


def pseudonym(obj) -> str:
    """What an anonymised carer's or collector's name becomes: a token, the same wherever the name was written."""
    return f"erased-{obj._meta.model_name}-{obj.pk}"


def _drop_offs_by_token(objects):
    """Who brought the child is written as text, and the reports match it to the child's carers and collectors by
    name or by what the child calls them, then by common words (reports/sections/talk.py). Before those names are
    wiped, each drop-off names the same person by their token instead, so the match (and the figure) is unchanged;
    a common word ("Mum") is kept, anything else is wiped."""
    from families.models import AuthorisedCollector
    from reports.sections.talk import WORDS

    words = {w for ws in WORDS.values() for w in ws}
    child_ids = {o.child_id for o in objects}
    people = {}
    for link in CarerLink.objects.filter(child_id__in=child_ids, is_restricted=False).select_related("carer"):
        people.setdefault((link.child_id, link.carer.full_name.strip().lower()), pseudonym(link.carer))
    for link in CarerLink.objects.filter(child_id__in=child_ids, is_restricted=False).exclude(
            child_calls_them="").select_related("carer"):
        people.setdefault((link.child_id, link.child_calls_them.strip().lower()), pseudonym(link.carer))
    for collector in AuthorisedCollector.objects.filter(child_id__in=child_ids):
        people.setdefault((collector.child_id, collector.full_name.strip().lower()), pseudonym(collector))
    for obj in objects:
        said = (obj.brought_by or "").strip().lower()
        obj._brought_by = people.get((obj.child_id, said)) or (said if said in words else "")


def _erase_rows(*, setting, held, ids, by) -> int:
    """Erase rows of one model. Rows the reports count are anonymised (held.anonymise): kept with their dates,
    links and flags, their content wiped, so past reports keep every figure; the rest are deleted. Either way their
    photo files, notifications and history go (deleting a row writes one more history row, so history goes last)."""
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import Notification

    from .models import AnonymisedRow, ErasureLog

    model = held.model_class
    rows = model.objects.filter(pk__in=ids)
    objects = list(rows)
    if not objects:
        return 0
    files = [getattr(obj, name) for obj in objects for name in held.files if getattr(obj, name)]
    if held.key == "child":
        # What cascades with the child and is not in held.py: subject access copies (their ZIPs are files too).
        from .models import SubjectAccessRequest

        copies = SubjectAccessRequest.objects.filter(child_id__in=ids)
        files += [s.archive for s in copies.exclude(archive="")]
        if held.anonymise:
            copies.delete()
    content_type = ContentType.objects.get_for_model(model)
    Notification.objects.filter(content_type=content_type, object_id__in=ids).delete()
    if held.key == "child":
        Notification.objects.filter(child_id__in=ids).delete()
    if held.anonymise:
        files = []
        if held.key == "attendance":
            _drop_offs_by_token(objects)
        for obj in objects:
            files += _wipe(obj, held.keep)
            if held.key == "attendance":
                obj.brought_by = obj._brought_by
            elif held.key == "collectors":
                obj.full_name = pseudonym(obj)
        changed = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        model.objects.bulk_update(objects, changed, batch_size=500)  # bulk: no history row written
        AnonymisedRow.objects.bulk_create([AnonymisedRow(setting=setting, model=held.model, object_id=obj.pk)
                                           for obj in objects], ignore_conflicts=True)
    else:
        rows.delete()
    history = getattr(model, "history", None)
    if history is not None:
        history.model.objects.filter(**{f"{model._meta.pk.attname}__in": ids}).delete()
    for file in files:
        # After the rows: a failed delete leaves an orphan file (found by `manage.py media_to_bucket --check`),
        # never a row pointing at nothing.
        name = file.name
        transaction.on_commit(lambda f=file, n=name: f.storage.delete(n))
    ErasureLog.objects.create(setting=setting, record_type=held.record_type, model=held.model, count=len(objects),
                              erased_by=by)
    return len(objects)


def _erase_carers(*, setting, carer_ids, by) -> int:
    """Family adults held only because of erased children: their carer record is anonymised like the child's (the
    reports count carers per family), their sign-in account closed and emptied, their history gone."""
    from django.contrib.auth import get_user_model

    from .models import AnonymisedRow, ErasureLog

    erased_children = AnonymisedRow.objects.filter(model="families.Child").values("object_id")
    done = AnonymisedRow.objects.filter(model="families.Carer").values("object_id")
    carers = list(Carer.objects.filter(pk__in=carer_ids).exclude(links__in=CarerLink.objects.exclude(
        child_id__in=erased_children)).exclude(pk__in=done))
    if not carers:
        return 0
    for carer in carers:
        _wipe(carer, keep=("preferred_language",))
        carer.full_name = pseudonym(carer)  # drop-offs name them so (_drop_offs_by_token)
    Carer.objects.bulk_update(carers, [f.attname for f in Carer._meta.concrete_fields if not f.primary_key])
    Carer.history.model.objects.filter(id__in=[c.pk for c in carers]).delete()
    users = list(get_user_model().objects.filter(pk__in=[c.user_id for c in carers if c.user_id]))
    for user in users:
        photo = user.photo
        user.email, user.full_name, user.first_name, user.last_name = f"erased-{user.pk}@erased.invalid", "", "", ""
        user.username = f"erased-{user.pk}" if hasattr(user, "username") and user.username else user.username
        user.is_active, user.photo = False, ""
        user.set_unusable_password()
        user.save()
        if photo:
            transaction.on_commit(lambda f=photo, n=photo.name: f.storage.delete(n))
    AnonymisedRow.objects.bulk_create([AnonymisedRow(setting=setting, model="families.Carer", object_id=c.pk)
                                       for c in carers], ignore_conflicts=True)
    ErasureLog.objects.create(setting=setting, record_type="general", model="families.Carer", count=len(carers),
                              erased_by=by)
    return len(carers)


@transaction.atomic
def retention_erase(*, review, by) -> dict:
    """A manager confirms the review: erase what it listed that is still past date and not on hold.

    Returns {record type: rows erased}. The erasure log keeps type, model, count, who and when; nothing else.
    """
    from . import held as H
    from . import retention
    from .models import RetentionReview

    _refuse_unless_manager(by, review.setting)
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    if review.confirmed_at is not None:
        raise ValidationError(_("This review was already confirmed."))
    setting = review.setting
    due, _on_hold = retention.past_date(setting, setting.today())
    still_due = {(d.held.model, d.object_id) for d in due}
    listed = {}
    for item in review.items.all():
        if (item.model, item.object_id) in still_due:
            listed.setdefault(item.model, []).append(item.object_id)
    carer_ids = set(Carer.objects.filter(links__child_id__in=listed.get("families.Child", [])).values_list(
        "pk", flat=True))
    erased = {}
    for held in H.HELD:
        ids = listed.get(held.model)
        if ids:
            count = _erase_rows(setting=setting, held=held, ids=ids, by=by)
            erased[held.record_type] = erased.get(held.record_type, 0) + count
    if carer_ids:
        _erase_carers(setting=setting, carer_ids=carer_ids, by=by)
    review.confirmed_by, review.confirmed_at = by, timezone.now()
    review.save(update_fields=["confirmed_by", "confirmed_at"])
    review.items.all().delete()  # the list named the records; with them gone, only the log remains
    return erased
