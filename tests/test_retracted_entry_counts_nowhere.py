"""A retracted diary entry (and the thread on it) counts nowhere: not for the family, not on the board, not in any
report. Every caller asks DiaryEntry.objects.family_visible(), so one rule decides."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diaries import selectors, services
from diaries.models import DiaryEntry, EntryComment
from families import access
from tests.reports.helpers import figure, section, table

pytestmark = pytest.mark.django_db


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def retracted(personas):
    """Bea's good-news note, with a family comment and a staff answer, then retracted with a reason."""
    today = personas.setting.today()
    day = today - timedelta(days=2)
    entry = DiaryEntry.objects.create(child=personas.bea, day=day, kind="note", occurred_at=at(day),
                                      author=personas.other_room_practitioner, text="First steps!", is_good_news=True)
    EntryComment.objects.create(entry=entry, author=personas.other_parent, by_staff=False, text="Lovely!")
    EntryComment.objects.create(entry=entry, author=personas.other_room_practitioner, by_staff=True, text="Thanks")
    services.entry_retract(entry=entry, by=personas.other_room_practitioner, version=entry.version,
                           reason="Wrong child")
    entry.refresh_from_db()
    assert entry.is_retracted
    return entry


def test_the_family_visible_rule_leaves_it_out(personas, retracted):
    assert not DiaryEntry.objects.family_visible().filter(pk=retracted.pk).exists()
    assert not EntryComment.objects.on_family_visible_entries().filter(entry=retracted).exists()
    assert not retracted.is_family_visible
    family = access.child_access(personas.other_parent, personas.bea)
    day = selectors.child_day_for(viewer=personas.other_parent, child_access=family, day=retracted.day)
    assert day.entries == [] and day.good_news == 0


def test_the_room_board_does_not_count_it(personas, retracted):
    board = selectors.room_board_for(viewer=personas.other_room_practitioner, room=personas.bea.room,
                                     day=retracted.day)
    row = next(r for r in board.rows if r.child.pk == personas.bea.pk)
    assert row.entry_count == 0


def test_no_report_counts_it(personas, login, retracted):
    today = personas.setting.today()
    query = {"period": "custom", "start": (today - timedelta(days=60)).isoformat(), "end": today.isoformat()}
    response = login(personas.manager).get(reverse("reports:dashboard"), query)
    assert response.status_code == 200
    reciprocity = section(response, "reciprocity")
    assert figure(reciprocity, "staff_to_family") == 0  # neither the entry nor the staff answer on it
    assert figure(reciprocity, "family_to_staff") == 0  # nor the family comment
    assert table(reciprocity, "answer_times")["Staff answering family comments"][0] == 0
    assert table(section(response, "good_news"), "children")["Bea Smith"][2] == 0
    assert "Bea Smith" in table(section(response, "contact"), "overlooked")  # the exchange is no two-way contact
    assert table(section(response, "diary"), "families")["Bea Smith"][2] == 0  # no diary day
