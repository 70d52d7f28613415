"""Reports: any staff member reaches their own setting's reports (practitioners: their rooms' figures only,
tested in tests/reports). Families and anonymous visitors get nothing."""

from . import ALL_STAFF, Row

STAFF_OF_TODDLERS = frozenset({"manager", "dsl", "key_person"})

ROWS = [
    Row("reports:dashboard", ALL_STAFF),
    # A room of the viewer's setting they work in; Stan (another setting) asks for Sunnyside's room: 404.
    Row("reports:room", STAFF_OF_TODDLERS, lambda p: {"room_id": p.toddlers.pk}),
    Row("reports:print", ALL_STAFF),
    Row("reports:section", ALL_STAFF, lambda p: {"section": "overview"}),
    Row("reports:pdf", ALL_STAFF),
    Row("reports:pdf", ALL_STAFF, method="post", ok=405, denied=405),
    # Read-only: a POST is refused for everyone signed in, before anything is looked up.
    Row("reports:section", ALL_STAFF, lambda p: {"section": "overview"}, method="post", ok=405, denied=405),
    Row("reports:drilldown", ALL_STAFF, lambda p: {"section": "overview", "metric": "on_roll"}),
    Row("reports:export", ALL_STAFF, lambda p: {"section": "overview", "table": "rooms"}),
    Row("reports:table", ALL_STAFF, lambda p: {"section": "overview", "table": "rooms"}),
]
