"""A Bengali-reading mother and a Punjabi-reading father of the same child each read Triangle in their language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diaries import services as diary
from families.models import Carer
from notifications import api
from notifications.models import Channel, Notification
from tests.notifications.conftest import run_everything

HOME = {
    "bn": ("আমার শিশুরা", "স্বাগতম, Mia", "কী পার্সন", "Alfie-এর আশেপাশের মানুষ", "লগ আউট"),
    "pa": ("ਮੇਰੇ ਬੱਚੇ", "ਜੀ ਆਇਆਂ ਨੂੰ, Fred ਜੀ", "ਕੀ ਪਰਸਨ", "Alfie ਦੇ ਆਲੇ-ਦੁਆਲੇ ਦੇ ਲੋਕ", "ਲੌਗ ਆਊਟ"),
}
DAY = {
    "bn": ("Alfie-এর দিন", "আজ", "খাবার", "সবটা", "ঘুম", "ভেজা"),
    "pa": ("Alfie ਦਾ ਦਿਨ", "ਅੱਜ", "ਖਾਣਾ", "ਸਾਰਾ", "ਨੀਂਦ", "ਗਿੱਲੀ"),
}
ENGLISH = ("My children", "Key person", "The people around", "Log out")


@pytest.fixture
def readers(personas):
    """Mother reads Bengali, father Punjabi, both in the app."""
    for user, code in ((personas.mother, "bn"), (personas.father, "pa")):
        user.language = code
        user.save(update_fields=["language"])
        Carer.objects.filter(user=user).update(preferred_language=code, preferred_channel=Channel.IN_APP)
    return {"bn": personas.mother, "pa": personas.father}


@pytest.mark.parametrize("code", ["bn", "pa"])
def test_the_family_home_is_in_the_readers_language(personas, login, readers, code):
    page = login(readers[code]).get("/").content.decode()
    assert f'<html lang="{code}"' in page
    for text in HOME[code]:
        assert text in page, text
    for english in ENGLISH:
        assert english not in page, english


@pytest.mark.parametrize("code", ["bn", "pa"])
def test_the_childs_day_is_in_the_readers_language(personas, login, readers, code):
    alfie, kim = personas.alfie, personas.key_person
    now = timezone.now()
    local = now.astimezone(personas.setting.tz)
    since_midnight = (local - local.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds() / 60
    if since_midnight < 13:
        pytest.skip("too close to midnight for a morning of diary entries")
    step = timedelta(minutes=min(120, since_midnight - 1) / 12)  # the whole morning fits in today, even at 1am
    start = now - 12 * step
    diary.check_in(child=alfie, by=kim, brought_by="Mia Jones", at=start)
    diary.entry_create(child=alfie, by=kim, kind="meal", what="Dal and rice", amount="all", occurred_at=start + step)
    diary.entry_create(child=alfie, by=kim, kind="sleep", occurred_at=start + 2 * step, ends_at=start + 8 * step)
    diary.entry_create(child=alfie, by=kim, kind="nappy", nappy="wet", occurred_at=start + 9 * step)
    page = login(readers[code]).get(f"/diary/child/{alfie.pk}/").content.decode()
    for text in DAY[code]:
        assert text in page, text
    assert "Dal and rice" in page  # what staff typed stays as typed
    for english in ("Alfie's day", ">Today<", "Meal", "Wet"):
        assert english not in page, english


def test_one_notification_reaches_each_parent_in_their_own_language(personas, login, readers):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    assert Notification.objects.get(recipient=readers["bn"]).subject == "Alfie-কে ওষুধ দেওয়া হয়েছে"
    assert Notification.objects.get(recipient=readers["pa"]).subject == "Alfie ਨੂੰ ਦਵਾਈ ਦਿੱਤੀ ਗਈ"
    page = login(readers["bn"]).get("/notifications/").content.decode()
    assert "Alfie-কে ওষুধ দেওয়া হয়েছে" in page and "সবগুলো পড়া হয়েছে চিহ্নিত করুন" in page
    assert "Medicine given to Alfie" not in page and "Mark all as read" not in page
