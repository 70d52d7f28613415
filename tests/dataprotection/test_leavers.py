"""Leavers (issue 12, point 4): the family reads (never adds) for the setting's leaver days, downloads a keepsake,
then loses access on its own; staff access narrows to the managers; the transition summary is in the keepsake."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse

from dataprotection import services
from families import access
from families.models import Child

from .records import every_record


def _leave(child, days_ago):
    child.leave_date = child.setting.today() - timedelta(days=days_ago)
    child.start_date = min(child.start_date, child.leave_date)
    child.save()
    return Child.objects.get(pk=child.pk)


def test_a_leavers_family_reads_for_90_days_then_access_ends_and_staff_narrow_to_managers(personas, login):
    alfie = _leave(personas.alfie, 10)
    assert alfie.access_ends_on == alfie.leave_date + timedelta(days=90)
    mother = login(personas.mother)
    assert mother.get(reverse("diaries:child_day", args=[alfie.pk])).status_code == 200
    found = access.child_access(personas.mother, alfie)
    assert found.can_see_diary and not found.can_contribute  # read only: no new handover after leaving
    assert mother.get(reverse("diaries:handover_send", args=[alfie.pk])).status_code == 404
    assert login(personas.key_person).get(reverse("families:child_detail", args=[alfie.pk])).status_code == 200

    alfie = _leave(alfie, 91)
    for name in ("mother", "father", "grandmother", "nanny"):
        assert access.child_access(personas.user(name), alfie) is None, name
        assert login(personas.user(name)).get(reverse("diaries:child_day", args=[alfie.pk])).status_code == 404
    for name in ("key_person", "dsl"):
        assert access.child_access(personas.user(name), alfie) is None, name
    assert access.child_access(personas.manager, alfie).is_manager
    assert alfie not in access.children_visible_to(personas.mother)
    assert personas.bea in access.children_visible_to(personas.other_parent)


def test_the_setting_chooses_the_leaver_days(personas, login):
    alfie = _leave(personas.alfie, 40)
    services.leaver_access_days_set(setting=personas.setting, by=personas.manager, days=30)
    assert access.child_access(personas.mother, Child.objects.get(pk=alfie.pk)) is None
    response = login(personas.manager).post(reverse("dataprotection:retention_periods"), {
        "general": 3, "accident": 21, "medicine": 21, "safeguarding": 25, "complaint": 3,
        "leaver_access_days": 60})
    assert response.status_code == 302
    assert access.child_access(personas.mother, Child.objects.get(pk=alfie.pk)).can_see_diary
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.leaver_access_days_set(setting=personas.setting, by=personas.key_person, days=365)


def test_the_keepsake_holds_the_diary_the_photos_and_the_transition_summary(personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = every_record(personas)
    alfie = _leave(personas.alfie, 5)
    mother = login(personas.mother)
    page = mother.get(reverse("dataprotection:keepsake", args=[alfie.pk]))
    assert page.status_code == 200
    book = mother.get(reverse("dataprotection:keepsake_book", args=[alfie.pk]))
    html = book.content.decode()
    assert "Painting" in html and "Meadow Lane Primary" in html and "Counted to ten" in html
    assert "Staff only: speak" not in html
    photo_path = f"photos/{made['photos'].pk}-"
    assert f'src="{photo_path}' in html
    archive = zipfile.ZipFile(io.BytesIO(mother.get(reverse("dataprotection:keepsake_photos", args=[alfie.pk])).content))
    assert [n for n in archive.namelist() if n.startswith(photo_path)]
    # Staff get no keepsake page (it is the family's); after the leaver days, neither does the family.
    assert login(personas.key_person).get(reverse("dataprotection:keepsake", args=[alfie.pk])).status_code == 404
    _leave(alfie, 120)
    assert mother.get(reverse("dataprotection:keepsake_book", args=[alfie.pk])).status_code == 404
