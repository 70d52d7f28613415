"""An uploaded spreadsheet on its way in, and the stable keys that let the same file be imported twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from families.models import Setting


class ImportBatch(models.Model):
    """One uploaded file: read, mapped, previewed, then (once a manager confirms) written in one transaction.

    `sheets` holds the file's cells only until the import is done or fails; then it is emptied, so the
    database does not keep a second copy of every family's details (or the collection passwords).
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("waiting for confirmation")
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    RUNNING_STATES = (Status.QUEUED, Status.RUNNING)

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="import_batches")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(max_length=200)
    sheets = models.JSONField(default=dict)  # {kind: {"name": sheet name, "headers": [...], "rows": [[...], ...]}}
    # {kind: {header: field}} as recognised at upload, in the uploader's language (the worker may speak another)
    recognised = models.JSONField(default=dict)
    mapping = models.JSONField(default=dict)  # {kind: {header: field or ""}} chosen by the manager
    mapped = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField(default=dict)  # what the confirmed import created and updated
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The lock: one import at a time per setting, whichever process or worker tries a second one.
            models.UniqueConstraint(fields=["setting"], condition=Q(status__in=("queued", "running")),
                                    name="one_running_import_per_setting"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def column_fields(self) -> dict:
        """{kind: {header: field}}: the manager's choices over what was recognised at upload."""
        return {kind: {**self.recognised.get(kind, {}), **self.mapping.get(kind, {})} for kind in self.sheets}

    @property
    def failure_code(self):
        return self.failure.partition(":")[0]

    @property
    def failure_detail(self):
        return self.failure.partition(":")[2]

    @property
    def is_running(self):
        return self.status in self.RUNNING_STATES


class ImportKey(models.Model):
    """The file's own reference for a child ("Child ID"), so a corrected name or date of birth updates the child."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["setting", "key"], name="one_child_per_import_key")]

    def __str__(self):
        return self.key
