"""Transition out: a summary for the next setting or school that the family helps write."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Transition(models.Model):
    child = models.OneToOneField("families.Child", on_delete=models.CASCADE, related_name="transition")
    destination = models.CharField(_("next setting or school"), max_length=200)
    moving_on = models.DateField(_("moving on"), null=True, blank=True)
    interests = models.TextField(_("interests"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    care_needs = models.TextField(_("care needs"), blank=True)
    family_section = models.TextField(_("from the family"), blank=True)
    family_section_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+")
    shared_with_family_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
