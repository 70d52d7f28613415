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
    Row("partnerships:child_timeline", ALFIE_STAFF, ALFIE),
    Row("partnerships:family_child", ALFIE_FAMILY, ALFIE),
    # Every staff member counts: anyone on the staff (the cook included) finds a child and notes a conversation.
    Row("partnerships:child_find", ALL_STAFF, query="?q=alfie"),
    Row("partnerships:child_find", ALL_STAFF, method="post", ok=405, denied=405),  # a search: GET only
    Row("partnerships:conversation_add", SETTING_STAFF, ALFIE),
    Row("partnerships:commitment_add", ALFIE_STAFF, ALFIE),
    Row("partnerships:concern_raise", ALFIE_STAFF, ALFIE),
    Row("partnerships:family_concern_raise", ALFIE_CONCERN_CARERS, ALFIE),
    Row("partnerships:settling_plan", ALFIE_STAFF | ALFIE_FAMILY, lambda p: {"child_id": pf.settling_plan(p).child_id}),
    Row("partnerships:progress_check_add", ALFIE_STAFF, ALFIE),
    Row("partnerships:transition_edit", ALFIE_STAFF, ALFIE),
    Row("partnerships:concern_list", ALL_STAFF),
    Row("partnerships:concern_detail", CONCERN_READERS, lambda p: {"pk": pf.concern(p).pk}),
    Row("partnerships:concern_parent_view", CONCERN_READERS, lambda p: {"pk": pf.concern(p).pk}),
    Row("partnerships:concern_confirm", ALFIE_CONCERN_CARERS, lambda p: {"pk": pf.concern(p).pk}, method="post", ok=302),
    Row("partnerships:concern_step", ALFIE_STAFF, lambda p: _step(p, "discuss")),
    # Staff mark any action done; a family carer only their own (this one is Mum's; the father's POST is
    # refused with NotAllowed, a 404).
    Row("partnerships:concern_action_done", ALFIE_STAFF | {"mother"},
        lambda p: {"pk": pf.concern_action(p, pf.concern(p)).pk},
        method="post", ok=302),
    Row("partnerships:family_concern_detail", CONCERN_READERS, lambda p: {"pk": pf.family_concern(p).pk}),
    Row("partnerships:family_concern_confirm", ALFIE_CONCERN_CARERS, lambda p: {"pk": pf.family_concern(p).pk}),
    Row("partnerships:family_concern_step", ALFIE_STAFF, lambda p: {"pk": pf.family_concern(p).pk, "step": "acknowledge"}),
    Row("partnerships:my_commitments", ALL_STAFF),
    Row("partnerships:commitment_done", ALFIE_STAFF, lambda p: {"pk": pf.commitment(p).pk}, method="post", ok=302),
    Row("partnerships:complaint_register", ANY_MANAGER),
    Row("partnerships:complaint_add", ANY_MANAGER),
    Row("partnerships:complaint_edit", MANAGER, lambda p: {"pk": pf.complaint(p).pk}),
    Row("partnerships:safeguarding_list", frozenset({"manager", "dsl", "other_setting_staff"})),
    Row("partnerships:safeguarding_add", ALL_STAFF),
    Row("partnerships:safeguarding_detail", frozenset({"dsl", "manager"}),
        lambda p: {"pk": pf.safeguarding_record(p, named=[p.manager]).pk}),
    Row("partnerships:request_list", ALL_STAFF),
    Row("partnerships:request_add", ALL_STAFF),
    Row("partnerships:request_detail", SETTING_STAFF, lambda p: {"pk": pf.request(p)[0].pk}),
    Row("partnerships:request_answer", ALFIE_FAMILY, lambda p: {"pk": pf.request(p)[1].pk}),
    Row("partnerships:event_list", ALL_STAFF),
    Row("partnerships:event_add", ALL_STAFF),
    Row("partnerships:event_detail", SETTING_STAFF, lambda p: {"pk": pf.event(p).pk}),
    Row("partnerships:event_rsvp", ALFIE_FAMILY, lambda p: {"pk": pf.event(p).pk, "child_id": p.alfie.pk}),
    Row("partnerships:event_attendance", ALFIE_STAFF, lambda p: {"pk": pf.booking(p, pf.event(p)).pk}, method="post", ok=302),
    Row("partnerships:settling_session_add", ALFIE_STAFF, lambda p: {"pk": pf.settling_plan(p).pk}),
    Row("partnerships:settling_complete", ALFIE_STAFF, lambda p: {"pk": pf.settling_plan(p).pk}),
    Row("partnerships:settling_session_review", ALFIE_STAFF | ALFIE_CONTRIBUTORS,
        lambda p: {"pk": pf.settling_plan(p).sessions.first().pk}),
    Row("partnerships:progress_check_detail", ALFIE_STAFF | ALFIE_PR, lambda p: {"pk": pf.progress_check(p).pk}),
    Row("partnerships:progress_check_edit", ALFIE_STAFF, lambda p: {"pk": pf.progress_check(p).pk}),
    Row("partnerships:progress_check_share", ALFIE_STAFF, lambda p: {"pk": pf.progress_check(p).pk}, method="post", ok=302),
    Row("partnerships:progress_check_contribute", ALFIE_PR, lambda p: {"pk": pf.progress_check(p).pk}),
    Row("partnerships:transition_detail", ALFIE_STAFF | ALFIE_PR, lambda p: {"pk": pf.transition(p).pk}),
    Row("partnerships:transition_share", ALFIE_STAFF, lambda p: {"pk": pf.transition(p).pk}, method="post", ok=302),
    Row("partnerships:transition_family", ALFIE_PR, lambda p: {"pk": pf.transition(p).pk}),
]

# Every form here also takes a POST: who may post, and what they get for an empty form (their errors, 200).
# Everyone else gets 404 and the database is unchanged (test_access_matrix checks both).
ROWS += post_rows(ROWS, {
    "partnerships:commitment_add": {},
    "partnerships:complaint_add": {},
    "partnerships:complaint_edit": {},
    "partnerships:concern_parent_view": {},
    "partnerships:concern_raise": {},
    "partnerships:concern_step": {},
    "partnerships:conversation_add": {},
    "partnerships:event_add": {},
    "partnerships:event_detail": {},
    "partnerships:event_rsvp": {},
    "partnerships:family_concern_confirm": {},
    "partnerships:family_concern_raise": {},
    "partnerships:family_concern_step": {},
    "partnerships:progress_check_add": {},
    "partnerships:progress_check_contribute": {},
    "partnerships:progress_check_edit": {},
    "partnerships:request_add": {},
    "partnerships:request_answer": {},
    "partnerships:safeguarding_add": {},
    "partnerships:safeguarding_detail": {},
    "partnerships:settling_complete": {},
    "partnerships:settling_plan": {},
    "partnerships:settling_session_add": {},
    "partnerships:settling_session_review": {},
    "partnerships:transition_edit": {},
    "partnerships:transition_family": {},
})
