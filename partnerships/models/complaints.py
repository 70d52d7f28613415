"""Complaints: every one recorded with its outcome; a written EYFS complaint is answered within 28 days."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Versioned


class Complaint(Versioned):
    class Channel(models.TextChoices):
        WRITTEN = "written", _("Written")
        VERBAL = "verbal", _("Verbal")

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="complaints")
    child = models.ForeignKey("families.Child", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="complaints", verbose_name=_("child (if any)"))
    complainant_name = models.CharField(_("complainant"), max_length=200)
    complainant_carer = models.ForeignKey("families.Carer", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+")
    channel = models.CharField(_("how it was made"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    concerns_eyfs_requirement = models.BooleanField(_("concerns an EYFS requirement"), default=False)
    summary = models.TextField(_("the complaint"))
    respond_by = models.DateField(_("respond by"))
    investigation = models.TextField(_("investigation"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    complainant_told_on = models.DateField(_("complainant told of the outcome on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.complainant_name}, {self.received_at:%d %b %Y}"

    @property
    def is_open(self):
        return self.complainant_told_on is None
