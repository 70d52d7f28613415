"""Tomorrow's handover: written the evening before (after closing), read at drop-off as this morning's, closed
once read. The collector named the evening before shows on the check-out page."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from diaries import services
from diaries.models import Handover


def _at(setting, day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=setting.tz)


@pytest.fixture
def nursery_hours(personas):
    setting = personas.setting
    setting.opens_at, setting.closes_at = time(7, 30), time(18, 0)
    setting.save()
    return setting


def test_tomorrows_handover_written_at_2130_is_read_at_0800_as_this_mornings(personas, nursery_hours, login):
    setting, alfie = nursery_hours, personas.alfie
    evening = setting.today()
    morning = evening + timedelta(days=1)
    url = reverse("diaries:handover_send", args=[alfie.pk])

    with time_machine.travel(_at(setting, evening, 21, 30), tick=False):
        mother = login(personas.mother)
        form = mother.get(url).content.decode()
        assert "Tomorrow morning&#x27;s handover for Alfie" in form and "Who collects tomorrow?" in form
        response = mother.post(url, {"medicine_at_home": "Calpol 5ml", "medicine_at": "06:00",
                                     "collector_name": "Gran Peg", "collect_at": "16:00"})
        assert response.status_code == 302
        handover = Handover.objects.get(child=alfie)
        assert handover.day == morning and not handover.is_acknowledged
        # Still the evening: she changes her mind, and it is the same note, updated.
        mother.post(url, {"medicine_at_home": "Calpol 5ml", "medicine_at": "06:00", "collector_name": "Gran Peg",
                          "collect_at": "16:30"})
        assert Handover.objects.get(child=alfie).collect_at == time(16, 30)

    with time_machine.travel(_at(setting, morning, 7, 50), tick=False):
        # At the door, before staff have read it: the family can still add a line.
        mother = login(personas.mother)
        assert "Morning handover for Alfie" in mother.get(url).content.decode()
        mother.post(url, {"medicine_at_home": "Calpol 5ml", "medicine_at": "06:00", "collector_name": "Gran Peg",
                          "collect_at": "16:30", "notes": "Teething, left side"})
        assert Handover.objects.get(child=alfie).notes == "Teething, left side"

    with time_machine.travel(_at(setting, morning, 8, 0), tick=False):
        staff = login(personas.key_person)
        board = staff.get(reverse("diaries:room_board", args=[personas.toddlers.pk])).content.decode()
        assert "Handover waiting" in board
        assert staff.post(reverse("diaries:check_in", args=[alfie.pk]),
                          {"brought_by": "Mia Jones", "time": "08:00"}).status_code == 302
        handover = Handover.objects.get(child=alfie)
        assert handover.acknowledged_by == personas.key_person and handover.day == morning
        day_page = staff.get(reverse("diaries:child_day", args=[alfie.pk])).content.decode()
        assert "Calpol 5ml" in day_page and "Teething, left side" in day_page

    with time_machine.travel(_at(setting, morning, 8, 30), tick=False):
        mother = login(personas.mother)
        page = mother.get(url).content.decode()
        assert "so it is closed" in page and 'name="notes"' not in page
        refused = mother.post(url, {"notes": "Actually Dad collects"})
        assert refused.status_code == 200 and "so it is closed" in refused.content.decode()
        assert Handover.objects.get(child=alfie).notes == "Teething, left side"

    with time_machine.travel(_at(setting, morning, 16, 25), tick=False):
        checkout = login(personas.key_person).get(reverse("diaries:check_out", args=[alfie.pk])).content.decode()
        assert "Gran Peg collects today" in checkout and "16:30" in checkout


def test_before_closing_a_family_writes_todays_and_cannot_write_a_later_day(personas, nursery_hours):
    setting, alfie = nursery_hours, personas.alfie
    day = setting.today()
    with time_machine.travel(_at(setting, day, 17, 59), tick=False):
        handover = services.handover_send(child=alfie, by=personas.mother, source="family", notes="today")
        assert handover.day == day
        with pytest.raises(ValidationError, match="once the setting has closed"):
            services.handover_send(child=alfie, by=personas.mother, source="family", day=day + timedelta(days=1),
                                   notes="tomorrow, too early")
        with pytest.raises(ValidationError):
            services.handover_send(child=alfie, by=personas.mother, source="family", day=day + timedelta(days=2),
                                   notes="far ahead")
    assert list(Handover.objects.values_list("day", flat=True)) == [day]


def test_todays_handover_stays_closed_once_read_even_after_closing(personas, nursery_hours):
    setting, alfie = nursery_hours, personas.alfie
    day = setting.today()
    with time_machine.travel(_at(setting, day, 8, 0), tick=False):
        handover = services.handover_send(child=alfie, by=personas.mother, source="family", notes="morning")
        services.handover_acknowledge(handover=handover, by=personas.key_person)
    with time_machine.travel(_at(setting, day, 21, 30), tick=False):
        with pytest.raises(ValidationError, match="closed"):
            services.handover_send(child=alfie, by=personas.mother, source="family", day=day, notes="changed")
        tomorrow = services.handover_send(child=alfie, by=personas.mother, source="family", notes="for tomorrow")
    assert tomorrow.day == day + timedelta(days=1)
    assert Handover.objects.get(child=alfie, day=day).notes == "morning"
