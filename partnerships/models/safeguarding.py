"""Safeguarding records: for the DSL and the managers named on each record, nobody else (families/access.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import Versioned


class SafeguardingRecord(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("safeguarding record status", "Open")
        REFERRED = "referred", _("Referred on")
        CLOSED = "closed", _("Closed")

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("families.Child", on_delete=models.RESTRICT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    observed_at = models.DateTimeField(_("when it was seen or said"), default=timezone.now)
    what_happened = models.TextField(_("what you saw or heard, in the child's words where you can"))
    action_taken = models.TextField(_("anything you did straight away"), blank=True)
    # Managers who may read this record besides the setting's DSL(s).
    named_managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                            verbose_name=_("managers who may read it"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    dsl_notes = models.TextField(_("DSL notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[named_managers])

    # families.access.is_safeguarding_record: never told to a family, to staff only by the safeguarding rule.
    is_safeguarding_record = True

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Safeguarding record {self.pk}"


class SafeguardingReadAudit(models.Model):
    """One row per read of a safeguarding record: who, when."""

    record = models.ForeignKey(SafeguardingRecord, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-read_at"]
