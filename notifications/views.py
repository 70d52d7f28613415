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
from families.view_helpers import form_page

from . import badge, push, rendering, selectors, services
from .forms import PreferenceForm, PushSubscriptionForm, ReminderSettingsForm
from .models import Channel, Preference, ReminderSettings


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
    devices = selectors.push_devices_for(viewer=request.user)
    return render(request, "notifications/preferences.html", {
        "form": form, "title": _("Notification preferences"),
        "intro": _("Choose how Triangle tells you about things: in the app, by email, by text message or by "
                   "push notification on your phone; straight away or in one daily digest; and hours when "
                   "nothing is sent."),
        "push_configured": push.configured(), "push_public_key": push.public_key(), "push_devices": devices,
        "push_chosen": pref.pk is not None and pref.channel == Channel.PUSH,
    })


@require_POST
def push_subscribe(request):
    """This device's browser turned push on (static/js/push.js posts its subscription)."""
    form = PushSubscriptionForm(request.POST)
    if not push.configured():
        messages.error(request, _("Push notifications are not set up on this server."))
    elif form.is_valid():
        services.push_subscription_save(user=request.user, user_agent=request.headers.get("User-Agent", ""),
                                        **form.cleaned_data)
        messages.success(request, _("Push notifications are on for this device. Triangle now tells you by "
                                    "push notification (and in the app)."))
    else:
        messages.error(request, _("Push notifications could not be turned on for this device: %(reason)s")
                       % {"reason": " ".join(e for errors in form.errors.values() for e in errors)})
    return redirect("notifications:notification_preferences")


@require_POST
def push_unsubscribe(request, subscription_id):
    """Turn push off for one of the viewer's devices. Someone else's device does not exist for them."""
    if not services.push_subscription_remove(user=request.user, subscription_id=subscription_id):
        raise Http404("Not found")
    messages.success(request, _("Push notifications are off for that device."))
    return redirect("notifications:notification_preferences")


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
    return form_page(request, form, _("Reminder settings"), intro=_(
        "When chasers and follow-ups go out. Times are in the setting's time zone (%(tz)s).")
        % {"tz": membership.setting.timezone})
