"""Accidents, medicines, photos, home observations and take-home activities."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from diaries import services
from diaries.models import Accident, ActivityResponse, HomeObservation, MedicineConsent, MedicineDose, Photo

from .conftest import jpeg_bytes, minutes_ago


def test_accident_recorded_then_acknowledged_by_a_parent(personas, login):
    staff = login(personas.key_person)
    when = minutes_ago(personas.setting, 30)
    response = staff.post(reverse("diaries:accident_add", args=[personas.alfie.pk]), {
        "kind": "accident", "occurred_at": when.strftime("%Y-%m-%dT%H:%M"), "location": "Garden",
        "description": "Tripped on the path", "body_area": "right knee", "first_aid": "Cold compress",
        "witness": "Dee"})
    assert response.status_code == 302
    accident = Accident.objects.get()
    assert accident.recorded_by == personas.key_person and not accident.is_acknowledged
    home = login(personas.mother).get("/").content.decode()
    assert "Please read the accident record for Alfie" in home
    # The grandmother (no parental responsibility) sees it but cannot acknowledge it.
    assert login(personas.grandmother).get(reverse("diaries:accident_detail", args=[accident.pk])).status_code == 200
    assert login(personas.grandmother).post(
        reverse("diaries:accident_acknowledge", args=[accident.pk])).status_code == 404
    login(personas.mother).post(reverse("diaries:accident_acknowledge", args=[accident.pk]))
    accident.refresh_from_db()
    assert accident.acknowledged_by == personas.mother and accident.parent_informed_at


def test_accident_paper_signature_recorded_by_staff(personas, login):
    accident = services.accident_record(child=personas.alfie, by=personas.key_person, description="Bumped head",
                                        first_aid="Ice pack", occurred_at=minutes_ago(personas.setting, 20))
    login(personas.key_person).post(reverse("diaries:accident_paper", args=[accident.pk]), {"signed_by": "Fred Jones"})
    accident.refresh_from_db()
    assert accident.paper_signed_by == "Fred Jones" and accident.is_acknowledged


def test_accident_needs_first_aid_and_a_past_time(personas):
    with pytest.raises(ValidationError) as error:
        services.accident_record(child=personas.alfie, by=personas.key_person, description="Fell",
                                 occurred_at=minutes_ago(personas.setting, 0) + timedelta(hours=3))
    assert {"first_aid", "occurred_at"} <= set(error.value.message_dict)


@pytest.fixture
def consent(personas):
    today = personas.setting.today()
    return services.medicine_consent_give(child=personas.alfie, by=personas.mother, medicine="Calpol", dose="5 ml",
                                          when="If over 38C", starts_on=today, ends_on=today + timedelta(days=2))


def test_only_parental_responsibility_gives_consent(personas, login):
    url = reverse("diaries:consent_add", args=[personas.alfie.pk])
    today = personas.setting.today()
    data = {"medicine": "Calpol", "dose": "5 ml", "when": "If over 38C", "starts_on": today, "ends_on": today,
            "confirm": "on"}
    assert login(personas.grandmother).post(url, data).status_code == 404
    assert login(personas.key_person).post(url, data).status_code == 404
    assert login(personas.father).post(url, data).status_code == 302
    consent = MedicineConsent.objects.get()
    assert consent.given_by == personas.father and consent.carer == personas.links["father"].carer


def test_dose_with_current_consent_shows_for_the_family_the_same_day(personas, login, consent):
    response = login(personas.key_person).post(reverse("diaries:dose_add", args=[personas.alfie.pk]), {
        "consent": consent.pk, "time": minutes_ago(personas.setting, 5).strftime("%H:%M"), "dose": "5 ml"})
    assert response.status_code == 302
    assert MedicineDose.objects.get().given_by == personas.key_person
    page = login(personas.nanny).get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert "Calpol, 5 ml" in page


def test_dose_refused_when_consent_expired_or_withdrawn(personas, consent, login):
    MedicineConsent.objects.filter(pk=consent.pk).update(starts_on=consent.starts_on - timedelta(days=10),
                                                         ends_on=consent.starts_on - timedelta(days=5))
    consent.refresh_from_db()
    with pytest.raises(ValidationError, match="not current"):
        services.medicine_dose_record(child=personas.alfie, by=personas.key_person, consent=consent, dose="5 ml",
                                      given_at=minutes_ago(personas.setting, 1))
    fresh = services.medicine_consent_give(child=personas.alfie, by=personas.mother, medicine="Piriton", dose="2.5 ml",
                                           when="morning", starts_on=personas.setting.today(),
                                           ends_on=personas.setting.today())
    login(personas.mother).post(reverse("diaries:consent_withdraw", args=[fresh.pk]))
    fresh.refresh_from_db()
    with pytest.raises(ValidationError, match="withdrawn"):
        services.medicine_dose_record(child=personas.alfie, by=personas.key_person, consent=fresh, dose="2.5 ml",
                                      given_at=minutes_ago(personas.setting, 1))
    assert not MedicineDose.objects.exists()


def _upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else jpeg_bytes(with_gps=True),
                              content_type=content_type)


def test_photo_is_reencoded_without_exif_and_served_only_after_a_check(personas, login, private_media):
    client = login(personas.key_person)
    response = client.post(reverse("diaries:photo_add", args=[personas.alfie.pk]), {
        "image": _upload(), "caption": "Sand tray", "children": [personas.alfie.pk], "is_good_news": "on"})
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.path.startswith(private_media)
    with Image.open(photo.image.path) as image:
        assert not image.getexif()
    served = login(personas.mother).get(reverse("diaries:photo_file", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert login(personas.other_parent).get(reverse("diaries:photo_file", args=[photo.pk])).status_code == 404
    assert login(personas.restricted_parent).get(reverse("diaries:photo_file", args=[photo.pk])).status_code == 404


def test_group_photo_needs_every_tagged_childs_consent(personas, login):
    from tests import factories as f

    friend = f.ChildFactory(setting=personas.setting, room=personas.toddlers, photo_consent=False)
    personas.alfie.photo_consent = True
    personas.alfie.save()
    from families.uploads import reencode_image

    photo = services.photo_add(children=[personas.alfie, friend], by=personas.key_person,
                               image=reencode_image(_upload()), caption="Tea party")
    mother = login(personas.mother)
    assert mother.get(reverse("diaries:photo_file", args=[photo.pk])).status_code == 404
    assert "Tea party" not in mother.get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    # Staff still see it, and once the friend's family consents, Alfie's family sees it on Alfie's day only.
    assert login(personas.key_person).get(reverse("diaries:photo_file", args=[photo.pk])).status_code == 200
    friend.photo_consent = True
    friend.save()
    assert mother.get(reverse("diaries:photo_file", args=[photo.pk])).status_code == 200
    assert "Tea party" in mother.get(reverse("diaries:child_day", args=[personas.alfie.pk])).content.decode()
    assert mother.get(reverse("diaries:child_day", args=[friend.pk])).status_code == 404


def test_home_observation_with_photo_is_acknowledged(personas, login):
    mother = login(personas.mother)
    response = mother.post(reverse("diaries:home_observation_add", args=[personas.alfie.pk]), {
        "observed_on": personas.setting.today(), "text": "He counted the stairs to 12", "photo": _upload()})
    assert response.status_code == 302
    observation = HomeObservation.objects.get()
    assert observation.photo and mother.get(
        reverse("diaries:home_observation_photo", args=[observation.pk])).status_code == 200
    login(personas.key_person).post(reverse("diaries:home_observation_acknowledge", args=[observation.pk]),
                                    {"reply": "We'll count with him too"})
    observation.refresh_from_db()
    assert observation.acknowledged_by == personas.key_person
    assert "seen by Kim" in mother.get(reverse("diaries:child_records", args=[personas.alfie.pk])).content.decode()


def test_take_home_activity_and_family_response(personas, login):
    login(personas.key_person).post(reverse("diaries:activity_suggest", args=[personas.alfie.pk]), {
        "title": "Puddle counting", "description": "Count the puddles on the way home"})
    activity = personas.alfie.take_home_activities.get()
    login(personas.nanny).post(reverse("diaries:activity_respond", args=[activity.pk]),
                               {"text": "We found seven!"})
    assert ActivityResponse.objects.get().author == personas.nanny
    page = login(personas.father).get(reverse("diaries:child_records", args=[personas.alfie.pk])).content.decode()
    assert "We found seven!" in page
