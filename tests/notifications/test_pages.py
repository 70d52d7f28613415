"""The inbox, the unread count in the nav, preferences and reminder settings, with their bad input."""

from datetime import time

import pytest
from django.utils import timezone

from families.models import CarerLink
from notifications import api
from notifications.models import Notification, Preference, ReminderSettings

from .conftest import run_everything

pytestmark = pytest.mark.django_db


def test_inbox_lists_delivered_notifications_and_the_nav_counts_unread(personas, login):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    api.notify_child_family(child=personas.alfie, kind="end_of_day_summary", about=personas.collector)
    run_everything()
    client = login(personas.grandmother)
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "Medicine given to Alfie" in page.content.decode()
    assert 'badge rounded-pill text-bg-warning">2<' in page.content.decode()
    row = Notification.objects.filter(recipient=personas.grandmother).first()
    assert client.post(f"/notifications/{row.pk}/read/").status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None
    assert 'text-bg-warning">1<' in client.get("/").content.decode()
    client.post("/notifications/read-all/")
    assert "badge rounded-pill text-bg-warning" not in client.get("/").content.decode()  # the nav count is gone


def test_staff_see_their_own_notifications_too(personas, login):
    api.notify_staff(users=[personas.key_person], kind="commitment_due", about=personas.collector)
    run_everything()
    page = login(personas.key_person).get("/notifications/").content.decode()
    assert "Alfie" in page
    assert "Alfie" not in login(personas.manager).get("/notifications/").content.decode()


def test_the_inbox_hides_what_a_carer_may_no_longer_see(personas, login):
    api.notify_child_family(child=personas.alfie, kind="concern_update", about=personas.collector)
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    CarerLink.objects.filter(carer__user=personas.father).update(can_see_concerns=False)
    page = login(personas.father).get("/notifications/").content.decode()
    assert "Medicine given" in page and "An update for you" not in page
    CarerLink.objects.filter(carer__user=personas.father).update(is_restricted=True)
    page = login(personas.father).get("/notifications/").content.decode()
    assert "Medicine given" not in page


def test_nobody_marks_someone_elses_notification(personas, login):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    row = Notification.objects.get(recipient=personas.mother)
    assert login(personas.father).post(f"/notifications/{row.pk}/read/").status_code == 404


def test_preferences_start_from_the_carer_record_and_save(personas, login):
    client = login(personas.mother)
    assert client.get("/notifications/preferences/").status_code == 200
    response = client.post("/notifications/preferences/", {
        "channel": "email", "delivery": "digest", "digest_time": "19:00", "quiet_start": "21:00",
        "quiet_end": "07:00", "language": "pl"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=personas.mother)
    assert (pref.channel, pref.delivery, pref.digest_time, pref.language) == ("email", "digest", time(19), "pl")


@pytest.mark.parametrize("start,end,message", [
    ("21:00", "21:00", "Quiet hours must end at a different time"),
    ("21:00", "", "Give both ends of the quiet hours"),
])
def test_bad_quiet_hours_are_refused_next_to_the_field(personas, login, start, end, message):
    response = login(personas.mother).post("/notifications/preferences/", {
        "channel": "email", "delivery": "immediate", "digest_time": "18:00", "quiet_start": start,
        "quiet_end": end, "language": ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Preference.objects.exists()


def test_a_reminder_schedule_that_ends_before_it_starts_is_refused(personas, login):
    response = login(personas.manager).post("/notifications/reminder-settings/", {
        "window_start": "18:00", "window_end": "08:00", "end_of_day": "17:30", "request_days_before_due": 2,
        "chase_every_days": 1, "weekly_day": 0})
    assert response.status_code == 200
    assert "The reminder schedule ends before it starts" in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_reminder_settings_save(personas, login):
    response = login(personas.manager).post("/notifications/reminder-settings/", {
        "window_start": "08:30", "window_end": "17:00", "end_of_day": "17:30", "request_days_before_due": 3,
        "chase_every_days": 1, "weekly_day": 2})
    assert response.status_code == 302
    rs = ReminderSettings.objects.get(setting=personas.setting)
    assert rs.request_days_before_due == 3 and rs.weekly_day == 2


def test_reminder_schedule_service_refuses_an_end_before_the_start():
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    from notifications.schedule import reminder_schedule

    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        reminder_schedule(starts=now, ends=now - timedelta(days=1), every=timedelta(days=1))
    assert "ends" in error.value.message_dict and "before it starts" in error.value.message_dict["ends"][0]
    assert len(reminder_schedule(starts=now, ends=now + timedelta(days=2), every=timedelta(days=1))) == 3


def test_inbox_query_count_stays_flat(personas, login, django_assert_max_num_queries):
    for _i in range(25):
        api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    run_everything()
    client = login(personas.mother)
    with django_assert_max_num_queries(14):
        assert client.get("/notifications/").status_code == 200
