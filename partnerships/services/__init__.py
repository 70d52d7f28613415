"""Writes for partnership records: keyword-only `<thing>_<verb>` functions, atomic, fully validated."""

from .complaints import complaint_record, complaint_update, respond_by_for  # noqa: F401
from .concerns import (  # noqa: F401
    action_owner_choices,
    concern_action_add,
    concern_action_done,
    concern_agree_actions,
    concern_close,
    concern_confirm_actions,
    concern_invite_parent,
    concern_observation_add,
    concern_raise,
    concern_record_discussion,
    concern_record_parent_view,
    concern_review,
    concern_set_review,
)
from .conversations import commitment_done, commitment_make, conversation_log  # noqa: F401
from .events import event_book, event_create, event_record_attendance, event_slot_add  # noqa: F401
from .family_concerns import (  # noqa: F401
    family_concern_acknowledge,
    family_concern_confirm,
    family_concern_follow_up,
    family_concern_raise,
    family_concern_respond,
    family_concern_summarise,
)
from .growth import (  # noqa: F401
    progress_check_parent_contribution,
    progress_check_save,
    progress_check_share,
    settling_complete,
    settling_plan_start,
    settling_session_add,
    settling_session_review,
    transition_family_section,
    transition_save,
    transition_share,
)
from .requests import request_answer, request_mark_seen, request_send  # noqa: F401
from .safeguarding import (  # noqa: F401
    safeguarding_read_audit,
    safeguarding_record_create,
    safeguarding_record_update,
)
