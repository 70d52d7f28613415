"""The two home pages cost a pinned number of queries (issue 13: the busy pages close to the floor page)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

# Real queries of one page view (the test transaction's SAVEPOINT/RELEASE left out), measured when pinned:
# staff home 17 -> 10 (the number cards are one grouped query each; the children in care are read once for
# the counts, the key children and the leavers), family home 16 -> 14 (the links are read
# once for the children and the to-do list; "is this a family carer" once a request) -> 13 (that answer is
# whether the links read for the page are any).
STAFF_HOME_BUDGET = 10
FAMILY_HOME_BUDGET = 13


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"])


def test_staff_home_queries_are_pinned_and_do_not_grow(personas, login):
    client = login(personas.key_person)
    url = reverse("families:home")
    client.get(url)
    few = _count(client, url)
    for _ in range(10):
        f.ChildFactory(setting=personas.setting, room=personas.toddlers)
    client.get(url)  # new children change who sees whom: the first page after that recounts the badge once
    assert _count(client, url) == few <= STAFF_HOME_BUDGET


def test_family_home_queries_are_pinned(personas, login):
    client = login(personas.mother)
    url = reverse("families:home")
    client.get(url)
    assert _count(client, url) <= FAMILY_HOME_BUDGET


def test_a_signed_in_person_with_no_children_and_no_setting_gets_the_friendly_page(db, client):
    from families.models import CarerLink

    restricted = f.CarerLinkFactory(is_restricted=True, carer__user=f.UserFactory())  # their only link: restricted
    client.force_login(restricted.carer.user)
    response = client.get(reverse("families:home"))
    assert response.status_code == 200 and "families/no_access.html" in [t.name for t in response.templates]
    CarerLink.objects.filter(pk=restricted.pk).update(is_restricted=False)
    assert "families/family_home.html" in [t.name for t in client.get(reverse("families:home")).templates]
