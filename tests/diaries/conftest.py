import io
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from PIL import Image

from diaries import services


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def local_now(setting):
    return timezone.now().astimezone(setting.tz)


def minutes_ago(setting, minutes):
    """A moment `minutes` ago, or skip when that falls on yesterday (the forms take a time of today)."""
    moment = local_now(setting) - timedelta(minutes=minutes)
    if moment.date() != local_now(setting).date():
        pytest.skip("too close to midnight for a same-day time")
    return moment


def at_today(setting, hour, minute=0):
    return datetime.combine(setting.today(), datetime.min.time()).replace(hour=hour, minute=minute,
                                                                          tzinfo=setting.tz)


def jpeg_bytes(size=(64, 48), with_gps=False):
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam"  # Make
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS IFD
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def checked_in(personas):
    """Alfie checked in by Kim an hour ago (or at the start of the day)."""
    setting = personas.setting
    at = max(local_now(setting) - timedelta(hours=1), at_today(setting, 0, 1))
    return services.check_in(child=personas.alfie, by=personas.key_person, brought_by="Mia Jones", at=at)
