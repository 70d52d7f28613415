"""Each bad input gives a clear message on the form and saves nothing (issue 3, "Bad input")."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diaries.models import Attendance, DiaryEntry, MedicineDose, Photo

from .conftest import jpeg_bytes, local_now, minutes_ago


def _errors_near(response, field, text):
    """The message is shown with the field (crispy puts it right after the input), not only at the top."""
    body = response.content.decode()
    assert response.status_code == 200
    assert text in body, body[:4000]
    at = body.index(text)
    assert f'name="{field}"' in body[max(0, at - 3000):at], f"{text!r} is not next to the {field} field"
    assert "is-invalid" in body


def test_sleep_ending_before_it_starts(personas, login):
    start = minutes_ago(personas.setting, 60)
    end = start - timedelta(minutes=20)
    if end.date() != start.date():
        import pytest

        pytest.skip("too close to midnight")
    response = login(personas.key_person).post(reverse("diaries:entry_add", args=[personas.alfie.pk]), {
        "kind": "sleep", "time": start.strftime("%H:%M"), "end_time": end.strftime("%H:%M")})
    _errors_near(response, "end_time", "The sleep cannot end before it starts.")
    assert not DiaryEntry.objects.exists()


def test_feed_in_the_future(personas, login):
    later = local_now(personas.setting) + timedelta(hours=1)
    if later.date() != personas.setting.today():
        import pytest

        pytest.skip("too close to midnight")
    response = login(personas.key_person).post(reverse("diaries:entry_add", args=[personas.alfie.pk]), {
        "kind": "bottle", "time": later.strftime("%H:%M"), "ml": "150"})
    _errors_near(response, "time", "A feed cannot be logged in the future.")
    assert not DiaryEntry.objects.exists()


def test_negative_amount(personas, login):
    response = login(personas.key_person).post(reverse("diaries:entry_add", args=[personas.alfie.pk]), {
        "kind": "bottle", "time": minutes_ago(personas.setting, 5).strftime("%H:%M"), "ml": "-30"})
    _errors_near(response, "ml", "The amount cannot be negative.")
    assert not DiaryEntry.objects.exists()


def test_dose_with_no_consent(personas, login):
    response = login(personas.key_person).post(reverse("diaries:dose_add", args=[personas.alfie.pk]), {
        "consent": "", "time": minutes_ago(personas.setting, 5).strftime("%H:%M"), "dose": "5 ml"})
    _errors_near(response, "consent", "There is no written consent for this medicine")
    assert not MedicineDose.objects.exists()


def test_check_out_to_someone_not_allowed(personas, login, checked_in):
    response = login(personas.key_person).post(reverse("diaries:check_out", args=[personas.alfie.pk]), {
        "collector": "other", "other_name": "A stranger", "time": minutes_ago(personas.setting, 0).strftime("%H:%M")})
    _errors_near(response, "collector", "is not on Alfie&#x27;s list of people who may collect")
    assert Attendance.objects.get().out_at is None
    # The restricted parent is not even offered as a choice; a forged value is refused by the form.
    forged = login(personas.key_person).post(reverse("diaries:check_out", args=[personas.alfie.pk]), {
        "collector": f"link:{personas.links['restricted_parent'].pk}", "time": "12:00"})
    assert "Select a valid choice" in forged.content.decode()
    assert Attendance.objects.get().out_at is None


def test_a_file_that_is_not_an_image(personas, login):
    fake = SimpleUploadedFile("holiday.jpg", b"%PDF-1.4 not really a photo", content_type="image/jpeg")
    response = login(personas.key_person).post(reverse("diaries:photo_add", args=[personas.alfie.pk]), {
        "image": fake, "children": [personas.alfie.pk]})
    _errors_near(response, "image", "This file is not an image.")
    assert not Photo.objects.exists() and not DiaryEntry.objects.exists()


def test_an_oversized_upload(personas, login, settings):
    settings.MAX_UPLOAD_BYTES = 2048
    big = SimpleUploadedFile("big.jpg", jpeg_bytes(size=(400, 400)) + b"\0" * 4096, content_type="image/jpeg")
    response = login(personas.mother).post(reverse("diaries:home_observation_add", args=[personas.alfie.pk]), {
        "observed_on": personas.setting.today(), "text": "Look!", "photo": big})
    _errors_near(response, "photo", "This file is too large")
    assert not personas.alfie.home_observations.exists()
