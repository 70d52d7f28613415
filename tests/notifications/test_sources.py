"""Reminder sources: each queues what has come due, once, however often beat runs it."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from families.models import Invitation
from notifications import reminders as sources
from notifications.models import Notification

from .conftest import run_everything

pytestmark = pytest.mark.django_db


def test_incomplete_records_go_to_the_manager_once_a_week_from_monday_morning(personas):
    tz = personas.setting.tz
    sunday = datetime(2026, 11, 22, 12, 0, tzinfo=tz)
    monday_early = datetime(2026, 11, 23, 7, 0, tzinfo=tz)
    monday = datetime(2026, 11, 23, 8, 0, tzinfo=tz)
    sources.run_all(sunday)  # still the week of 16 November (W47)
    sources.run_all(monday_early)
    assert not Notification.objects.filter(key__contains="2026-W48").exists()
    for moment in (monday, monday + timedelta(minutes=5), monday + timedelta(days=3)):
        sources.run_all(moment)
    rows = Notification.objects.filter(kind="incomplete_records", key__contains="2026-W48")
    assert [r.recipient for r in rows] == [personas.manager]
    run_everything(monday + timedelta(minutes=1))
    row = rows.get()
    assert row.sent_at is not None and "child records at Sunnyside Nursery" in row.body
    assert row.body.split(" ")[0].isdigit()


def test_other_settings_staff_never_hear_about_this_setting(personas):
    sources.run_all(datetime(2026, 11, 23, 9, 0, tzinfo=personas.setting.tz))
    assert not Notification.objects.filter(recipient=personas.other_setting_staff,
                                           setting=personas.setting).exists()


def test_a_carer_invitation_about_to_expire_reminds_whoever_sent_it(personas):
    link = personas.links["grandmother"]
    invitation = Invitation.objects.create(
        setting=personas.setting, kind=Invitation.Kind.CARER, email="gran@example.test", carer=link.carer,
        token=Invitation.new_token(), invited_by=personas.key_person,
        expires_at=timezone.now() + timedelta(hours=20))
    for _ in range(2):
        sources.run_all()
    row = Notification.objects.get(kind="invitation_unaccepted")
    assert row.recipient == personas.key_person
    run_everything()
    row.refresh_from_db()
    assert "gran@example.test" in row.body
    invitation.accepted_at = timezone.now()
    invitation.save()


def test_sources_for_apps_not_there_yet_are_skipped_not_broken(personas):
    results = sources.run_all()
    assert set(results) == set(sources.SOURCES)
    assert "error" not in results.values()
