"""Who reaches every page of the child's day. Objects are made for Alfie (toddlers; Kim is key person)."""

from datetime import timedelta

from django.utils import timezone

from diaries.models import (
    Accident,
    ActivityResponse,
    DiaryEntry,
    Handover,
    HomeObservation,
    MedicineConsent,
    Photo,
    TakeHomeActivity,
)

from . import ALFIE_CONTRIBUTORS, ALFIE_FAMILY, ALFIE_PR, ALFIE_STAFF, Row, post_rows

ALFIE = lambda p: {"child_id": p.alfie.pk}  # noqa: E731
ALFIE_DIARY = ALFIE_STAFF | ALFIE_FAMILY


def _entry(p, **extra):
    now = timezone.now()
    fields = dict(child=p.alfie, day=p.setting.today(), kind="note", occurred_at=now, text="Painted", author=p.key_person)
    fields.update(extra)
    return DiaryEntry.objects.create(**fields)


def _entry_id(p):
    return {"entry_id": _entry(p).pk}


def _sleep_id(p):
    return {"entry_id": _entry(p, kind="sleep", occurred_at=timezone.now() - timedelta(minutes=30), text="").pk}


def _photo_id(p):
    # No file on disk: allowed viewers get 404 "no file"; the photo rules are tested in tests/diaries with real files.
    photo = Photo.objects.create(image="diary-photos/missing.jpg", taken_by=p.key_person)
    photo.children.set([p.alfie])
    _entry(p, kind="photo", photo=photo)
    return {"photo_id": photo.pk}


def _handover_id(p):
    return {"handover_id": Handover.objects.create(child=p.alfie, day=p.setting.today(), source="family",
                                                   sent_by=p.mother, mood_health="Happy").pk}


def _accident_id(p):
    return {"accident_id": Accident.objects.create(
        child=p.alfie, occurred_at=timezone.now() - timedelta(hours=1), description="Fell off the slide",
        first_aid="Cold compress", recorded_by=p.key_person).pk}


def _consent_id(p):
    today = p.setting.today()
    return {"consent_id": MedicineConsent.objects.create(
        child=p.alfie, given_by=p.mother, medicine="Calpol", dose="5 ml", when="if over 38C", starts_on=today,
        ends_on=today + timedelta(days=3)).pk}


def _observation_id(p):
    return {"observation_id": HomeObservation.objects.create(
        child=p.alfie, author=p.mother, observed_on=p.setting.today(), text="Counted to ten").pk}


def _activity_id(p):
    return {"activity_id": TakeHomeActivity.objects.create(
        child=p.alfie, title="Puddle jumping", description="Count the splashes", suggested_by=p.key_person).pk}


def _activity_response_id(p):
    activity = TakeHomeActivity.objects.create(
        child=p.alfie, title="Puddle jumping", description="Count the splashes", suggested_by=p.key_person)
    return {"response_id": ActivityResponse.objects.create(activity=activity, author=p.mother, text="Twelve").pk}


ROWS = [
    Row("diaries:room_board", ALFIE_STAFF, lambda p: {"room_id": p.toddlers.pk}),
    # An empty quick entry: allowed staff get the board back with "choose at least one child", nothing saved.
    Row("diaries:board_quick_entry", ALFIE_STAFF, lambda p: {"room_id": p.toddlers.pk}, method="post",
        data=lambda p: {"kind": "meal", "time": "12:00"}),
    Row("diaries:child_day", ALFIE_DIARY, ALFIE),
    Row("diaries:child_records", ALFIE_DIARY, ALFIE),
    Row("diaries:entry_add", ALFIE_STAFF, ALFIE),
    Row("diaries:photo_add", ALFIE_STAFF, ALFIE),
    Row("diaries:handover_send", ALFIE_STAFF | ALFIE_CONTRIBUTORS, ALFIE),
    Row("diaries:check_in", ALFIE_STAFF, ALFIE),
    Row("diaries:check_out", ALFIE_STAFF, ALFIE),
    Row("diaries:accident_add", ALFIE_STAFF, ALFIE),
    Row("diaries:consent_add", ALFIE_PR, ALFIE),
    Row("diaries:dose_add", ALFIE_STAFF, ALFIE),
    Row("diaries:home_observation_add", ALFIE_CONTRIBUTORS, ALFIE),
    Row("diaries:activity_suggest", ALFIE_STAFF, ALFIE),
    Row("diaries:entry_edit", ALFIE_STAFF, _entry_id),
    Row("diaries:entry_retract", ALFIE_STAFF, _entry_id),
    Row("diaries:entry_history", ALFIE_STAFF, _entry_id),
    Row("diaries:sleep_end", ALFIE_STAFF, _sleep_id, method="post", ok=302),
    Row("diaries:comment_add", ALFIE_STAFF | ALFIE_CONTRIBUTORS, _entry_id, method="post",
        data=lambda p: {"text": "Lovely!"}, ok=302),
    Row("diaries:photo_file", ALFIE_DIARY, _photo_id, ok=404),
    Row("diaries:handover_acknowledge", ALFIE_STAFF, _handover_id, method="post", ok=302),
    Row("diaries:accident_detail", ALFIE_DIARY, _accident_id),
    Row("diaries:accident_acknowledge", ALFIE_PR, _accident_id, method="post", ok=302),
    Row("diaries:accident_paper", ALFIE_STAFF, _accident_id),
    Row("diaries:consent_withdraw", ALFIE_PR | {"manager"}, _consent_id, method="post", ok=302),
    Row("diaries:home_observation_photo", ALFIE_DIARY, _observation_id, ok=404),
    Row("diaries:home_observation_acknowledge", ALFIE_STAFF, _observation_id),
    Row("diaries:activity_respond", ALFIE_CONTRIBUTORS, _activity_id),
    Row("diaries:activity_response_acknowledge", ALFIE_STAFF, _activity_response_id),
]

# Every form here also takes a POST: who may post, and what they get for an empty form (their errors, 200).
# Everyone else gets 404 and the database is unchanged (test_access_matrix checks both).
ROWS += post_rows(ROWS, {
    "diaries:accident_add": {},
    "diaries:accident_paper": {},
    "diaries:activity_respond": {},
    "diaries:activity_suggest": {},
    "diaries:check_in": {},
    "diaries:check_out": {},
    "diaries:consent_add": {},
    "diaries:dose_add": {},
    "diaries:entry_add": {},
    "diaries:entry_edit": {},
    "diaries:entry_retract": {},
    "diaries:handover_send": {},
    "diaries:home_observation_acknowledge": {"ok": 302},  # the reply is optional: an empty post acknowledges
    "diaries:activity_response_acknowledge": {"ok": 302},  # likewise
    "diaries:home_observation_add": {},
    "diaries:photo_add": {},
})
ROWS.append(Row("diaries:absence_report", ALFIE_STAFF | ALFIE_CONTRIBUTORS, lambda p: {"child_id": p.alfie.pk}))
ROWS += post_rows(ROWS, {"diaries:absence_report": {}})
