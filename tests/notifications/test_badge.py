"""The unread badge: one cache read a page once counted, and it follows the inbox rule at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families import services as family_services
from families.models import CarerLink
from notifications import api, badge
from notifications.models import Notification

from .conftest import run_everything

pytestmark = pytest.mark.django_db

BADGE = 'badge rounded-pill text-bg-warning">'


def _badge(client):
    page = client.get("/").content.decode()
    if BADGE not in page:
        return 0
    return int(page.split(BADGE, 1)[1].split("<", 1)[0])


def test_a_carer_whose_link_becomes_restricted_sees_the_count_drop_at_once(personas, login):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    client = login(personas.father)
    assert _badge(client) == 1
    assert _badge(client) == 1  # now from the cache
    link = CarerLink.objects.get(carer__user=personas.father, child=personas.alfie)
    family_services.carer_link_rights_change(link=link, by=personas.manager, is_restricted=True,
                                             restriction_note="Court order")
    assert _badge(client) == 0


def test_a_delivery_and_a_read_each_show_on_the_next_page(personas, login):
    client = login(personas.mother)
    assert _badge(client) == 0
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    assert _badge(client) == 1, "the outbox's delivery dropped the cached zero"
    row = Notification.objects.get(recipient=personas.mother)
    client.post(f"/notifications/{row.pk}/read/")
    assert _badge(client) == 0


def test_a_counted_badge_costs_no_query(personas, login):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    login(personas.mother).get("/")
    with CaptureQueriesContext(connection) as first:
        assert badge.unread_count(viewer=personas.mother) == 1
    assert len(first) == 0
    badge.forget(personas.mother.pk)
    with CaptureQueriesContext(connection) as recount:
        assert badge.unread_count(viewer=personas.mother) == 1
    assert len(recount) <= 2, "a recount is the inbox count (and who the viewer is on staff)"


def test_a_practitioner_moved_out_of_the_room_sees_the_count_drop_at_once(personas, login):
    """Staff access changes too: the membership's rooms (m2m) bump the access generation."""
    olly = personas.other_room_practitioner  # works in Babies, key person of Bea only
    membership = olly.memberships.get()
    family_services.membership_update(membership=membership, by=personas.manager,
                                      rooms=[personas.babies, personas.toddlers])
    api.notify_staff(users=[olly], kind="family_handover", about=personas.collector)  # about Alfie
    run_everything()
    client = login(olly)
    assert _badge(client) == 1
    assert _badge(client) == 1  # cached
    family_services.membership_update(membership=membership, by=personas.manager, rooms=[personas.babies])
    assert _badge(client) == 0, "Alfie is in Toddlers, which Olly no longer works in"
