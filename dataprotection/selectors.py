"""Reads for the data protection pages. Each takes the viewer; access comes from families/access.py."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps

from families import access

from . import held as H
from .models import ErasureLog, LegalHold, RetentionReview, SafeguardingReview, SubjectAccessRequest


def family_requests_for(*, viewer, child):
    return list(access.subject_access_requests_visible_to(viewer).filter(child=child).prefetch_related("events"))


def manager_overview_for(*, viewer) -> dict:
    membership = access.manager_membership_or_404(viewer)
    setting = membership.setting
    review = RetentionReview.objects.filter(setting=setting, confirmed_at__isnull=True).first()
    return {
        "setting": setting,
        "requests": list(SubjectAccessRequest.objects.filter(setting=setting).select_related("child", "requester")
                         .order_by("answered_at", "due_on")[:50]),
        "review": review,
        "review_count": review.items.count() if review else 0,
        "holds": list(LegalHold.objects.filter(setting=setting, lifted_at__isnull=True).select_related("child")),
        "erasures": list(ErasureLog.objects.filter(setting=setting).select_related("erased_by")[:30]),
    }


def safeguarding_to_review(*, viewer, sar) -> list:
    """The child's safeguarding records with the DSL's decision so far (the DSL alone reads them)."""
    access.dsl_membership_or_404(viewer)
    decided = {r.record_id: r for r in SafeguardingReview.objects.filter(request=sar)}
    records = access.safeguarding_records_visible_to(viewer).filter(child=sar.child).order_by("observed_at")
    return [(record, decided.get(record.pk)) for record in records]


def _held_order(model):
    return next((i for i, h in enumerate(H.HELD) if h.model == model), len(H.HELD))


def review_page_for(*, viewer) -> dict:
    """The latest listing, grouped by record type and child, with what a hold keeps back."""
    from . import retention

    membership = access.manager_membership_or_404(viewer)
    setting = membership.setting
    review = RetentionReview.objects.filter(setting=setting, confirmed_at__isnull=True).first()
    groups = defaultdict(lambda: defaultdict(int))
    names = {}
    if review is not None:
        for item in review.items.select_related("child"):
            label = item.child.display_name if item.child else "—"
            names[item.child_id] = label
            groups[(item.record_type, item.child_id, item.due_on)][item.model] += 1
    rows = []
    for (record_type, child_id, due_on), counts in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][2]))):
        rows.append({"record_type": H.RECORD_TYPES[record_type].label, "child": names.get(child_id, "—"),
                     "due_on": due_on,
                     # held.py's labels ("Diary entries"), in held.py's order: the models' own plurals read "Diary entrys"
                     "counts": [(H.BY_MODEL[m].label if m in H.BY_MODEL else apps.get_model(m)._meta.verbose_name_plural, n)
                                for m, n in sorted(counts.items(), key=lambda kv: _held_order(kv[0]))]})
    _due, on_hold = retention.past_date(setting, setting.today())
    held_counts = defaultdict(int)
    for d in on_hold:
        held_counts[d.child_id] += 1
    return {"setting": setting, "review": review, "rows": rows,
            "total": sum(sum(c for _n, c in r["counts"]) for r in rows),
            "held": [(names.get(cid) or _child_name(cid), n) for cid, n in held_counts.items()],
            "periods": retention.periods_for(setting)}


def _child_name(child_id):
    from families.models import Child

    child = Child.objects.filter(pk=child_id).first()
    return child.display_name if child else "—"


def privacy_setting(user):
    """The setting whose periods the privacy page states: the staff member's current one, else the family's child's
    (the first), else None (someone not signed in reads the usual periods)."""
    from families import access

    membership = access.staff_membership(user)
    if membership is not None:
        return membership.setting
    link = access.links_of(user).select_related("child__setting").order_by("pk").first()
    return link.child.setting if link is not None else None


def retention_statements(setting) -> list[str]:
    """How long each record type is kept, in the reader's language: the setting's own periods (one rule with the
    retention review: retention.periods_for), or the default profile's for no setting."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from . import held
    from .retention import periods_for

    if setting is not None:
        years = periods_for(setting)
    else:
        from families.jurisdictions import EYFS

        years = {code: EYFS.retention_years.get(code, 3) for code in held.RECORD_TYPES}
    lines = []
    for code, record_type in held.RECORD_TYPES.items():
        n = years[code]
        if record_type.basis == held.AFTER_LEAVING:
            how = ngettext("%(count)s year after your child leaves", "%(count)s years after your child leaves", n)
        elif record_type.basis == held.UNTIL_AGE:
            how = ngettext("until your child is %(count)s", "until your child is %(count)s", n)
        else:
            how = ngettext("%(count)s year after it is closed", "%(count)s years after it is closed", n)
        lines.append(_("%(what)s: %(how_long)s.") % {"what": record_type.label, "how_long": how % {"count": n}})
    return lines
