"""Things that need a family's answer: consents, forms, 'please bring...', RSVPs. Pinned until answered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FamilyRequest(models.Model):
    class Kind(models.TextChoices):
        CONSENT = "consent", _("Consent")
        INFORMATION = "information", _("Form or information")
        BRING = "bring", _("Please bring…")
        RSVP = "rsvp", _("RSVP")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        ROOM = "room", _("A room")
        CHILDREN = "children", _("Chosen children")

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    audience = models.CharField(_("to"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    room = models.ForeignKey("families.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    event = models.ForeignKey("partnerships.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="requests", verbose_name=_("event (for an RSVP)"))
    due_on = models.DateField(_("answer by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class RequestRecipient(models.Model):
    """One child's family for one request: sent, seen, answered."""

    request = models.ForeignKey(FamilyRequest, on_delete=models.CASCADE, related_name="recipients")
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="request_recipients")
    sent_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    # For a consent: when the last carer with parental responsibility answered.
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["child__legal_first_name"]
        constraints = [models.UniqueConstraint(fields=["request", "child"], name="one_recipient_per_child")]


class RequestAnswer(models.Model):
    recipient = models.ForeignKey(RequestRecipient, on_delete=models.CASCADE, related_name="answers")
    carer = models.ForeignKey("families.Carer", on_delete=models.RESTRICT, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    consent_given = models.BooleanField(_("I give consent"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at"]
        constraints = [models.UniqueConstraint(fields=["recipient", "carer"], name="one_answer_per_carer")]
