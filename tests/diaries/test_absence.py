"""Absence: a family says the child is off tomorrow and why. The board shows it, nobody chases them for a handover,
and the report counts it."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from diaries import reminders, services
from diaries.models import Absence
from notifications.models import Notification


def _weekday_after(day):
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture
def nursery_hours(personas):
    setting = personas.setting
    setting.opens_at, setting.closes_at = time(7, 30), time(18, 0)
    setting.save()
    return setting


def test_absence_reported_the_evening_before_shows_on_the_board_and_silences_the_chaser(personas, nursery_hours,
                                                                                           login):
    setting, alfie, bea = nursery_hours, personas.alfie, personas.bea
    morning = _weekday_after(setting.today())
    evening = morning - timedelta(days=1)

    with time_machine.travel(datetime.combine(evening, time(21, 0), tzinfo=setting.tz), tick=False):
        mother = login(personas.mother)
        url = reverse("diaries:absence_report", args=[alfie.pk])
        form = mother.get(url).content.decode()
        assert f'value="{morning.isoformat()}"' in form  # after closing time: tomorrow, already filled in
        response = mother.post(url, {"day": morning.isoformat(), "reason": "ill", "note": "Temperature tonight"})
        assert response.status_code == 302
    absence = Absence.objects.get(child=alfie)
    assert (absence.day, absence.reason, absence.reported_by) == (morning, "ill", personas.mother)
    assert Notification.objects.filter(kind="family_absence", recipient=personas.key_person).exists()

    with time_machine.travel(datetime.combine(morning, time(7, 45), tzinfo=setting.tz), tick=False):
        board = login(personas.key_person).get(reverse("diaries:room_board", args=[personas.toddlers.pk]))
        page = board.content.decode()
        assert "off today: ill" in page and "1 off today" in page
        # The chaser at opening time: Alfie's family said he is off; nobody chases them.
        now = datetime.combine(morning, time(7, 45), tzinfo=setting.tz)
        reminders.handovers(now)
        reminders.handovers(now + timedelta(minutes=5))  # beat runs again: nothing new
    chased = Notification.objects.filter(kind="handover_reminder")
    assert not chased.filter(child=alfie).exists()
    assert chased.filter(child=bea).exists()  # Bea's family said nothing: they are reminded, once each
    assert chased.filter(child=bea).count() == chased.filter(child=bea).values("recipient").distinct().count()


def test_the_chaser_waits_for_opening_time_and_skips_a_sent_handover(personas, nursery_hours):
    setting, alfie = nursery_hours, personas.alfie
    morning = _weekday_after(setting.today())
    early = datetime.combine(morning, time(7, 0), tzinfo=setting.tz)
    reminders.handovers(early)
    assert not Notification.objects.filter(kind="handover_reminder").exists()
    with time_machine.travel(early, tick=False):
        services.handover_send(child=alfie, by=personas.mother, source="family", notes="slept well")
    reminders.handovers(early + timedelta(minutes=40))
    chased = Notification.objects.filter(kind="handover_reminder")
    assert chased.exists() and not chased.filter(child=alfie).exists()


def test_an_absence_for_a_past_day_or_an_unknown_reason_is_refused(personas, login):
    today = personas.setting.today()
    with pytest.raises(ValidationError):
        services.absence_report(child=personas.alfie, by=personas.mother, day=today - timedelta(days=1), reason="ill")
    page = login(personas.mother).post(reverse("diaries:absence_report", args=[personas.alfie.pk]),
                                       {"day": today.isoformat(), "reason": "bored"})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert not Absence.objects.exists()


def test_the_reports_attendance_figures_count_absence(personas, login):
    from django.utils import timezone

    from diaries.models import Attendance
    from tests.reports.helpers import figure, section, table

    today = personas.setting.today()
    services.absence_report(child=personas.alfie, by=personas.mother, day=today, reason="ill")
    services.absence_report(child=personas.bea, by=personas.manager, day=today + timedelta(days=1), reason="holiday")
    Attendance.objects.create(child=personas.bea, day=today, in_at=timezone.now(), brought_by="Mum")
    result = section(login(personas.manager).get(reverse("reports:dashboard") + "?period=week"), "attendance")
    rooms = table(result, "rooms")
    assert rooms["Toddlers"] == [0, 1, 0, 0]
    assert rooms["Babies"][0] == 1
    assert figure(result, "ill") == 1 and figure(result, "attended") == 1
