"""Demo notifications: a few delivered already, a few due now for the demo's worker to send on its first sweep."""

from datetime import timedelta

from django.utils import timezone

from families.models import KeyPersonAssignment

from . import api, reminders
from .models import Notification


def seed(ctx) -> str:
    alfie = ctx.named_children.get("alfie") or ctx.children[0]
    kp = KeyPersonAssignment.objects.active(ctx.today).filter(child=alfie).select_related("staff__user").first()
    about = kp or alfie
    now = timezone.now()
    queued = 0
    # Earlier news, already delivered (so the inbox is not empty on first look).
    queued += api.notify_child_family(child=alfie, kind="end_of_day_summary", about=about,
                                      due_at=now - timedelta(days=1), key=f"demo:{ctx.setting.pk}:eod:yesterday")
    queued += api.notify_child_family(child=alfie, kind="medicine_dose_given", about=about,
                                      due_at=now - timedelta(days=1), key=f"demo:{ctx.setting.pk}:dose:yesterday")
    Notification.objects.filter(key__startswith="demo:", sent_at__isnull=True).update(
        sent_at=now - timedelta(days=1), subject="", body="")
    # Due now: the demo's worker sends these within a minute of starting.
    queued += api.notify_child_family(child=alfie, kind="end_of_day_summary", about=about,
                                      key=f"demo:{ctx.setting.pk}:eod:today")
    if kp is not None:
        queued += api.notify_staff(users=[kp.staff.user], kind="commitment_due", about=kp,
                                   key=f"demo:{ctx.setting.pk}:commitment")
    found = reminders.run_all(now)
    queued += sum(v for v in found.values() if isinstance(v, int))
    _fill_delivered_text()
    return f"{queued} notifications queued (the worker sends those due within a minute)"


def _fill_delivered_text():
    """The pre-delivered demo rows get their words the same way a worker would give them."""
    from django.utils import translation

    from .rendering import render

    for row in Notification.objects.filter(key__startswith="demo:", sent_at__isnull=False, subject=""):
        with translation.override(row.language):
            message = render(row)
        Notification.objects.filter(pk=row.pk).update(subject=message.subject, body=message.text, link=message.link,
                                                          params=message.params)
