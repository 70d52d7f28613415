"""A family's own copies hold what the family pages show, and nothing they hide (issue 10: one home for each rule).

The subject access copy (dataprotection/held.py) and the leaver's keepsake (dataprotection/keepsake.py) ask the same
rules as the pages (`DiaryEntry.objects.family_visible()`, families/access.py). A retracted or staff-only diary entry,
a concern, progress check or transition summary not yet shared: hidden on the pages, so missing from both copies.
A shared transition summary reaches only carers with parental responsibility, on the pages and in the keepsake alike.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dataprotection import export
from dataprotection.models import SubjectAccessRequest
from diaries.models import DiaryEntry
from partnerships.models import Concern, ProgressCheck, Transition


def _entry(child, author, what, **flags):
    return DiaryEntry.objects.create(child=child, day=child.setting.today(), kind="activity",
                                     occurred_at=timezone.now(), what=what, author=author, **flags)


def _family_copy(personas):
    sar = SubjectAccessRequest.objects.create(
        setting=personas.setting, child=personas.alfie, requester=personas.links["mother"].carer,
        made_by=personas.mother, copy=SubjectAccessRequest.Copy.FAMILY, received_on=personas.setting.today())
    sections, _files = export.collect(sar)
    return {s.key: {row.get("id") for row in [*s.rows, *s.history]} for s in sections}  # rows and their history


def test_what_the_pages_hide_is_in_neither_the_subject_access_copy_nor_the_keepsake(personas, login):
    alfie, kim = personas.alfie, personas.key_person
    shown = _entry(alfie, kim, "Sand tray castles")
    retracted = _entry(alfie, kim, "Wrong child painting", is_retracted=True)
    staff_only = _entry(alfie, kim, "Ask the manager about fees", staff_only=True)
    concern = Concern.objects.create(child=alfie, raised_by=kim, title="Hearing", summary="Not yet shared")
    check = ProgressCheck.objects.create(child=alfie, written_by=kim, checked_on=alfie.setting.today(),
                                         cl_going_well="Draft words")
    transition = Transition.objects.create(child=alfie, destination="Hilltop Primary", written_by=kim)
    mother = login(personas.mother)

    # The family pages: the shown entry only; the unshared records are not there at all.
    day = mother.get(reverse("diaries:child_day", args=[alfie.pk])).content.decode()
    assert "Sand tray castles" in day
    assert "Wrong child painting" not in day and "Ask the manager about fees" not in day
    assert mother.get(reverse("partnerships:concern_detail", args=[concern.pk])).status_code == 404
    assert mother.get(reverse("partnerships:progress_check_detail", args=[check.pk])).status_code == 404
    assert mother.get(reverse("partnerships:transition_detail", args=[transition.pk])).status_code == 404

    copy = _family_copy(personas)
    assert shown.pk in copy["diary_entries"]
    assert retracted.pk not in copy["diary_entries"] and staff_only.pk not in copy["diary_entries"]
    assert concern.pk not in copy["concerns"]
    assert check.pk not in copy["progress_checks"]
    assert transition.pk not in copy["transitions"]

    book = mother.get(reverse("dataprotection:keepsake_book", args=[alfie.pk])).content.decode()
    assert "Sand tray castles" in book
    assert "Wrong child painting" not in book and "Ask the manager about fees" not in book
    assert "Hilltop Primary" not in book

    # Shared: on the mother's pages and in both her copies.
    Concern.objects.filter(pk=concern.pk).update(shared_with_family_at=timezone.now())
    ProgressCheck.objects.filter(pk=check.pk).update(shared_on=alfie.setting.today() - timedelta(days=1))
    Transition.objects.filter(pk=transition.pk).update(shared_with_family_at=timezone.now())
    for name, pk in (("concern_detail", concern.pk), ("progress_check_detail", check.pk),
                     ("transition_detail", transition.pk)):
        assert mother.get(reverse(f"partnerships:{name}", args=[pk])).status_code == 200, name
    copy = _family_copy(personas)
    assert concern.pk in copy["concerns"] and check.pk in copy["progress_checks"]
    assert transition.pk in copy["transitions"]
    assert "Hilltop Primary" in mother.get(reverse("dataprotection:keepsake_book", args=[alfie.pk])).content.decode()

    # The grandmother reads the diary but holds no parental responsibility: no transition summary for her, on the
    # page or in her keepsake.
    gran = login(personas.grandmother)
    assert gran.get(reverse("partnerships:transition_detail", args=[transition.pk])).status_code == 404
    book = gran.get(reverse("dataprotection:keepsake_book", args=[alfie.pk]))
    assert book.status_code == 200
    assert "Sand tray castles" in book.content.decode() and "Hilltop Primary" not in book.content.decode()
