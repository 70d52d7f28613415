"""The dashboard's query count does not grow with the data (issue: at most 30 queries whatever the volume)."""

import pytest
from django.urls import reverse

from families.models import CarerLink
from tests import factories as f

pytestmark = pytest.mark.django_db

BUDGET = 30


def grow(personas, n):
    """n more children, each with two carers in two households, a key person and accounts for some."""
    rooms = [personas.toddlers, personas.babies]
    kim = personas.key_person.memberships.get()
    for i in range(n):
        child = f.ChildFactory(setting=personas.setting, room=rooms[i % 2], home_languages="English, Polish")
        homes = [f.HouseholdFactory(setting=personas.setting) for _ in range(2)]
        child.households.set(homes)
        for j, rel in enumerate([CarerLink.Relationship.MOTHER, CarerLink.Relationship.FATHER]):
            user = f.UserFactory() if (i + j) % 3 else None
            carer = f.CarerFactory(setting=personas.setting, household=homes[j], user=user, preferred_language="pl")
            f.CarerLinkFactory(child=child, carer=carer, relationship=rel)
        f.KeyPersonAssignmentFactory(child=child, staff=kim)


def _count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(BUDGET) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["reports:dashboard", "reports:print"])
def test_query_count_does_not_grow_with_the_data(personas, login, django_assert_max_num_queries, url_name):
    client = login(personas.manager)
    url = reverse(url_name)
    small = _count(client, url, django_assert_max_num_queries)
    grow(personas, 25)
    large = _count(client, url, django_assert_max_num_queries)
    assert large == small, f"{small} queries with 2 children, {large} with 27"


def test_practitioner_dashboard_query_count(personas, login, django_assert_max_num_queries):
    grow(personas, 10)
    _count(login(personas.key_person), reverse("reports:dashboard"), django_assert_max_num_queries)
