"""A leaver's keepsake: the child's diary as one HTML book, and the photos in a ZIP beside it.

Only what the reader may see on the family pages goes in, by the same rules (`DiaryEntry.objects.family_visible()`;
the transition summary as `access.shared_records_visible_to_family` has it), in the reader's language. The book names its photos `photos/<file>`, the paths the photos ZIP holds, so unzipping the photos
next to the book shows them in it.
"""

from __future__ import annotations

import io
import zipfile
from itertools import groupby
from pathlib import PurePosixPath

from django.template.loader import render_to_string

from families import access


def _photo_path(photo) -> str:
    return f"photos/{photo.pk}-{PurePosixPath(photo.image.name).name}"


def book_context(child, link) -> dict:
    """The book of `child` for the family carer reading through `link` (their `ChildAccess.link`)."""
    from diaries.models import DiaryEntry, HomeObservation
    from partnerships.models import Transition

    entries = (DiaryEntry.objects.family_visible().filter(child=child).select_related("photo", "author")
               .order_by("day", "occurred_at", "pk"))
    days = [(day, list(items)) for day, items in groupby(entries, key=lambda e: e.day)]
    return {
        "child": child, "days": days, "photo_path": _photo_path,
        "observations": list(HomeObservation.objects.filter(child=child).order_by("observed_on")),
        "transition": access.shared_records_visible_to_family(link, Transition.objects.filter(child=child)).first(),
    }


def book_html(child, link) -> str:
    context = book_context(child, link)
    for _day, items in context["days"]:
        for entry in items:
            entry.photo_file = _photo_path(entry.photo) if entry.photo_id else ""
    return render_to_string("dataprotection/keepsake_book.html", context)


def photos_zip(child) -> bytes:
    from diaries.models import DiaryEntry

    photos = {e.photo.pk: e.photo for e in DiaryEntry.objects.family_visible().filter(child=child, photo__isnull=False)
              .select_related("photo")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # JPEGs do not compress
        for photo in photos.values():
            with photo.image.storage.open(photo.image.name, "rb") as handle:
                archive.writestr(_photo_path(photo), handle.read())
    return buffer.getvalue()
