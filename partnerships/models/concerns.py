"""Concerns raised by staff with a family (seed 002): prepare, talk, hear the parent, agree, review, close."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Versioned


class Concern(Versioned):
    class Stage(models.TextChoices):
        PREPARED = "prepared", _("Prepared")
        INVITED = "invited", _("Parent invited")
        DISCUSSED = "discussed", _("Discussed")
        PARENT_VIEW = "parent_view", _("Parent's view recorded")
        ACTIONS_AGREED = "actions_agreed", _("Actions agreed")
        REVIEW_SET = "review_set", _("Review date set")
        REVIEWED = "reviewed", _("Reviewed")
        CLOSED = "closed", _("Closed")
        ESCALATED = "escalated", _("Escalated")

    ORDER = [s.value for s in Stage]
    FINAL = {Stage.CLOSED, Stage.ESCALATED}

    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    title = models.CharField(_("what it is about"), max_length=200)
    summary = models.TextField(_("what we have noticed"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARED, db_index=True)
    # Families see the concern from this moment (set when the parent is invited).
    shared_with_family_at = models.DateTimeField(_("shared with the family"), null=True, blank=True)
    meeting_at = models.DateTimeField(_("agreed time to talk"), null=True, blank=True)
    meeting_place = models.CharField(_("where"), max_length=200, blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)
    discussion_notes = models.TextField(_("what we talked about"), blank=True)
    parent_view = models.TextField(_("the parent's view, in their own words"), blank=True)
    parent_view_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    parent_view_at = models.DateTimeField(null=True, blank=True)
    actions_agreed_at = models.DateTimeField(null=True, blank=True)
    actions_confirmed_at = models.DateTimeField(_("family confirmed the actions"), null=True, blank=True)
    actions_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+")
    review_on = models.DateField(_("review date"), null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = models.TextField(_("review"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.stage not in self.FINAL

    @property
    def is_shared(self):
        return self.shared_with_family_at is not None

    def reached(self, stage) -> bool:
        return self.ORDER.index(self.stage) >= self.ORDER.index(stage)


class ConcernObservation(models.Model):
    """A dated observation that prepares the conversation: what was seen, when."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField(_("observed on"))
    note = models.TextField(_("what was observed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["observed_on", "pk"]


class ConcernAction(models.Model):
    """An agreed action with one owner: a staff member or a family carer."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner_staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="concern_actions", verbose_name=_("staff owner"))
    owner_carer = models.ForeignKey("families.Carer", on_delete=models.RESTRICT, null=True, blank=True,
                                    related_name="concern_actions", verbose_name=_("family owner"))
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_staff__isnull=False) & Q(owner_carer__isnull=True))
                | (Q(owner_staff__isnull=True) & Q(owner_carer__isnull=False)),
                name="concern_action_has_one_owner",
            )
        ]

    def __str__(self):
        return self.description

    @property
    def owner_name(self):
        return str(self.owner_staff or self.owner_carer)

    @property
    def is_family_action(self):
        return self.owner_carer_id is not None


class FamilyConcern(Versioned):
    """A concern a family carer raises (seed 003): received, acknowledged, clarified, responded, followed up."""

    class Stage(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CLARIFIED = "clarified", _("Clarified")
        RESPONDED = "responded", _("Responded")
        FOLLOWED_UP = "followed_up", _("Followed up")

    ORDER = [s.value for s in Stage]

    child = models.ForeignKey("families.Child", on_delete=models.CASCADE, related_name="family_concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    raised_by_carer = models.ForeignKey("families.Carer", on_delete=models.RESTRICT, related_name="+")
    subject = models.CharField(_("what it is about"), max_length=200)
    details = models.TextField(_("tell us more"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    acknowledgement = models.TextField(_("message to the family"), blank=True)
    staff_summary = models.TextField(_("what we understood"), blank=True)
    summarised_at = models.DateTimeField(null=True, blank=True)
    family_confirmed_at = models.DateTimeField(null=True, blank=True)
    family_correction = models.TextField(_("what we got wrong"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def is_open(self):
        return self.stage != self.Stage.FOLLOWED_UP

    def reached(self, stage) -> bool:
        return self.ORDER.index(self.stage) >= self.ORDER.index(stage)
