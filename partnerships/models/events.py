"""Parent evenings and stay-and-play, offered at several times so working parents can come."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        PARENT_EVENING = "parent_evening", _("Parent evening")
        STAY_AND_PLAY = "stay_and_play", _("Stay and play")

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    room = models.ForeignKey("families.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("room (empty: everyone)"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class EventSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    length_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=15)
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)

    class Meta:
        ordering = ["starts_at"]


class EventBooking(models.Model):
    """One child's family in one slot. `attended` is recorded by staff afterwards."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(EventSlot, on_delete=models.CASCADE, related_name="bookings")
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="event_bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at"]
        constraints = [models.UniqueConstraint(fields=["event", "child"], name="one_booking_per_child_per_event")]
