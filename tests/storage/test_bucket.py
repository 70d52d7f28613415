"""Photos in a private S3 bucket (moto's real S3 server on loopback): stored clean, streamed after the check."""

import io
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from diaries import services
from diaries.models import Photo
from families.uploads import reencode_image
from tests.diaries.conftest import jpeg_bytes


def _post_photo(client, child, caption="Sand tray"):
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(with_gps=True), content_type="image/jpeg")
    return client.post(reverse("diaries:photo_add", args=[child.pk]),
                       {"image": upload, "caption": caption, "children": [child.pk]})


def test_an_uploaded_photo_goes_to_the_bucket_without_exif_and_is_streamed_only_after_the_check(
        personas, login, s3_bucket, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "local")  # must stay empty
    assert _post_photo(login(personas.key_person), personas.alfie).status_code == 302
    photo = Photo.objects.get()
    assert s3_bucket.keys() == [photo.image.name]
    stored = s3_bucket.read(photo.image.name)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif(), "EXIF/GPS never reaches the store"
    assert not (tmp_path / "local").exists()

    url = reverse("diaries:photo_file", args=[photo.pk])
    mother = login(personas.mother, Client())
    served = mother.get(url)
    assert served.status_code == 200 and served.content == stored and served["Content-Type"] == "image/jpeg"
    assert "Location" not in served and s3_bucket.server.endpoint not in served.content.decode("latin-1")
    assert login(personas.other_parent, Client()).get(url).status_code == 404
    assert login(personas.restricted_parent, Client()).get(url).status_code == 404

    # The bucket itself answers nobody without keys.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_bucket.server.endpoint}/{s3_bucket.name}/{photo.image.name}", timeout=5)
    assert refused.value.code == 403

    # A carer who loses access loses the photo: there is no URL of the bucket's to keep.
    personas.links["mother"].delete()
    assert mother.get(url).status_code == 404


def test_profile_and_child_photos_use_the_bucket_too(personas, login, s3_bucket):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "blue").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = login(personas.key_person).post(reverse("families:my_profile"),
                                               {"full_name": "Kim Keyworker", "language": "en-gb", "photo": upload})
    assert response.status_code == 302
    personas.key_person.refresh_from_db()
    assert personas.key_person.photo.name in s3_bucket.keys()
    kim = personas.key_person.memberships.get()
    served = login(personas.mother, Client()).get(reverse("families:staff_photo", args=[kim.pk]))
    assert served.status_code == 200 and served.content == s3_bucket.read(personas.key_person.photo.name)


def test_a_photo_missing_from_the_bucket_is_404_and_an_unreachable_bucket_503(personas, login, s3_bucket, settings):
    photo = services.photo_add(children=[personas.alfie], by=personas.key_person,
                               image=reencode_image(io.BytesIO(jpeg_bytes())), caption="Paint")
    s3_bucket.server.client().delete_object(Bucket=s3_bucket.name, Key=photo.image.name)
    url = reverse("diaries:photo_file", args=[photo.pk])
    assert login(personas.mother).get(url).status_code == 404

    dead = {**settings.STORAGES["default"]["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": dead}}
    response = login(personas.mother).get(url)
    assert response.status_code == 503 and b"cannot be shown just now" in response.content


def test_existing_local_photos_move_into_the_bucket_and_the_move_resumes(personas, login, s3_bucket, settings,
                                                                        tmp_path):
    bucket_storage = settings.STORAGES
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**bucket_storage, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    photos = [services.photo_add(children=[personas.alfie], by=personas.key_person,
                                 image=reencode_image(io.BytesIO(jpeg_bytes())), caption=f"Photo {n}")
              for n in range(3)]
    names = sorted(p.image.name for p in photos)
    assert all((tmp_path / "media" / name).exists() for name in names)

    settings.STORAGES = bucket_storage
    with pytest.raises(CommandError, match="3 referenced file"):
        call_command("media_to_bucket", "--check")
    out = io.StringIO()
    call_command("media_to_bucket", "--limit", "1", stdout=out)  # as if the first run were stopped
    assert "copied 1 file(s); 0 already" in out.getvalue() and len(s3_bucket.keys()) == 1
    out = io.StringIO()
    call_command("media_to_bucket", stdout=out)
    assert "copied 2 file(s); 1 already in the bucket" in out.getvalue()
    assert s3_bucket.keys() == names
    call_command("media_to_bucket", "--check", stdout=io.StringIO())
    for photo in photos:
        served = login(personas.mother).get(reverse("diaries:photo_file", args=[photo.pk]))
        assert served.content == (tmp_path / "media" / photo.image.name).read_bytes()


def test_the_move_refuses_to_run_without_a_bucket(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with pytest.raises(CommandError, match="set MEDIA_STORAGE_URL"):
        call_command("media_to_bucket")
