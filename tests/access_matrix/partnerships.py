"""Who reaches each partnership page. Concerns: staff and carers with concern rights (never the nanny, Gran
Peg without parental responsibility, or the restricted parent). Safeguarding: the DSL and named managers only."""

from tests.partnerships import factories as pf

from . import (
    ALFIE_CONCERN_CARERS,
    ALFIE_CONTRIBUTORS,
    ALFIE_FAMILY,
    ALFIE_PR,
    ALFIE_STAFF,
    ALL_STAFF,
    ANY_MANAGER,
    MANAGER,
    SETTING_STAFF,
    Row,
    post_rows,
)

ALFIE = lambda p: {"child_id": p.alfie.pk}  # noqa: E731
CONCERN_READERS = ALFIE_STAFF | ALFIE_CONCERN_CARERS


def _step(p, step):
    return {"pk": pf.concern(p).pk, "step": step}


ROWS = [
    Row("child_timeline", ALFIE_STAFF, ALFIE),
    Row("family_child", ALFIE_FAMILY, ALFIE),
    Row("conversation_add", ALFIE_STAFF, ALFIE),
    Row("commitment_add", ALFIE_STAFF, ALFIE),
    Row("concern_raise", ALFIE_STAFF, ALFIE),
    Row("family_concern_raise", ALFIE_CONCERN_CARERS, ALFIE),
    Row("settling_plan", ALFIE_STAFF | ALFIE_FAMILY, lambda p: {"child_id": pf.settling_plan(p).child_id}),
    Row("progress_check_add", ALFIE_STAFF, ALFIE),
    Row("transition_edit", ALFIE_STAFF, ALFIE),
    Row("concern_list", ALL_STAFF),
    Row("concern_detail", CONCERN_READERS, lambda p: {"pk": pf.concern(p).pk}),
    Row("concern_parent_view", CONCERN_READERS, lambda p: {"pk": pf.concern(p).pk}),
    Row("concern_confirm", ALFIE_CONCERN_CARERS, lambda p: {"pk": pf.concern(p).pk}, method="post", ok=302),
    Row("concern_step", ALFIE_STAFF, lambda p: _step(p, "discuss")),
    Row("concern_action_done", CONCERN_READERS, lambda p: {"pk": pf.concern_action(p, pf.concern(p)).pk},
        method="post", ok=302),
    Row("family_concern_detail", CONCERN_READERS, lambda p: {"pk": pf.family_concern(p).pk}),
    Row("family_concern_confirm", ALFIE_CONCERN_CARERS, lambda p: {"pk": pf.family_concern(p).pk}),
    Row("family_concern_step", ALFIE_STAFF, lambda p: {"pk": pf.family_concern(p).pk, "step": "acknowledge"}),
    Row("my_commitments", ALL_STAFF),
    Row("commitment_done", ALFIE_STAFF, lambda p: {"pk": pf.commitment(p).pk}, method="post", ok=302),
    Row("complaint_register", ANY_MANAGER),
    Row("complaint_add", ANY_MANAGER),
    Row("complaint_edit", MANAGER, lambda p: {"pk": pf.complaint(p).pk}),
    Row("safeguarding_list", frozenset({"manager", "dsl", "other_setting_staff"})),
    Row("safeguarding_add", ALL_STAFF),
    Row("safeguarding_detail", frozenset({"dsl", "manager"}),
        lambda p: {"pk": pf.safeguarding_record(p, named=[p.manager]).pk}),
    Row("request_list", ALL_STAFF),
    Row("request_add", ALL_STAFF),
    Row("request_detail", SETTING_STAFF, lambda p: {"pk": pf.request(p)[0].pk}),
    Row("request_answer", ALFIE_FAMILY, lambda p: {"pk": pf.request(p)[1].pk}),
    Row("event_list", ALL_STAFF),
    Row("event_add", ALL_STAFF),
    Row("event_detail", SETTING_STAFF, lambda p: {"pk": pf.event(p).pk}),
    Row("event_rsvp", ALFIE_FAMILY, lambda p: {"pk": pf.event(p).pk, "child_id": p.alfie.pk}),
    Row("event_attendance", ALFIE_STAFF, lambda p: {"pk": pf.booking(p, pf.event(p)).pk}, method="post", ok=302),
    Row("settling_session_add", ALFIE_STAFF, lambda p: {"pk": pf.settling_plan(p).pk}),
    Row("settling_complete", ALFIE_STAFF, lambda p: {"pk": pf.settling_plan(p).pk}),
    Row("settling_session_review", ALFIE_STAFF | ALFIE_CONTRIBUTORS,
        lambda p: {"pk": pf.settling_plan(p).sessions.first().pk}),
    Row("progress_check_detail", ALFIE_STAFF | ALFIE_PR, lambda p: {"pk": pf.progress_check(p).pk}),
    Row("progress_check_edit", ALFIE_STAFF, lambda p: {"pk": pf.progress_check(p).pk}),
    Row("progress_check_share", ALFIE_STAFF, lambda p: {"pk": pf.progress_check(p).pk}, method="post", ok=302),
    Row("progress_check_contribute", ALFIE_PR, lambda p: {"pk": pf.progress_check(p).pk}),
    Row("transition_detail", ALFIE_STAFF | ALFIE_PR, lambda p: {"pk": pf.transition(p).pk}),
    Row("transition_share", ALFIE_STAFF, lambda p: {"pk": pf.transition(p).pk}, method="post", ok=302),
    Row("transition_family", ALFIE_PR, lambda p: {"pk": pf.transition(p).pk}),
]

# Every form here also takes a POST: who may post, and what they get for an empty form (their errors, 200).
# Everyone else gets 404 and the database is unchanged (test_access_matrix checks both).
ROWS += post_rows(ROWS, {
    "commitment_add": {},
    "complaint_add": {},
    "complaint_edit": {},
    "concern_parent_view": {},
    "concern_raise": {},
    "concern_step": {},
    "conversation_add": {},
    "event_add": {},
    "event_detail": {},
    "event_rsvp": {},
    "family_concern_confirm": {},
    "family_concern_raise": {},
    "family_concern_step": {},
    "progress_check_add": {},
    "progress_check_contribute": {},
    "progress_check_edit": {},
    "request_add": {},
    "request_answer": {},
    "safeguarding_add": {},
    "safeguarding_detail": {},
    "settling_complete": {},
    "settling_plan": {},
    "settling_session_add": {},
    "settling_session_review": {},
    "transition_edit": {},
    "transition_family": {},
})
