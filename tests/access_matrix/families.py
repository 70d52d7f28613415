from . import ALFIE_FAMILY, ALFIE_STAFF, ANY_MANAGER, EVERYONE, MANAGER, SETTING_STAFF, Row, post_rows

ALFIE = lambda p: {"child_id": p.alfie.pk}  # noqa: E731

ROWS = [
    Row("families:home", EVERYONE),
    Row("families:room_detail", frozenset({"manager", "dsl", "key_person"}), lambda p: {"room_id": p.toddlers.pk}),
    Row("families:child_create", ANY_MANAGER),
    Row("families:child_detail", ALFIE_STAFF, ALFIE),
    Row("families:child_edit", MANAGER, ALFIE),
    # The photo exists only when uploaded: allowed viewers get 404 "no file" in the matrix, tested with a file elsewhere.
    Row("families:child_photo", ALFIE_STAFF | ALFIE_FAMILY, ALFIE, ok=404),
    Row("families:carer_add", ALFIE_STAFF, ALFIE),
    Row("families:carer_link_existing", MANAGER, ALFIE),
    Row("families:key_person_assign", MANAGER, ALFIE),
    Row("families:collector_add", ALFIE_STAFF, ALFIE),
    Row("families:carer_link_edit", ALFIE_STAFF, lambda p: {"link_id": p.links["grandmother"].pk}),
    Row("families:carer_invite", ALFIE_STAFF, lambda p: {"link_id": p.links["grandmother"].pk}),
    Row("families:collector_edit", ALFIE_STAFF, lambda p: {"collector_id": p.collector.pk}),
    Row("families:collector_remove", ALFIE_STAFF, lambda p: {"collector_id": p.collector.pk}, method="post", ok=302),
    Row("families:collector_photo", ALFIE_STAFF, lambda p: {"collector_id": p.collector.pk}, ok=404),
    # Key person's photo: colleagues, and Alfie's family; no photo uploaded here, so "allowed" is 404 as well
    # and the rule itself is tested in test_access.
    Row("families:staff_photo", SETTING_STAFF | ALFIE_FAMILY, lambda p: {"membership_id": p.key_person.memberships.get().pk},
        ok=404),
    Row("families:manage_staff", ANY_MANAGER),
    Row("families:manage_staff_edit", MANAGER, lambda p: {"membership_id": p.key_person.memberships.get().pk}),
    Row("families:manage_rooms", ANY_MANAGER),
    Row("families:manage_room_edit", MANAGER, lambda p: {"room_id": p.toddlers.pk}),
    Row("families:manage_invitations", ANY_MANAGER),
    Row("families:invitation_revoke", MANAGER, lambda p: {"invitation_id": p.invitation.pk}, method="post", ok=302),
    Row("families:my_profile", EVERYONE),
    Row("families:my_photo", frozenset(), ok=404),  # one's own photo; none uploaded here (tested in test_family_forms)
    Row("families:invitation_accept", EVERYONE, lambda p: {"token": p.invitation.token}, anonymous=200),
]
ROWS.append(Row("set_language", EVERYONE, method="post", data=lambda p: {"language": "pl", "next": "/"}, ok=302,
                anonymous=302))

# Every form here also takes a POST: who may post, and what they get for an empty form (their errors, 200).
# Everyone else gets 404 and the database is unchanged (test_access_matrix checks both).
ROWS += post_rows(ROWS, {
    "families:carer_add": {},
    "families:carer_invite": {},
    "families:carer_link_edit": {},
    "families:carer_link_existing": {},
    "families:child_create": {},
    "families:child_edit": {},
    "families:collector_add": {},
    "families:collector_edit": {},
    "families:invitation_accept": {},
    "families:key_person_assign": {},
    "families:manage_room_edit": {},
    "families:manage_rooms": {},
    "families:manage_staff": {},
    "families:manage_staff_edit": {},
    "families:my_profile": {},
})
