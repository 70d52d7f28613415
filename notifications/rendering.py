"""Turning an outbox row into words: at send time in the recipient's language (after access is checked again),
and again in the inbox in the reader's language of the day, from the parameters stored with the row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from families import access

from . import kinds


@dataclass
class Message:
    subject: str
    text: str
    link: str
    params: dict = field(default_factory=dict)  # what the words were made of (kind + these = the words again)


DUE_ATTRIBUTES = ("due_on", "due_date", "due_at", "respond_by", "review_on", "review_date", "starts_at", "date")


def prefetch_access(rows, cache: dict) -> None:
    """Fill `cache` for a whole batch in a few queries (families.access.child_access_many)."""
    pairs, settings_of = {}, {}
    for r in rows:
        if r.child_id is not None:
            pairs[(r.recipient_id, r.child_id)] = (r.recipient, r.child)
            settings_of.setdefault((r.recipient_id, r.child_id), set()).add(r.setting_id)
    for (user_id, child_id), found in access.child_access_many(pairs.values()).items():
        for setting_id in settings_of[(user_id, child_id)]:
            cache[(user_id, child_id, setting_id)] = found


def may_receive(row, cache: dict) -> bool:
    """Whether the recipient may still see what the row is about, by the rules in families/access.py."""
    user = row.recipient
    if not user.is_active:
        return False
    if row.content_type_id is not None and row.about is None:
        return False  # the record is gone
    about = row.about
    if row.kind == access.RIGHTS_CHANGED:  # the DSL hears of it wherever the child's room is
        return (access.staff_membership(user, row.setting_id) is not None
                and access.rights_history_readable(user, about))
    if access.is_safeguarding_record(about):
        # The safeguarding rule alone decides (a DSL may not be in the child's room); families never.
        return (access.staff_membership(user, row.setting_id) is not None
                and access.safeguarding_record_readable(user, about))
    ck = (user.pk, row.child_id, row.setting_id)
    if ck not in cache:
        if row.child_id is not None:
            cache[ck] = access.child_access(user, row.child)
        else:
            membership = access.staff_membership(user, row.setting_id) if row.setting_id else None
            cache[ck] = membership
    found = cache[ck]
    if row.child_id is not None:
        if found is None or not found.allows(row.need):
            return False
        is_staff = found.is_staff
    else:
        if row.need in (access.STAFF, access.MANAGER):
            if found is None or (row.need == access.MANAGER and not found.is_manager):
                return False
        is_staff = found is not None
    return is_staff or row.need not in (access.STAFF, access.MANAGER)


# Where a notification's "Open" goes, per record type: (for families, for staff). Each page checks access
# itself; a family is never sent to a staff page. Unknown types fall back to the child's page or the inbox.
LINKS = {
    "families.carerlink": (None, lambda a: ("families:carer_link_rights", {"link_id": a.pk})),
    "diaries.accident": (lambda a: ("diaries:accident_detail", {"accident_id": a.pk}),
                         lambda a: ("diaries:accident_detail", {"accident_id": a.pk})),
    "partnerships.requestrecipient": (lambda a: ("partnerships:request_answer", {"pk": a.pk}),
                                      lambda a: ("partnerships:request_detail", {"pk": a.request_id})),
    "partnerships.eventbooking": (None, lambda a: ("partnerships:event_detail", {"pk": a.event_id})),
    "partnerships.concern": (None, lambda a: ("partnerships:concern_detail", {"pk": a.pk})),
    "partnerships.concernaction": (None, lambda a: ("partnerships:concern_detail", {"pk": a.concern_id})),
    "partnerships.familyconcern": (None, lambda a: ("partnerships:family_concern_detail", {"pk": a.pk})),
    "partnerships.commitment": (None, lambda a: ("partnerships:my_commitments", {})),
    "partnerships.complaint": (None, lambda a: ("partnerships:complaint_edit", {"pk": a.pk})),
    "partnerships.safeguardingrecord": (None, lambda a: ("partnerships:safeguarding_detail", {"pk": a.pk})),
    "partnerships.settlingsession": (lambda a: ("partnerships:settling_session_review", {"pk": a.pk}),
                                     lambda a: ("partnerships:settling_plan", {"child_id": a.plan.child_id})),
    "partnerships.settlingplan": (lambda a: ("partnerships:settling_plan", {"child_id": a.child_id}),
                                  lambda a: ("partnerships:settling_plan", {"child_id": a.child_id})),
    "partnerships.progresscheck": (None, lambda a: ("partnerships:progress_check_detail", {"pk": a.pk})),
    "partnerships.transition": (lambda a: ("partnerships:transition_family", {"pk": a.pk}),
                                lambda a: ("partnerships:transition_detail", {"pk": a.pk})),
    "dataprotection.subjectaccessrequest": (lambda a: ("dataprotection:family_requests", {"child_id": a.child_id}),
                                            lambda a: ("dataprotection:sar_detail", {"pk": a.pk})),
    "dataprotection.retentionreview": (None, lambda a: ("dataprotection:retention_review", {})),
}


def _reverse(name, kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _link_for(row) -> str:
    about = row.about
    staff = row.need in (access.STAFF, access.MANAGER)
    path = ""
    if about is not None:
        if hasattr(about, "get_absolute_url"):
            path = about.get_absolute_url()
        else:
            pair = LINKS.get(f"{about._meta.app_label}.{about._meta.model_name}")
            build = pair[1 if staff else 0] if pair else None
            if build is not None:
                path = _reverse(*build(about))
    if not path and row.child_id:
        path = _reverse("families:child_detail", {"child_id": row.child_id}) if staff else (
            _reverse("partnerships:family_child", {"child_id": row.child_id}) or reverse("families:home"))
    return settings.SITE_URL.rstrip("/") + (path or reverse("notifications:notifications_inbox"))


def _due_value(about, tz=None) -> dict:
    """When the record is due, language-free: {"due_at": local ISO instant} or {"due_on": ISO date}, or {}."""
    for name in DUE_ATTRIBUTES + ("request.due_on", "slot.starts_at"):
        value = about
        for part in name.split("."):
            value = getattr(value, part, None)
        if value is not None and not callable(value) and hasattr(value, "year"):
            if hasattr(value, "hour"):  # an instant: kept in the setting's local time, with its offset
                return {"due_at": (timezone.localtime(value, tz) if tz and timezone.is_aware(value) else value)
                        .isoformat()}
            return {"due_on": value.isoformat()}
    return {}


def _due_text(params) -> str:
    """The due date or time in the active language (the stored instant keeps the setting's offset)."""
    if params.get("due_at"):
        return formats.date_format(datetime.fromisoformat(params["due_at"]), "DATETIME_FORMAT")
    if params.get("due_on"):
        return formats.date_format(date.fromisoformat(params["due_on"]), "DATE_FORMAT")
    return ""


def params_for(row, *, extra: dict | None = None) -> dict:
    """What a row's words are made of, in no language: names, the due date, a count.

    Stored on the row when it is delivered (`Notification.params`), so the inbox can say the same thing again in
    whatever language its reader has chosen since (`read`).
    """
    spec = kinds.get(row.kind)
    about = row.about
    params = {
        "child": row.child.first_name if row.child_id else "",
        "setting": row.setting.name if row.setting_id else "Triangle",
    }
    if about is not None:
        params.update(_due_value(about, row.setting.tz if row.setting_id else None))
        if spec.audience == kinds.STAFF and hasattr(about, "notification_title"):
            params["title"] = str(about.notification_title())
        if spec.audience == kinds.STAFF and getattr(about, "email", ""):
            params["email"] = about.email
    if row.kind == "incomplete_records" and about is not None:
        params["count"] = getattr(row, "_count", "") or _count_incomplete(about)
    params.update(extra or {})
    return params


def words(kind: str, params: dict) -> tuple[str, str]:
    """(subject, text) of a kind in the active language, from language-free `params`."""
    spec = kinds.get(kind)
    due = _due_text(params)
    title = params.get("title", "")
    values = {
        "child": params.get("child", ""),
        "setting": params.get("setting", "Triangle"),
        "due": due,
        "due_sentence": (_(", by %(due)s.") % {"due": due}) if due else ".",
        "title_sentence": (" " + _("“%(title)s”") % {"title": title}) if title else "",
        "count": formats.number_format(params["count"]) if isinstance(params.get("count"), int)
        else params.get("count", ""),
        "email": params.get("email", ""),
    }
    return str(spec.subject) % values, str(spec.body) % values


def render(row, *, extra: dict | None = None) -> Message:
    """The words for one row at send time. Call inside translation.override(row.language)."""
    params = params_for(row, extra=extra)
    subject, text = words(row.kind, params)
    return Message(subject=subject, text=text, link=_link_for(row), params=params)


def read(row) -> Message:
    """A delivered row's words in the active language: the reader's language now, not the one it was sent in.

    Made from the parameters stored at delivery; rows delivered before those were stored are rebuilt from their
    record, and a row of a kind that no longer exists keeps the words it was sent with.
    """
    if row.kind not in kinds.KINDS:
        return Message(subject=row.subject, text=row.body, link=row.link)
    subject, text = words(row.kind, row.params or params_for(row))
    return Message(subject=subject, text=text, link=row.link or _link_for(row), params=row.params)


def _count_incomplete(setting) -> int:
    from families import selectors
    from families.models import Child

    today = setting.today()
    children = Child.objects.filter(setting=setting, start_date__lte=today).exclude(leave_date__lt=today)
    return selectors.with_completeness(children).filter(selectors.incomplete_filter()).count()


def render_email(row, message: Message, items=None) -> tuple[str, str]:
    context = {"message": message, "items": items, "row": row, "site_url": settings.SITE_URL,
               "preferences_url": settings.SITE_URL.rstrip("/") + reverse("notifications:notification_preferences")}
    return (render_to_string("notifications/email/message.txt", context),
            render_to_string("notifications/email/message.html", context))


def render_digest(rows, language) -> tuple[Message, list[Message]]:
    with translation.override(language):
        items = [render(r) for r in rows]
        subject = _("Your Triangle digest: %(count)s new") % {"count": len(items)}
        text = "\n".join(f"- {m.subject}" for m in items)
        link = settings.SITE_URL.rstrip("/") + reverse("notifications:notifications_inbox")
        return Message(subject=subject, text=text, link=link), items
