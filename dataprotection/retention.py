"""THE retention rule: how long each record type is kept, and which records are past their date today.

Periods come from the setting's jurisdiction profile (families/jurisdictions.py) unless the setting set its own
(`RetentionPeriod`). How the years count depends on the type (held.RECORD_TYPES): general records from the day the
child left, accidents, medicines and safeguarding until the child reaches that age, complaints from the day the
complainant was told the outcome. A legal hold on a child (one type, or all) keeps their records whatever the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from families.models import Child

from . import held as H
from .models import AnonymisedRow, LegalHold, RetentionPeriod


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def periods_for(setting) -> dict:
    """{record type: years} for this setting: its own where it set one, else its profile's."""
    years = {code: setting.profile.retention_years.get(code, 3) for code in H.RECORD_TYPES}
    years.update(dict(RetentionPeriod.objects.filter(setting=setting).values_list("record_type", "years")))
    return years


def held_children(setting) -> dict:
    """{child id: set of record types held ('' = every type)} for the setting's active legal holds."""
    holds = {}
    for child_id, record_type in LegalHold.objects.filter(setting=setting, lifted_at__isnull=True).values_list(
            "child_id", "record_type"):
        holds.setdefault(child_id, set()).add(record_type)
    return holds


def _is_held(holds, child_id, record_type) -> bool:
    found = holds.get(child_id, ())
    return "" in found or record_type in found


@dataclass(frozen=True)
class Due:
    """One record past its date."""

    held: H.Held
    object_id: int
    child_id: int | None
    due_on: date


def past_date(setting, today: date) -> tuple[list[Due], list[Due]]:
    """(records past their retention date and free to erase, those past date but under a legal hold)."""
    years = periods_for(setting)
    holds = held_children(setting)
    due, on_hold = [], []
    # Rows already erased by anonymising (the reports count them) are never listed again.
    done = set(AnonymisedRow.objects.filter(setting=setting).values_list("model", "object_id"))

    def add(held, object_id, child_id, due_on):
        if (held.model, object_id) in done:
            return
        (on_hold if child_id is not None and _is_held(holds, child_id, held.record_type) else due).append(
            Due(held, object_id, child_id, due_on))

    children = {c.pk: c for c in Child.objects.filter(setting=setting)}
    general_due = {}
    for child in children.values():
        if child.leave_date is not None:
            until = add_years(child.leave_date, years[H.GENERAL])
            if until < today:
                general_due[child.pk] = until
    age_due = {code: {c.pk: add_years(c.date_of_birth, years[code]) for c in children.values()
                      if add_years(c.date_of_birth, years[code]) < today}
               for code in (H.ACCIDENT, H.MEDICINE, H.SAFEGUARDING)}

    for held in H.HELD:
        if held.key in ("child", "households", "photos"):
            continue
        if held.record_type == H.COMPLAINT:
            model = held.model_class
            for pk, child_id, told in model.objects.filter(setting=setting, complainant_told_on__isnull=False) \
                    .values_list("pk", "child_id", "complainant_told_on"):
                until = add_years(told, years[H.COMPLAINT])
                if until < today:
                    add(held, pk, child_id, until)
            continue
        limits = general_due if held.record_type == H.GENERAL else age_due[held.record_type]
        if not limits:
            continue
        rows = held.model_class.objects.filter(**{f"{held.child_path}__in": list(limits)})
        for pk, child_id in rows.values_list("pk", held.child_path).distinct():
            add(held, pk, child_id, limits[child_id])

    # Photos go when every child in them is past date; a photo with another child in it stays for that child.
    photos = H.BY_KEY["photos"].model_class.objects.filter(children__in=list(general_due)).distinct()
    for photo in photos.prefetch_related("children"):
        tagged = [c.pk for c in photo.children.all()]
        if all(pk in general_due for pk in tagged):
            child_id = tagged[0]
            held_any = any(_is_held(holds, pk, H.GENERAL) for pk in tagged)
            (on_hold if held_any else due).append(Due(H.BY_KEY["photos"], photo.pk, child_id,
                                                      max(general_due[pk] for pk in tagged)))

    # The child's own record (and a household no other child shares) goes last, once nothing kept longer remains.
    free = {(d.held.model, d.object_id) for d in due} | done
    for child_id, until in general_due.items():
        if _is_held(holds, child_id, H.GENERAL) or ("families.Child", child_id) in done:
            continue
        remaining = any((h.model, pk) not in free
                        for h in H.HELD if h.key not in ("child", "households", "photos")
                        for pk in h.rows_of(child_id).values_list("pk", flat=True))
        if remaining:
            continue
        add(H.BY_KEY["child"], child_id, child_id, until)
        households = H.BY_KEY["households"].model_class.objects.filter(children=child_id).exclude(
            Q(children__in=[c for c in children if c != child_id]))
        for household_id in households.values_list("pk", flat=True):
            add(H.BY_KEY["households"], household_id, child_id, until)
    return due, on_hold
