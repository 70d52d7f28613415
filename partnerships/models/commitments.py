"""'I'll get back to you by <date>': a promise to a family with an owner and a due date."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commitment(models.Model):
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="commitments")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="commitments",
                              verbose_name=_("who will get back"))
    description = models.CharField(_("what we will get back about"), max_length=300)
    due_on = models.DateField(_("by"))
    # Whom the promise was made to. A carer in another household sees it only when one of theirs is here too
    # (families.access.commitments_visible_to_family); none recorded (older promises) means the whole family.
    said_to = models.ManyToManyField("families.Carer", blank=True, related_name="+", verbose_name=_("said to"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.TextField(_("what we told them"), blank=True)
    # Where the promise was made: a conversation, a concern, a diary comment thread... (any model).
    source_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("made during"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self):
        return f"{self.description} (by {self.due_on})"

    @property
    def is_done(self):
        return self.done_at is not None
