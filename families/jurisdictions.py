"""Regulatory deadlines per jurisdiction. A setting picks one profile; code asks the profile, never a constant."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class JurisdictionProfile:
    code: str
    label: str
    written_complaint_response_days: int
    verbal_complaint_response_days: int
    # Hours after an accident within which the parent must be told (EYFS: the same day).
    accident_inform_parent_hours: int
    accident_inform_same_day: bool
    # Years per record type; how they count (after leaving, until an age, after closing): dataprotection/held.py.
    retention_years: dict = field(default_factory=dict)


EYFS = JurisdictionProfile(
    code="eyfs",
    label=_("England (EYFS)"),
    written_complaint_response_days=28,
    verbal_complaint_response_days=28,
    accident_inform_parent_hours=24,
    accident_inform_same_day=True,
    retention_years={"general": 3, "accident": 21, "safeguarding": 25, "complaint": 3, "medicine": 21},
)
EYLF = JurisdictionProfile(
    code="eylf",
    label=_("Australia (EYLF / NQF)"),
    written_complaint_response_days=28,
    verbal_complaint_response_days=28,
    accident_inform_parent_hours=24,
    accident_inform_same_day=False,
    retention_years={"general": 3, "accident": 25, "safeguarding": 45, "complaint": 3, "medicine": 25},
)
OTHER = JurisdictionProfile(
    code="other",
    label=_("Other"),
    written_complaint_response_days=28,
    verbal_complaint_response_days=28,
    accident_inform_parent_hours=24,
    accident_inform_same_day=True,
    retention_years={"general": 3, "accident": 21, "safeguarding": 25, "complaint": 3, "medicine": 21},
)

PROFILES = {p.code: p for p in (EYFS, EYLF, OTHER)}
CHOICES = [(p.code, p.label) for p in PROFILES.values()]
