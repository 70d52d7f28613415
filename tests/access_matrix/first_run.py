from . import ANY_MANAGER, EVERYONE, SETTING_STAFF, Row, post_rows

# The personas' install already has settings, so the anonymous set-up page is gone for everyone (404), GET and
# POST alike; tests/families/test_first_run.py reaches it on an empty install.
ROWS = [
    Row("families:setup_start", frozenset(), anonymous=404),
    Row("families:setup_rooms", ANY_MANAGER),
    Row("families:setup_staff", ANY_MANAGER),
    Row("families:setup_checklist", ANY_MANAGER),
    Row("families:setting_switch", SETTING_STAFF, lambda p: {"setting_id": p.setting.pk}, method="post", ok=302),
    Row("favicon", EVERYONE, ok=301, anonymous=301),
]

# The set-up forms take a POST too: an empty form comes back with its errors to a manager, 404 to everyone else.
ROWS += post_rows(ROWS, {
    "families:setup_start": {},
    "families:setup_rooms": {},
    "families:setup_staff": {},
})
