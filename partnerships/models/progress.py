"""The progress check at age two: the prime areas, with the parent's contribution (EYFS)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PRIME_AREAS = [
    ("cl", _("Communication and language")),
    ("pd", _("Physical development")),
    ("psed", _("Personal, social and emotional development")),
]


class ProgressCheck(models.Model):
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="progress_checks")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    checked_on = models.DateField(_("date of the check"))
    cl_going_well = models.TextField(_("going well"), blank=True)
    cl_support = models.TextField(_("support needed"), blank=True)
    cl_next_steps = models.TextField(_("next steps"), blank=True)
    pd_going_well = models.TextField(_("going well"), blank=True)
    pd_support = models.TextField(_("support needed"), blank=True)
    pd_next_steps = models.TextField(_("next steps"), blank=True)
    psed_going_well = models.TextField(_("going well"), blank=True)
    psed_support = models.TextField(_("support needed"), blank=True)
    psed_next_steps = models.TextField(_("next steps"), blank=True)
    parent_contribution = models.TextField(_("parent's contribution"), blank=True)
    parent_contribution_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                               blank=True, related_name="+")
    shared_on = models.DateField(_("shared with the family on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on"]

    def areas(self):
        return [
            (label, getattr(self, f"{code}_going_well"), getattr(self, f"{code}_support"),
             getattr(self, f"{code}_next_steps"))
            for code, label in PRIME_AREAS
        ]
