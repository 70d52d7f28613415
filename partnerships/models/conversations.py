"""Conversations with family carers: any staff member notes one in seconds."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    class Channel(models.TextChoices):
        DROP_OFF = "drop_off", _("At drop-off")
        PICK_UP = "pick_up", _("At pick-up")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        MEETING = "meeting", _("Meeting")
        VIDEO = "video", _("Video call")

    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="conversations")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+",
                              verbose_name=_("staff member"))
    carers = models.ManyToManyField("families.Carer", related_name="conversations", verbose_name=_("with"))
    channel = models.CharField(_("where / how"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=200)
    summary = models.TextField(_("short summary"), blank=True)
    is_good_news = models.BooleanField(_("good news"), default=False)
    started_by_family = models.BooleanField(_("the family started it"), default=False)
    follow_up = models.TextField(_("follow-up"), blank=True)
    happened_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at"]
        indexes = [models.Index(fields=["child", "happened_at"])]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.topic}"
