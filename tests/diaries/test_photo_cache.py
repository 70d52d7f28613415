"""Photos of children are never stored by the browser: a carer who loses access loses the photos at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diaries import services
from diaries.models import HomeObservation

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _photo(personas):
    personas.alfie.photo_consent = True
    personas.alfie.save()
    return services.photo_add(children=[personas.alfie], by=personas.key_person, caption="Sand tray",
                              image=SimpleUploadedFile("p.jpg", jpeg_bytes(), content_type="image/jpeg"))


def test_a_diary_photo_is_served_no_store_and_gone_once_access_is_lost(personas, login):
    photo = _photo(personas)
    url = reverse("diaries:photo_file", args=[photo.pk])
    mother = login(personas.mother)
    served = mother.get(url)
    assert served.status_code == 200
    cache_control = served["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "max-age=3600" not in cache_control and "max-age=0" in cache_control
    link = personas.links["mother"]
    link.is_restricted = True
    link.save()
    assert mother.get(url).status_code == 404


def test_a_photo_from_home_is_served_no_store(personas, login):
    observation = HomeObservation.objects.create(
        child=personas.alfie, author=personas.mother, observed_on=personas.setting.today(), text="Counted to 12",
        photo=SimpleUploadedFile("h.jpg", jpeg_bytes(), content_type="image/jpeg"))
    served = login(personas.key_person).get(reverse("diaries:home_observation_photo", args=[observation.pk]))
    assert served.status_code == 200 and "no-store" in served["Cache-Control"]
