"""Settling-in: short sessions the parent may stay for, a review together after each, then 'settled'."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SettlingPlan(models.Model):
    child = models.OneToOneField("families.Child", on_delete=models.CASCADE, related_name="settling_plan")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    notes = models.TextField(_("what we know about the child (comforters, routines)"), blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    final_review = models.TextField(_("final review"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def is_settled(self):
        return self.settled_on is not None


class SettlingSession(models.Model):
    plan = models.ForeignKey(SettlingPlan, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("time"))
    length_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    parent_stays = models.BooleanField(_("parent stays"), default=True)
    staff_note = models.TextField(_("how it went (staff)"), blank=True)
    parent_note = models.TextField(_("how it went (parent)"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time"]

    @property
    def review_due(self):
        return not self.staff_note
