"""What Triangle holds about a child: every model, how it reaches the child, its retention type, and what a
family's copy leaves out. The subject access export and the retention review both read this one list, so a record
type added here is exported and erased alike (tests/dataprotection/test_held.py fails on a child model left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from diaries.models import DiaryEntryQuerySet
from families.access import shared_with_family

GENERAL = "general"
ACCIDENT = "accident"
MEDICINE = "medicine"
SAFEGUARDING = "safeguarding"
COMPLAINT = "complaint"

# How each retention type counts its years (the years themselves: the setting's jurisdiction profile, or its own).
AFTER_LEAVING = "after_leaving"
UNTIL_AGE = "until_age"
AFTER_CLOSING = "after_closing"


@dataclass(frozen=True)
class RecordType:
    code: str
    label: object
    basis: str

    @property
    def basis_label(self):
        return {AFTER_LEAVING: _("years after the child leaves"), UNTIL_AGE: _("until the child is this age"),
                AFTER_CLOSING: _("years after it was closed")}[self.basis]


RECORD_TYPES = {t.code: t for t in (
    RecordType(GENERAL, _("General records (diary, handovers, conversations, the child's record)"), AFTER_LEAVING),
    RecordType(ACCIDENT, _("Accidents and incidents"), UNTIL_AGE),
    RecordType(MEDICINE, _("Medicines"), UNTIL_AGE),
    RecordType(SAFEGUARDING, _("Safeguarding records"), UNTIL_AGE),
    RecordType(COMPLAINT, _("Complaints"), AFTER_CLOSING),
)}


@dataclass(frozen=True)
class Held:
    """One model of records about a child."""

    key: str
    label: object
    model: str  # app_label.ModelName
    child_path: str  # the lookup from this model to the child
    record_type: str = GENERAL
    # What a family's own copy holds of these (a Q on the model); None: the whole lot. Staff-only notes,
    # retracted entries and what was never shared stay in the manager's copy only.
    family_filter: Q | None = None
    family_excludes: tuple = ()
    excludes: tuple = ()  # never exported to anyone (secrets)
    in_family_copy: bool = True
    # Erased by anonymising, not deleting: the reports count these rows (docs/data-protection.md). The row keeps
    # its dates, links, choices and flags; its text, files and history go. `keep`: text fields the reports group
    # by that say nothing of the person (a language code).
    anonymise: bool = True
    keep: tuple = ()
    files: tuple = ()  # file fields erased with the row
    extra: dict = field(default_factory=dict)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def rows_of(self, child_id):
        model = self.model_class
        return model.objects.filter(**{self.child_path: child_id}).distinct().order_by("pk")

    def family_rows_of(self, child_id):
        rows = self.rows_of(child_id)
        if not self.in_family_copy:
            return rows.none()
        return rows.filter(self.family_filter) if self.family_filter is not None else rows


# A family's copy holds what the family pages show, by the same rules: the diary as
# `DiaryEntry.objects.family_visible()` has it, a record staff share once shared (families/access.py).
FAMILY_DIARY = DiaryEntryQuerySet.family_visible_q()

# Children's records first, the child last: erasure walks this list in order (rows that point at others go first).
HELD = [
    Held("diary_comments", _("Diary comments"), "diaries.EntryComment", "entry__child",
         family_filter=DiaryEntryQuerySet.family_visible_q("entry__")),
    Held("diary_entries", _("Diary entries"), "diaries.DiaryEntry", "child",
         family_filter=FAMILY_DIARY),
    Held("photos", _("Photos"), "diaries.Photo", "children", files=("image",), anonymise=False),
    Held("handovers", _("Handovers"), "diaries.Handover", "child"),
    Held("absences", _("Absences"), "diaries.Absence", "child"),
    Held("attendance", _("Attendance"), "diaries.Attendance", "child",
         family_excludes=("override_reason",)),
    Held("diary_reads", _("When the diary was read"), "diaries.ReadReceipt", "child"),
    Held("home_observations", _("Shared from home"), "diaries.HomeObservation", "child", files=("photo",)),
    Held("activity_responses", _("Home learning answers"), "diaries.ActivityResponse", "activity__child"),
    Held("activities", _("Home learning ideas"), "diaries.TakeHomeActivity", "child"),
    Held("medicine_doses", _("Medicine doses"), "diaries.MedicineDose", "child", MEDICINE, anonymise=False),
    Held("medicine_consents", _("Medicine consents"), "diaries.MedicineConsent", "child", MEDICINE, anonymise=False),
    Held("accidents", _("Accidents and incidents"), "diaries.Accident", "child", ACCIDENT, anonymise=False),
    Held("conversations", _("Conversations"), "partnerships.Conversation", "child"),
    Held("concern_observations", _("Concern observations"), "partnerships.ConcernObservation", "concern__child",
         family_filter=shared_with_family("partnerships.Concern", "concern__"), anonymise=False),
    Held("concern_actions", _("Concern actions"), "partnerships.ConcernAction", "concern__child",
         family_filter=shared_with_family("partnerships.Concern", "concern__")),
    Held("concerns", _("Concerns"), "partnerships.Concern", "child",
         family_filter=shared_with_family("partnerships.Concern")),
    Held("family_concerns", _("Concerns raised by the family"), "partnerships.FamilyConcern", "child"),
    Held("request_answers", _("Answers to requests"), "partnerships.RequestAnswer", "recipient__child"),
    Held("requests", _("Requests sent to the family"), "partnerships.RequestRecipient", "child"),
    Held("event_bookings", _("Event bookings"), "partnerships.EventBooking", "child", anonymise=False),
    Held("progress_checks", _("Progress checks"), "partnerships.ProgressCheck", "child",
         family_filter=shared_with_family("partnerships.ProgressCheck"), anonymise=False),
    Held("settling_sessions", _("Settling-in sessions"), "partnerships.SettlingSession", "plan__child", anonymise=False),
    Held("settling_plans", _("Settling-in plan"), "partnerships.SettlingPlan", "child", anonymise=False),
    Held("transitions", _("Transition summary"), "partnerships.Transition", "child",
         family_filter=shared_with_family("partnerships.Transition"), anonymise=False),
    Held("commitments", _("Things we said we would get back about"), "partnerships.Commitment", "child"),
    Held("complaints", _("Complaints"), "partnerships.Complaint", "child", COMPLAINT),
    # Never in a family's copy; in a manager's copy only record by record, after the DSL's review.
    Held("safeguarding", _("Safeguarding records"), "partnerships.SafeguardingRecord", "child", SAFEGUARDING,
         in_family_copy=False),
    Held("key_persons", _("Key persons"), "families.KeyPersonAssignment", "child"),
    Held("collectors", _("Authorised collectors"), "families.AuthorisedCollector", "child", files=("photo",),
         excludes=("password_hash",)),
    Held("carer_links", _("Family carers and their rights"), "families.CarerLink", "child",
         family_filter=Q(is_restricted=False), family_excludes=("restriction_note",)),
    Held("households", _("Households"), "families.Household", "children"),
    Held("child", _("The child's record"), "families.Child", "pk", files=("photo",), keep=("home_languages",)),
]
BY_KEY = {h.key: h for h in HELD}
BY_MODEL = {h.model: h for h in HELD}

# Models that name a child but are not records about them in their own right (tests/dataprotection/test_held.py):
# the outbox (erased with what it is about), the audit of safeguarding reads (cascades with the record), this app's
# own rows, and retention items.
NOT_HELD = {
    "notifications.Notification", "partnerships.SafeguardingReadAudit", "dataprotection.SubjectAccessRequest",
    "dataprotection.LegalHold", "dataprotection.RetentionItem", "families.Carer",
}


def held_of_type(record_type: str) -> list[Held]:
    return [h for h in HELD if h.record_type == record_type]
