from . import ALFIE_FAMILY, ALFIE_STAFF, ANY_MANAGER, EVERYONE, MANAGER, SETTING_STAFF, Row, post_rows

ALFIE = lambda p: {"child_id": p.alfie.pk}  # noqa: E731

ROWS = [
    Row("home", EVERYONE),
    Row("room_detail", frozenset({"manager", "dsl", "key_person"}), lambda p: {"room_id": p.toddlers.pk}),
    Row("child_create", ANY_MANAGER),
    Row("child_detail", ALFIE_STAFF, ALFIE),
    Row("child_edit", MANAGER, ALFIE),
    # The photo exists only when uploaded: allowed viewers get 404 "no file" in the matrix, tested with a file elsewhere.
    Row("child_photo", ALFIE_STAFF | ALFIE_FAMILY, ALFIE, ok=404),
    Row("carer_add", ALFIE_STAFF, ALFIE),
    Row("carer_link_existing", MANAGER, ALFIE),
    Row("key_person_assign", MANAGER, ALFIE),
    Row("collector_add", ALFIE_STAFF, ALFIE),
    Row("carer_link_edit", ALFIE_STAFF, lambda p: {"link_id": p.links["grandmother"].pk}),
    Row("carer_invite", ALFIE_STAFF, lambda p: {"link_id": p.links["grandmother"].pk}),
    Row("collector_edit", ALFIE_STAFF, lambda p: {"collector_id": p.collector.pk}),
    Row("collector_remove", ALFIE_STAFF, lambda p: {"collector_id": p.collector.pk}, method="post", ok=302),
    Row("collector_photo", ALFIE_STAFF, lambda p: {"collector_id": p.collector.pk}, ok=404),
    # Key person's photo: colleagues, and Alfie's family; no photo uploaded here, so "allowed" is 404 as well
    # and the rule itself is tested in test_access.
    Row("staff_photo", SETTING_STAFF | ALFIE_FAMILY, lambda p: {"membership_id": p.key_person.memberships.get().pk},
        ok=404),
    Row("manage_staff", ANY_MANAGER),
    Row("manage_staff_edit", MANAGER, lambda p: {"membership_id": p.key_person.memberships.get().pk}),
    Row("manage_rooms", ANY_MANAGER),
    Row("manage_room_edit", MANAGER, lambda p: {"room_id": p.toddlers.pk}),
    Row("manage_invitations", ANY_MANAGER),
    Row("invitation_revoke", MANAGER, lambda p: {"invitation_id": p.invitation.pk}, method="post", ok=302),
    Row("my_profile", EVERYONE),
    Row("my_photo", frozenset(), ok=404),  # one's own photo; none uploaded here (tested in test_family_forms)
    Row("invitation_accept", EVERYONE, lambda p: {"token": p.invitation.token}, anonymous=200),
]
ROWS.append(Row("set_language", EVERYONE, method="post", data=lambda p: {"language": "pl", "next": "/"}, ok=302,
                anonymous=302))

# Every form here also takes a POST: who may post, and what they get for an empty form (their errors, 200).
# Everyone else gets 404 and the database is unchanged (test_access_matrix checks both).
ROWS += post_rows(ROWS, {
    "carer_add": {},
    "carer_invite": {},
    "carer_link_edit": {},
    "carer_link_existing": {},
    "child_create": {},
    "child_edit": {},
    "collector_add": {},
    "collector_edit": {},
    "invitation_accept": {},
    "key_person_assign": {},
    "manage_room_edit": {},
    "manage_rooms": {},
    "manage_staff": {},
    "manage_staff_edit": {},
    "my_profile": {},
})
