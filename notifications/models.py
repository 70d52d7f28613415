"""The outbox: one row per message to one person, sent exactly once by the sweep (see docs/notifications.md)."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    PUSH = "push", _("Push notifications on my devices")


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True)

    def due(self, now):
        """What the sweep picks up: pending, due, and not held by a live claim. Served by `notification_sweep`."""
        return self.pending().filter(due_at__lte=now).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))

    def delivered(self):
        return self.filter(sent_at__isnull=False)


class Notification(models.Model):
    """One message to one person about one thing. Created in the same transaction as the thing itself."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # What the recipient must still be allowed (families/access.py need) when the message goes out.
    need = models.CharField(max_length=30, default="see")
    language = models.CharField(_("language"), max_length=10)
    digest = models.BooleanField(_("held for the daily digest"), default=False)
    due_at = models.DateTimeField(_("due"))
    # A claim: whoever holds `claim_token` until `claimed_until` may send; after that the sweep may reclaim.
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # What was said, as sent (rendered at send time, in the recipient's language then).
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # What the words were made of, in no language (names, due date, count): the inbox says it again from the kind
    # and these, in the reader's language of the day (rendering.read).
    params = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at", "-pk"]
        indexes = [
            # The sweep: SELECT ... WHERE due_at <= now AND pending ORDER BY due_at (EXPLAIN in docs/notifications.md).
            models.Index(
                fields=["due_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True),
                name="notification_sweep",
            ),
            models.Index(fields=["recipient", "-sent_at"], condition=Q(sent_at__isnull=False), name="notification_inbox"),
            models.Index(fields=["setting", "-failed_at"], condition=Q(failed_at__isnull=False),
                         name="notification_failures"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.recipient_id} via {self.channel}"

    @classmethod
    def content_type_for(cls, obj):
        return ContentType.objects.get_for_model(obj) if obj is not None else None


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens")
    DIGEST = "digest", _("Once a day, in a digest")


class Preference(models.Model):
    """How one person (carer or staff) wants to hear from Triangle. Without a row, defaults apply."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    channel = models.CharField(_("how to reach me"), max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    delivery = models.CharField(_("when"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    language = models.CharField(_("language"), max_length=10, blank=True)
    digest_time = models.TimeField(_("digest time"), default=time(18, 0))
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)

    def clean(self):
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValidationError({"quiet_end": _("Give both ends of the quiet hours, or neither.")})
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValidationError({"quiet_end": _("Quiet hours must end at a different time from when they start.")})


class ReminderSettings(models.Model):
    """A setting's reminder schedule: when chasers go out and how far ahead requests are followed up."""

    setting = models.OneToOneField("families.Setting", on_delete=models.CASCADE, related_name="reminder_settings")
    window_start = models.TimeField(_("send chasers from"), default=time(8, 0))
    window_end = models.TimeField(_("send chasers until"), default=time(18, 0))
    end_of_day = models.TimeField(_("end of the day"), default=time(17, 30),
                                  help_text=_("When unacknowledged accidents are reported to the manager."))
    request_days_before_due = models.PositiveSmallIntegerField(
        _("follow up requests this many days before they are due"), default=2)
    chase_every_days = models.PositiveSmallIntegerField(_("chase unacknowledged accidents every (days)"), default=1)
    weekly_day = models.PositiveSmallIntegerField(
        _("weekly reminders on"), default=0,
        choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday"))])

    def clean(self):
        if self.window_start is not None and self.window_end is not None and self.window_end <= self.window_start:
            raise ValidationError({"window_end": _("The reminder schedule ends before it starts: choose an end "
                                                   "time after %(start)s.") % {"start": self.window_start.strftime("%H:%M")}})
        if self.chase_every_days == 0:
            raise ValidationError({"chase_every_days": _("Chase at least once a day or less often (1 or more).")})

    @classmethod
    def for_setting(cls, setting):
        found = getattr(setting, "_reminder_settings_cache", None)
        if found is None:
            found = cls.objects.filter(setting=setting).first() or cls(setting=setting)
            setting._reminder_settings_cache = found
        return found


class PushSubscription(models.Model):
    """One device (a browser on a phone, tablet or computer) that receives push notifications for one person.

    The endpoint is the push service's address for that browser; p256dh and auth are the browser's keys that
    every message is encrypted to (RFC 8291). A browser has one endpoint, so whoever turned push on there last
    owns it. The push service answers 404 or 410 once the browser has dropped it: the row is then deleted.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    device = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("turned on"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last notification"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"push to {self.user_id} on {self.device or 'a device'}"
