"""Every number about families or children on the dashboard drills to exactly the children behind it,
within the viewer's access (issue 6, "drill-down from any number")."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import facts

from .helpers import section

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not facts.AVAILABLE, reason="diary and partnership models not installed yet"),
]

# Columns whose header names families or children are found by this pattern (a future table too).
FAMILY_COLUMN = re.compile(r"\b(families|children)\b", re.IGNORECASE)
# Columns counting families/children whose header does not say so: (section, table, column index).
ALSO_DRILLED = {
    ("parent_voice", "rooms", 2), ("parent_voice", "rooms", 4),  # "With parent voice", "Without"
    ("reach", "districts", 4),  # "Not engaged"
    ("workload", "key_people", 2),  # "Incomplete records"
    ("talk", "by_room", 2), ("talk", "by_room", 3), ("talk", "by_room", 4),  # events: the children behind them
    ("talk", "dad_challenge", 1), ("talk", "dad_challenge", 3),
}
# Tables whose integers count something other than children, or are the per-child rows themselves.
NOT_CHILDREN = {
    ("reciprocity", "kinds"), ("reciprocity", "answer_times"), ("concerns", "complaints"),
    ("concerns", "safeguarding"), ("reach", "languages_carers"),
}


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def today(personas):
    return personas.setting.today()


@pytest.fixture
def period(today):
    return {"period": "custom", "start": (today - timedelta(days=60)).isoformat(), "end": today.isoformat()}


@pytest.fixture
def report(personas, login, period):
    def _report(user="manager"):
        response = login(personas.user(user)).get(reverse("reports:print"), period)
        assert response.status_code == 200
        return response
    return _report


@pytest.fixture
def scenario(personas, today):
    """Alfie (toddlers) and Bea (babies) with a little of everything the per-room tables count."""
    from diaries.models import Attendance, DiaryEntry, HomeObservation
    from partnerships.models import Concern, ConcernAction, Conversation, FamilyRequest, RequestRecipient

    monday = today - timedelta(days=2)
    for i in range(3):  # Alfie: brought by his mother (by name), collected by his father
        day = monday + timedelta(days=i)
        Attendance.objects.create(child=personas.alfie, day=day, in_at=at(day, 8), brought_by="Mia Jones",
                                  out_at=at(day, 17), collected_by_link=personas.links["father"])
    Attendance.objects.create(child=personas.bea, day=monday, in_at=at(monday, 8), brought_by="Mum",
                              out_at=at(monday, 17), collected_by_link=personas.links["other_parent"])
    talk = Conversation.objects.create(child=personas.alfie, staff=personas.key_person, channel="pick_up",
                                       topic="Day", happened_at=at(today - timedelta(days=1)))
    talk.carers.set([personas.links["mother"].carer])
    HomeObservation.objects.create(child=personas.alfie, author=personas.mother, observed_on=today, text="Counted")
    consent = FamilyRequest.objects.create(setting=personas.setting, kind="consent", title="Trip",
                                           due_on=today + timedelta(days=5), created_by=personas.manager)
    sent = at(today - timedelta(days=4))
    RequestRecipient.objects.create(request=consent, child=personas.alfie, sent_at=sent,
                                    answered_at=sent + timedelta(hours=3))
    RequestRecipient.objects.create(request=consent, child=personas.bea, sent_at=sent)
    DiaryEntry.objects.create(child=personas.bea, day=today - timedelta(days=1), kind="note",
                              occurred_at=at(today - timedelta(days=1)), author=personas.other_room_practitioner,
                              text="Painting")  # Bea's family never opens it: reading under half
    closed = Concern.objects.create(child=personas.alfie, raised_by=personas.key_person, title="Biting", summary="x")
    Concern.objects.filter(pk=closed.pk).update(closed_at=at(today - timedelta(days=3)))
    open_ = Concern.objects.create(child=personas.bea, raised_by=personas.other_room_practitioner, title="Sleep",
                                   summary="y")
    ConcernAction.objects.create(concern=open_, description="Keep a sleep diary", due_on=today - timedelta(days=2),
                                 owner_carer=personas.links["other_parent"].carer)
    return personas


def drilled(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return {c.pk for c in response.context["children"]}


def test_new_drills_list_exactly_the_children_behind_them(scenario, report, login):
    p = scenario
    alfie, bea = p.alfie.pk, p.bea.pk
    client = login(p.manager)
    response = report()

    talk = section(response, "talk")
    by_room = {(str(r[0].value), str(r[1].value)): r for r in talk.table("by_room").rows}
    assert drilled(client, by_room[("Toddlers", "Father")][3].url) == {alfie}  # pick-ups
    heading = client.get(by_room[("Toddlers", "Father")][3].url).content.decode()
    assert "Toddlers · Father · Pick-ups" in heading and "|" not in heading.split("<h1")[1].split("</h1>")[0]
    assert drilled(client, by_room[("Toddlers", "Mother")][2].url) == {alfie}  # drop-offs
    assert drilled(client, by_room[("Toddlers", "Mother")][4].url) == {alfie}  # conversations
    assert drilled(client, by_room[("Babies", "Mother")][2].url) == {bea}
    week = {str(r[0].value): r for r in talk.table("dad_challenge").rows}
    assert drilled(client, week["Father"][1].url) == {alfie}
    assert drilled(client, week["Mother"][1].url) == {alfie, bea}
    assert drilled(client, week["Mother"][3].url) == {alfie}
    assert drilled(client, week["Father"][3].url) == set()
    father_came = next(f for f in talk.figures if f.key == "father_came")
    assert drilled(client, father_came.url) == {alfie}

    voice = {str(r[0].value): r for r in section(response, "parent_voice").table("rooms").rows}
    assert drilled(client, voice["Toddlers"][1].url) == {alfie}
    assert drilled(client, voice["Toddlers"][2].url) == {alfie}
    assert drilled(client, voice["Babies"][2].url) == set()
    assert drilled(client, voice["Babies"][4].url) == {bea}

    consents = {str(r[0].value): r for r in section(response, "requests").table("consents").rows}
    assert consents["Babies"][4].value == 1 and drilled(client, consents["Babies"][4].url) == {bea}
    assert consents["Toddlers"][4].value == 0 and drilled(client, consents["Toddlers"][4].url) == set()
    assert drilled(client, consents["Babies"][5].url) == {bea}

    diary = section(response, "diary")
    reading = {str(r[0].value): r for r in diary.table("rooms").rows}
    assert drilled(client, reading["Babies"][4].url) == {bea}
    assert drilled(client, next(f for f in diary.figures if f.key == "read_rate").url) == {bea}

    concerns = {str(r[0].value): r for r in section(response, "concerns").table("concerns").rows}
    assert drilled(client, concerns["Closed in the period"][1].url) == {alfie}
    assert drilled(client, concerns["… of which the family's actions"][1].url) == {bea}

    carers = {str(r[0].value): r for r in section(response, "carers").table("relationships_by_room").rows}
    header = section(response, "carers").table("relationships_by_room").columns
    toddlers, babies = header.index("Toddlers"), header.index("Babies")
    assert drilled(client, carers["Mother"][toddlers].url) == {alfie}
    assert drilled(client, carers["Mother"][babies].url) == {bea}

    overview = {str(r[0].value): r for r in section(response, "overview").table("rooms").rows}
    for room, child in (("Toddlers", alfie), ("Babies", bea)):
        on = drilled(client, overview[room][2].url)
        assert on <= {child} and len(on) == overview[room][2].value


def _drillable_cells(response):
    """(section, table, column header, cell) for every integer cell in a families/children column."""
    for report in response.context["dashboard"].sections:
        key = report.section.key
        for table in report.result.tables:
            if (key, table.key) in NOT_CHILDREN or table.detail:
                continue
            for i, header in enumerate(table.columns):
                wanted = (key, table.key, i) in ALSO_DRILLED or (FAMILY_COLUMN.search(str(header))
                                                                  and "%" not in str(header))
                if not wanted or i == 0:
                    continue
                for row in table.rows:
                    cell = row[i]
                    if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                        yield key, table.key, str(header), cell


def test_every_families_or_children_cell_on_the_dashboard_drills(scenario, report, login):
    """Walks every table of the manager's dashboard: a count of families or children without a link fails,
    and each link lists as many children as the number says (for counts of children, not of events)."""
    response = report()
    client = login(scenario.manager)
    cells = list(_drillable_cells(response))
    assert len(cells) > 30  # the walk really saw the tables
    missing = [(k, t, h, c.value) for k, t, h, c in cells if not c.url]
    assert missing == []
    for key, table_key, header, cell in cells:
        if key == "talk":
            continue  # events (drop-offs, conversations): the link lists the children, not one per event
        if key == "carers":
            continue  # carer links: a child with two carers of one relationship is listed once
        assert len(drilled(client, cell.url)) == cell.value, (key, table_key, header)
    # the figures that count families or children drill too (not "items staff → families", not a %)
    undrilled = [(r.section.key, f.key) for r in response.context["dashboard"].sections for f in r.result.figures
                 if FAMILY_COLUMN.search(str(f.label)) and not re.search(r"%|items", str(f.label)) and not f.url]
    assert undrilled == []


def test_a_practitioners_drills_never_list_children_outside_their_rooms(scenario, report, login):
    """The babies practitioner follows every link on their dashboard, and the manager's links too
    (a crafted URL with a toddlers room value): only Bea ever appears."""
    p = scenario
    mine = report("other_room_practitioner")
    manager = report("manager")
    urls = set()
    for response in (mine, manager):
        for report_ in response.context["dashboard"].sections:
            urls |= {f.url for f in report_.result.figures if f.url}
            for table in report_.result.tables:
                urls |= {c.url for row in table.rows for c in row if getattr(c, "url", "")
                         and "/reports/children/" in c.url}
    assert len(urls) > 40
    client = login(p.other_room_practitioner)
    seen = set()
    for url in urls:
        response = client.get(url)
        if response.status_code == 404:  # a section the practitioner does not see
            continue
        assert response.status_code == 200, url
        children = {c.pk for c in response.context["children"]}
        assert children <= {p.bea.pk}, url
        seen |= children
    assert seen == {p.bea.pk}
