"""Shared pieces of the partnership models: the version field that catches concurrent edits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record two staff might edit at once. Services compare `version` and bump it (see services.common)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
