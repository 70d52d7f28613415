"""A pixel cap checked from the image header before anything is decoded, whoever uploads (issue 9)."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from diaries.models import Photo
from families import uploads

pytestmark = pytest.mark.django_db


def _bomb(side=6300):
    """A one-colour PNG: tiny on disk, side x side pixels once decoded (the issue's 116 KB, 6300x6300 file)."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")


def test_a_small_file_of_forty_megapixels_is_refused_quickly_and_nothing_saved(personas, login):
    bomb = _bomb()
    assert bomb.size < 200_000
    started = time.monotonic()
    with pytest.raises(Exception, match="too large in pixels"):
        uploads.validate_image_upload(bomb)
    assert time.monotonic() - started < 1  # decoding it takes seconds; reading the header, milliseconds
    response = login(personas.key_person).post(reverse("diaries:photo_add", args=[personas.alfie.pk]), {
        "image": bomb, "children": [personas.alfie.pk]})
    assert "too large in pixels" in response.context["form"].errors["image"][0]
    assert not Photo.objects.exists()


def test_a_family_upload_is_capped_too(personas, login):
    response = login(personas.mother).post(reverse("diaries:home_observation_add", args=[personas.alfie.pk]), {
        "observed_on": personas.setting.today(), "text": "Look!", "photo": _bomb()})
    assert "too large in pixels" in response.context["form"].errors["photo"][0]
    assert not personas.alfie.home_observations.exists()


def test_re_encoding_refuses_what_was_not_checked():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        uploads.reencode_image(_bomb(8000))


def test_a_phone_sized_photo_still_passes():
    out = io.BytesIO()
    Image.new("RGB", (4032, 3024)).save(out, format="JPEG")
    uploads.validate_image_upload(SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg"))
