"""UK GDPR records: subject access requests, retention periods, legal holds, retention reviews and the erasure log.

What each holds is content-free wherever it outlives the records it is about: the erasure log says what type, how
many, who and when, never what was erased (docs/data-protection.md).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.validators import validate_single_line

USER = settings.AUTH_USER_MODEL
REASON_MAX = 1000


def one_month_after(day):
    """The UK GDPR deadline: the same day of the next month (or its last day when the next month is shorter)."""
    import calendar

    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class SubjectAccessRequest(models.Model):
    """A request for a copy of everything held about a child and the person asking."""

    class Copy(models.TextChoices):
        FAMILY = "family", _("Family's copy")
        MANAGER = "manager", _("Manager's copy (for review before it is sent)")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="subject_access_requests")
    # Whose data besides the child's: the carer who asked (online, or on paper through a manager).
    requester = models.ForeignKey("families.Carer", on_delete=models.SET_NULL, null=True, related_name="+",
                                  verbose_name=_("who asked"))
    made_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    on_paper = models.BooleanField(_("made on paper or in person"), default=False)
    copy = models.CharField(max_length=10, choices=Copy.choices, default=Copy.FAMILY)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer by"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    archive = models.FileField(upload_to="subject-access/", blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Subject access request {self.pk}"

    def save(self, *args, **kwargs):
        if self.received_on and not self.due_on:
            self.due_on = one_month_after(self.received_on)
        super().save(*args, **kwargs)

    @property
    def is_downloadable(self):
        return self.status == self.Status.READY and self.expires_at is not None and self.expires_at > timezone.now()

    @property
    def link_expired(self):
        return self.status == self.Status.READY and self.expires_at is not None and self.expires_at <= timezone.now()


class SubjectAccessEvent(models.Model):
    """The log: every request, build and download of a subject access copy, by whom and when."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        BUILT = "built", _("Prepared")
        DOWNLOADED = "downloaded", _("Downloaded")
        REVIEWED = "reviewed", _("Safeguarding record reviewed")
        FAILED = "failed", _("Could not be prepared")

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]


class SafeguardingReview(models.Model):
    """The DSL's decision on one safeguarding record for one manager's copy: the legal exemptions are their call."""

    class Decision(models.TextChoices):
        INCLUDE = "include", _("Include in the manager's copy")
        WITHHOLD = "withhold", _("Withhold (an exemption applies)")

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="safeguarding_reviews")
    record = models.ForeignKey("partnerships.SafeguardingRecord", on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("why (kept with the request)"), blank=True, max_length=REASON_MAX)
    reviewed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "record"], name="one_review_per_record_per_sar")]


class RetentionPeriod(models.Model):
    """A setting's own period for one record type, instead of its jurisdiction profile's default."""

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=20)
    years = models.PositiveSmallIntegerField(_("years"))
    changed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["setting", "record_type"], name="one_period_per_type")]


class LegalHold(models.Model):
    """Nothing of this child (of one record type, or of every type) is erased while the hold is on."""

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="legal_holds")
    record_type = models.CharField(_("records"), max_length=20, blank=True)  # blank: every type
    reason = models.CharField(_("why (e.g. an open safeguarding matter, a claim)"), max_length=300,
                              validators=[validate_single_line])
    placed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]

    @property
    def is_active(self):
        return self.lifted_at is None


class RetentionReview(models.Model):
    """What the daily task found past its retention date, waiting for a manager to confirm erasure."""

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    listed_on = models.DateField()
    confirmed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-listed_on", "-pk"]


class RetentionItem(models.Model):
    """One record past its date, as the review listed it. Deleted with the record it names."""

    review = models.ForeignKey(RetentionReview, on_delete=models.CASCADE, related_name="items")
    record_type = models.CharField(max_length=20)
    model = models.CharField(max_length=100)  # app_label.ModelName
    object_id = models.PositiveBigIntegerField()
    child = models.ForeignKey("families.Child", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_on = models.DateField()

    class Meta:
        ordering = ["record_type", "due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "model", "object_id"], name="one_item_per_record")]


class ErasureLog(models.Model):
    """What was erased, without the content: the type, how many rows, who confirmed it, when."""

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=20)
    model = models.CharField(max_length=100)
    count = models.PositiveIntegerField()
    erased_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-erased_at", "record_type"]

    @property
    def label(self):
        """What was erased, in the reader's language (the model's label in held.py, else its name)."""
        from . import held

        entry = held.BY_MODEL.get(self.model)
        return entry.label if entry else self.model


class AnonymisedRow(models.Model):
    """A record the reports count, erased by anonymising: the row stays (dates, room, kind, flags) so past reports
    keep their figures, its content is gone (docs/data-protection.md). Listed here so it is never listed again."""

    setting = models.ForeignKey("families.Setting", on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="anonymised_once")]


LINK_VALID_FOR = timedelta(days=7)
