"""The notifications pages: the inbox (everyone), preferences (everyone), failures and reminder settings
(managers)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families import access
from families.redirects import redirect_to_next

from . import badge, rendering, selectors
from .forms import PreferenceForm, ReminderSettingsForm
from .models import Preference, ReminderSettings


def inbox(request):
    rows = selectors.inbox_for(viewer=request.user).select_related("child", "setting").order_by("-sent_at", "-pk")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    for row in page:
        row.message = rendering.read(row)  # in the reader's language now, not the one it was sent in
    return render(request, "notifications/inbox.html", {"page": page, "title": _("Notifications")})


@require_POST
def mark_read(request, notification_id):
    row = selectors.inbox_for(viewer=request.user).filter(pk=notification_id).first()
    if row is None:
        raise Http404("Not found")
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])  # the save drops this reader's cached badge
    return redirect_to_next(request, "notifications:notifications_inbox")


@require_POST
def mark_all_read(request):
    n = selectors.inbox_for(viewer=request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    badge.forget(request.user.pk)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": n})
    return redirect("notifications:notifications_inbox")


def preferences(request):
    pref = Preference.objects.filter(user=request.user).first()
    if pref is None:
        pref = Preference(user=request.user)
        carer = request.user.carer_profiles.first()
        if carer is not None:
            pref.channel, pref.language = carer.preferred_channel, carer.preferred_language
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:notification_preferences")
    return render(request, "notifications/form_page.html", {
        "form": form, "title": _("Notification preferences"),
        "intro": _("Choose how Triangle tells you about things: in the app, by email or by text message; "
                   "straight away or in one daily digest; and hours when nothing is sent."),
    })


def failures(request):
    membership = access.manager_membership_or_404(request.user)
    page = Paginator(selectors.failures_for(manager_membership=membership), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/failures.html", {"page": page, "title": _("Messages that could not be sent")})


def reminder_settings(request):
    membership = access.manager_membership_or_404(request.user)
    instance = ReminderSettings.objects.filter(setting=membership.setting).first() or ReminderSettings(
        setting=membership.setting)
    form = ReminderSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reminder settings saved."))
        return redirect("notifications:reminder_settings")
    return render(request, "notifications/form_page.html", {
        "form": form, "title": _("Reminder settings"),
        "intro": _("When chasers and follow-ups go out. Times are in the setting's time zone (%(tz)s).")
        % {"tz": membership.setting.timezone},
    })
