"""Partnership records. One module per thing; everything is importable from `partnerships.models`."""

from .commitments import Commitment
from .complaints import Complaint
from .concerns import Concern, ConcernAction, ConcernObservation, FamilyConcern
from .conversations import Conversation
from .events import Event, EventBooking, EventSlot
from .progress import PRIME_AREAS, ProgressCheck
from .requests import FamilyRequest, RequestAnswer, RequestRecipient
from .safeguarding import SafeguardingReadAudit, SafeguardingRecord
from .settling import SettlingPlan, SettlingSession
from .transitions import Transition

__all__ = [
    "Commitment", "Complaint", "Concern", "ConcernAction", "ConcernObservation", "FamilyConcern", "Conversation",
    "Event", "EventBooking", "EventSlot", "PRIME_AREAS", "ProgressCheck", "FamilyRequest", "RequestAnswer",
    "RequestRecipient", "SafeguardingReadAudit", "SafeguardingRecord", "SettlingPlan", "SettlingSession",
    "Transition",
]
