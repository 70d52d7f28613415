"""Known answers for the sections that read diary and partnership records (seeded scenarios)."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import facts

from .helpers import figure, section, table

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not facts.AVAILABLE, reason="diary and partnership models not installed yet"),
]


def at(day, hour=9, tz=None):
    return timezone.make_aware(datetime.combine(day, time(hour)), tz)


@pytest.fixture
def today(personas):
    return personas.setting.today()


@pytest.fixture
def report(personas, login, today):
    """GET the whole report (the print view: every section on one page) for the 60 days up to today (a custom period, so no test depends on the term)."""

    def _report(user="manager", **params):
        query = {"period": "custom", "start": (today - timedelta(days=60)).isoformat(), "end": today.isoformat()}
        query.update(params)
        response = login(personas.user(user)).get(reverse("reports:print"), query)
        assert response.status_code == 200, response.content[:2000]
        return response

    return _report


def talk(personas, child, carer_names, days_ago, today, **extra):
    from partnerships.models import Conversation

    c = Conversation.objects.create(child=child, staff=personas.key_person, channel="pick_up", topic="Day",
                                    happened_at=at(today - timedelta(days=days_ago)), **extra)
    c.carers.set([personas.links[n].carer for n in carer_names])
    return c


def test_a_family_with_no_contact_for_20_days_is_overlooked(personas, report, today, login):
    talk(personas, personas.alfie, ["mother"], 20, today)
    talk(personas, personas.bea, ["other_parent"], 3, today)
    result = section(report(), "contact")
    assert figure(result, "overlooked") == 1
    overlooked = table(result, "overlooked")
    assert list(overlooked) == ["Alfie Jones"]
    assert overlooked["Alfie Jones"][1] == "Kim Keyworker"  # with their key person
    assert overlooked["Alfie Jones"][3] == 20
    drill = login(personas.manager).get(reverse("reports:drilldown", args=["contact", "overlooked"]), {
        "period": "custom", "start": (today - timedelta(days=60)).isoformat(), "end": today.isoformat()})
    assert [c.pk for c in drill.context["children"]] == [personas.alfie.pk]
    assert "20 days ago" in drill.content.decode()


@pytest.mark.parametrize("days_ago, overlooked", [(13, 0), (14, 1)])
def test_the_overlooked_boundary_is_14_days(personas, report, today, days_ago, overlooked):
    talk(personas, personas.alfie, ["mother"], days_ago, today)
    talk(personas, personas.bea, ["other_parent"], 1, today)
    assert figure(section(report(), "contact"), "overlooked") == overlooked


def test_the_overlooked_limit_is_configurable(personas, report, today, settings):
    settings.REPORTS_OVERLOOKED_DAYS = 30
    talk(personas, personas.alfie, ["mother"], 20, today)
    talk(personas, personas.bea, ["other_parent"], 1, today)
    assert figure(section(report(), "contact"), "overlooked") == 0


def test_answered_handover_and_comment_exchange_count_as_two_way(personas, report, today):
    from diaries.models import DiaryEntry, EntryComment, Handover

    Handover.objects.create(child=personas.alfie, day=today - timedelta(days=2), source="family",
                            sent_by=personas.mother, acknowledged_at=at(today - timedelta(days=2), 8),
                            acknowledged_by=personas.key_person)
    entry = DiaryEntry.objects.create(child=personas.bea, day=today - timedelta(days=5), kind="note",
                                      occurred_at=at(today - timedelta(days=5)), author=personas.other_room_practitioner,
                                      text="Painting")
    EntryComment.objects.create(entry=entry, author=personas.other_parent, by_staff=False, text="Lovely!")
    EntryComment.objects.create(entry=entry, author=personas.other_room_practitioner, by_staff=True, text="Thanks")
    result = section(report(), "contact")
    assert figure(result, "overlooked") == 0
    rows = table(result, "families")
    assert rows["Alfie Jones"][3] == 2 and rows["Bea Smith"][3] == 0


def test_an_unanswered_handover_is_not_two_way(personas, report, today):
    from diaries.models import Handover

    Handover.objects.create(child=personas.alfie, day=today, source="family", sent_by=personas.mother)
    assert "Alfie Jones" in table(section(report(), "contact"), "overlooked")


def test_a_father_who_collects_3_times_in_the_week_counts_3_under_father(personas, report, today):
    from diaries.models import Attendance

    monday = today - timedelta(days=2)  # the tally is the 7 days ending today
    for i in range(3):
        day = monday + timedelta(days=i)
        Attendance.objects.create(child=personas.alfie, day=day, in_at=at(day, 8), brought_by="Mia Jones",
                                  out_at=at(day, 17), collected_by_link=personas.links["father"])
    # Bea: brought by someone said as "Mum", collected by her mother's link
    Attendance.objects.create(child=personas.bea, day=monday, in_at=at(monday, 8), brought_by="Mum",
                              out_at=at(monday, 17), collected_by_link=personas.links["other_parent"])
    talk(personas, personas.alfie, ["mother"], 0, today)
    result = section(report(), "talk")
    week = table(result, "dad_challenge")
    assert week["Father"][0] == 3  # three pick-ups by the father
    assert week["Mother"][0] == 3 + 2  # Alfie's three drop-offs by Mia, Bea's drop-off and pick-up
    assert week["Mother"][2] == 1 and week["Father"][2] == 0  # but staff talked only to the mother
    assert figure(result, "father_came") == 3


def test_drop_offs_matched_by_what_the_child_calls_them_and_collectors(personas, report, today):
    from diaries.models import Attendance

    Attendance.objects.create(child=personas.alfie, day=today, in_at=at(today, 8), brought_by="Daddy")
    Attendance.objects.create(child=personas.alfie, day=today - timedelta(days=1), in_at=at(today, 8),
                              brought_by="Sue Neighbour")
    by_rel = {r[1].value: [c.value for c in r[2:]] for r in section(report(), "talk").table("by_room").rows}
    assert by_rel["Father"][0] == 1 and by_rel["Authorised collector"][0] == 1


def test_reciprocity_counts_and_answer_times(personas, report, today):
    from diaries.models import DiaryEntry, EntryComment
    from partnerships.models import FamilyRequest, RequestRecipient

    entry = DiaryEntry.objects.create(child=personas.alfie, day=today - timedelta(days=3), kind="note",
                                      occurred_at=at(today - timedelta(days=3)), author=personas.key_person,
                                      text="Sand play")
    asked = EntryComment.objects.create(entry=entry, author=personas.mother, by_staff=False, text="Did he eat?")
    answer = EntryComment.objects.create(entry=entry, author=personas.key_person, by_staff=True, text="Yes")
    EntryComment.objects.filter(pk=asked.pk).update(created_at=at(today - timedelta(days=3), 10))
    EntryComment.objects.filter(pk=answer.pk).update(created_at=at(today - timedelta(days=3), 12))
    request = FamilyRequest.objects.create(setting=personas.setting, kind="consent", title="Trip",
                                           due_on=today + timedelta(days=5), created_by=personas.manager)
    sent = at(today - timedelta(days=4))
    RequestRecipient.objects.create(request=request, child=personas.alfie, sent_at=sent,
                                    answered_at=sent + timedelta(hours=24))
    RequestRecipient.objects.create(request=request, child=personas.bea, sent_at=sent)
    result = section(report(), "reciprocity")
    times = table(result, "answer_times")
    assert times["Staff answering family comments"][:5] == [1, 1, 0, 2.0, 2.0]
    assert times["Families answering requests"][:4] == [2, 1, 1, 24.0]
    assert figure(result, "staff_to_family") == 1 + 1 + 2  # entry, staff comment, two requests sent
    assert figure(result, "family_to_staff") == 1  # the family comment
    assert figure(result, "one_way") == 1  # Bea's family sent nothing

    requests = section(report(), "requests")
    assert figure(requests, "outstanding") == 1
    assert figure(requests, "consents") == 50.0
    assert list(table(requests, "families")) == ["Bea Smith"]


def test_parent_voice_and_good_news(personas, report, today):
    from diaries.models import DiaryEntry, Handover, HomeObservation
    from partnerships.models import Concern

    HomeObservation.objects.create(child=personas.alfie, author=personas.mother, observed_on=today, text="Counted")
    Handover.objects.create(child=personas.alfie, day=today, source="family", sent_by=personas.father)
    Concern.objects.create(child=personas.alfie, raised_by=personas.key_person, title="Biting", summary="x")
    DiaryEntry.objects.create(child=personas.bea, day=today, kind="note", occurred_at=at(today),
                              author=personas.other_room_practitioner, text="First steps!", is_good_news=True)
    voice = section(report(), "parent_voice")
    assert table(voice, "families")["Alfie Jones"][2:5] == [1, 1, 2]
    assert figure(voice, "none") == 1
    good = section(report(), "good_news")
    rows = table(good, "children")
    assert rows["Alfie Jones"][2:4] == [0, 1] and rows["Bea Smith"][2:4] == [1, 0]
    assert figure(good, "only_concerns") == 1


def test_concerns_complaints_and_overdue_actions(personas, report, today):
    from partnerships.models import Commitment, Complaint, Concern, ConcernAction

    concern = Concern.objects.create(child=personas.alfie, raised_by=personas.key_person, title="Sleep",
                                     summary="x", review_on=today - timedelta(days=1))
    ConcernAction.objects.create(concern=concern, description="Sleep diary", owner_staff=personas.key_person,
                                 due_on=today - timedelta(days=2))
    closed = Concern.objects.create(child=personas.bea, raised_by=personas.manager, title="Eating", summary="x",
                                    stage="closed")
    Concern.objects.filter(pk=closed.pk).update(created_at=at(today - timedelta(days=10)),
                                                closed_at=at(today - timedelta(days=4)))
    Complaint.objects.create(setting=personas.setting, child=personas.alfie, complainant_name="Mia", channel="written",
                             received_at=at(today - timedelta(days=30)), summary="x",
                             respond_by=today - timedelta(days=2), recorded_by=personas.manager)
    Complaint.objects.create(setting=personas.setting, complainant_name="Neighbour", channel="verbal",
                             received_at=at(today - timedelta(days=20)), summary="x", respond_by=today + timedelta(days=8),
                             complainant_told_on=today - timedelta(days=1), recorded_by=personas.manager)
    Commitment.objects.create(child=personas.alfie, owner=personas.key_person, description="Call back",
                              due_on=today - timedelta(days=1), created_by=personas.key_person)
    result = section(report(), "concerns")
    concerns = table(result, "concerns")
    assert concerns["Open at the end of the period"][0] == 1
    assert concerns["Open with the review date passed"][0] == 1
    assert concerns["Agreed actions overdue"][0] == 1
    assert concerns["Median days to close"][0] == 6.0
    complaints = table(result, "complaints")
    assert complaints["Answered within the deadline"][0] == 1
    assert complaints["Open, deadline passed"][0] == 1
    assert result.table("safeguarding") is None  # the manager is not the DSL
    workload = table(section(report(), "workload"), "key_people")
    assert workload["Kim Keyworker"][3:5] == [1, 1]  # one promise and one concern action overdue


def test_safeguarding_counts_only_for_the_dsl(personas, report, today, login):
    from partnerships.models import SafeguardingRecord

    SafeguardingRecord.objects.create(setting=personas.setting, child=personas.alfie, recorded_by=personas.key_person,
                                      what_happened="x")
    dsl = section(report("dsl"), "concerns")
    assert table(dsl, "safeguarding")["Open now"][0] == 1
    assert section(report("manager"), "concerns").table("safeguarding") is None
    assert section(report("key_person"), "concerns").table("safeguarding") is None
    assert b"table-concerns-safeguarding" not in report("manager").content
    assert b"table-concerns-safeguarding" in report("dsl").content
    client = login(personas.manager)
    assert client.get(reverse("reports:export", args=["concerns", "safeguarding"])).status_code == 404
    assert login(personas.dsl).get(reverse("reports:export", args=["concerns", "safeguarding"])).status_code == 200


def test_diary_read_rate(personas, report, today):
    from diaries.models import DiaryEntry, ReadReceipt

    for i in range(4):
        day = today - timedelta(days=i + 1)
        DiaryEntry.objects.create(child=personas.alfie, day=day, kind="meal", occurred_at=at(day),
                                  author=personas.key_person, what="Lunch")
        if i < 2:
            ReadReceipt.objects.create(child=personas.alfie, day=day, user=personas.mother,
                                       first_read_at=at(day, 18), last_read_at=at(day, 18))
    DiaryEntry.objects.create(child=personas.alfie, day=today, kind="note", occurred_at=at(today),
                              author=personas.key_person, text="staff only", staff_only=True)
    rows = table(section(report(), "diary"), "families")
    assert rows["Alfie Jones"][2:5] == [4, 2, 50.0]


def test_reach_engagement_is_two_way_contact(personas, report, today):
    talk(personas, personas.alfie, ["mother"], 2, today)
    rows = table(section(report(), "reach"), "districts")
    assert rows["LS6"][:2] == [1, 1] and rows["No address"][:2] == [1, 0]


def test_trend_has_the_partnership_headlines(personas, report, today):
    talk(personas, personas.alfie, ["mother"], 2, today)
    trend = {f.key: f for f in report().context["dashboard"].trend}
    assert trend["with_contact"].current == 50.0
    assert {"overlooked", "parent_voice"} <= set(trend)


def test_room_cells_drill_into_that_rooms_families(personas, report, today, login):
    from diaries.models import HomeObservation

    HomeObservation.objects.create(child=personas.alfie, author=personas.mother, observed_on=today, text="Counted")
    voice = section(report(), "parent_voice")
    rooms = {str(r[0].value): r for r in voice.table("rooms").rows}
    assert rooms["Babies"][4].value == 1 and rooms["Toddlers"][4].value == 0
    drill = login(personas.manager).get(rooms["Babies"][4].url)
    assert [c.pk for c in drill.context["children"]] == [personas.bea.pk]
    reciprocity = section(report(), "reciprocity")
    quiet = {str(r[0].value): r[4] for r in reciprocity.table("rooms").rows}
    drill = login(personas.manager).get(quiet["Babies"].url)
    assert [c.pk for c in drill.context["children"]] == [personas.bea.pk]
