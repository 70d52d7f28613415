"""The dashboard's query count does not grow with the data (issue: at most 30 queries whatever the volume)."""

import pytest
from django.urls import reverse

from families.models import CarerLink
from reports import facts
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
        if facts.AVAILABLE:
            _records(personas, child, carer)


def _records(personas, child, carer):
    """Diary and partnership records for one child: the volume must not change the number of queries."""
    from datetime import timedelta

    from django.utils import timezone

    from diaries.models import Attendance, DiaryEntry, EntryComment, Handover, HomeObservation, ReadReceipt
    from partnerships.models import Commitment, Concern, Conversation, FamilyRequest, RequestRecipient

    now = timezone.now()
    today = personas.setting.today()
    for days in range(3):
        day = today - timedelta(days=days)
        entry = DiaryEntry.objects.create(child=child, day=day, kind="note", occurred_at=now, author=personas.key_person,
                                          text="Played", is_good_news=days == 0)
        EntryComment.objects.create(entry=entry, author=personas.mother, by_staff=False, text="Lovely")
        EntryComment.objects.create(entry=entry, author=personas.key_person, by_staff=True, text="Yes")
        Handover.objects.create(child=child, day=day, source="family", sent_by=personas.mother, acknowledged_at=now)
        Attendance.objects.create(child=child, day=day, in_at=now, brought_by=carer.full_name, out_at=now)
        ReadReceipt.objects.create(child=child, day=day, user=personas.mother, first_read_at=now, last_read_at=now)
    HomeObservation.objects.create(child=child, author=personas.mother, observed_on=today, text="Counted to 5")
    conversation = Conversation.objects.create(child=child, staff=personas.key_person, channel="pick_up", topic="Day")
    conversation.carers.set([carer])
    Concern.objects.create(child=child, raised_by=personas.key_person, title="Sleep", summary="x")
    Commitment.objects.create(child=child, owner=personas.key_person, description="Call", due_on=today,
                              created_by=personas.key_person)
    request = FamilyRequest.objects.create(setting=personas.setting, kind="consent", title="Trip", due_on=today,
                                           created_by=personas.manager)
    RequestRecipient.objects.create(request=request, child=child, sent_at=now)


def _count(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(BUDGET) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["reports:dashboard", "reports:print", "reports:section"])
def test_query_count_does_not_grow_with_the_data(personas, login, django_assert_max_num_queries, url_name):
    client = login(personas.manager)
    url = reverse(url_name, args=["contact"] if url_name == "reports:section" else [])
    client.get(reverse("families:home"))  # warm the session: its idle window is written at most once a minute
    small = _count(client, url, django_assert_max_num_queries)
    grow(personas, 25)
    client.get(reverse("families:home"))  # new links change who sees what: the nav's unread badge recounts once, here
    large = _count(client, url, django_assert_max_num_queries)
    assert large == small, f"{small} queries with 2 children, {large} with 27"


def test_practitioner_dashboard_query_count(personas, login, django_assert_max_num_queries):
    grow(personas, 10)
    _count(login(personas.key_person), reverse("reports:dashboard"), django_assert_max_num_queries)
