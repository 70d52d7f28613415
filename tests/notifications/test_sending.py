"""Sending in-process against real PostgreSQL and a real SMTP server (aiosmtpd): claims, retries, no leaks."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from families.models import Carer, CarerLink
from notifications import api, sending
from notifications.models import Channel, Delivery, Notification, Preference

from .conftest import Collector, run_everything

pytestmark = pytest.mark.django_db


def use_channel(user, channel, **extra):
    Preference.objects.update_or_create(user=user, defaults={"channel": channel, **extra})


def test_in_app_rows_are_delivered_once_and_rendered_in_the_recipients_language(personas):
    Carer.objects.filter(user=personas.mother).update(preferred_channel=Channel.IN_APP, preferred_language="pl")
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    assert run_everything() >= 1
    row = Notification.objects.get(recipient=personas.mother)
    assert row.sent_at is not None and row.claim_token is None and row.attempts == 1
    assert "Alfie" in row.subject
    assert run_everything() == 0  # nothing is owed twice


def test_email_goes_over_smtp_as_html_and_text(personas, smtp_settings):
    use_channel(personas.mother, Channel.EMAIL)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    run_everything()
    mails = [m for m in smtp_settings.messages if m["To"] == "mother@example.test"]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.get_content_type() == "multipart/alternative"
    kinds = {part.get_content_type() for part in mail.iter_parts()}
    assert kinds == {"text/plain", "text/html"}
    assert "Alfie" in mail["Subject"]
    assert mail["Message-ID"].startswith("<triangle.")


def test_redelivered_message_sends_once(personas, smtp_settings):
    use_channel(personas.mother, Channel.EMAIL)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    collector = Collector()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sending.sweep(enqueue=collector)
    for ids, token in collector.batches + collector.batches:  # every message delivered twice
        sending.send_batch(ids, token)
    assert smtp_settings.keys().count(f"acc:u{personas.mother.pk}") == 1


def test_a_second_sweep_does_not_hand_out_rows_already_queued(personas):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    first, second = Collector(), Collector()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sending.sweep(enqueue=first)
        sending.sweep(enqueue=second)
    assert first.batches and not second.batches


def test_an_expired_claim_is_reclaimed_by_the_next_sweep(personas):
    """A worker died after claiming: its lease runs out and the row is sent by someone else, once."""
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    Notification.objects.update(claim_token="00000000-0000-0000-0000-000000000001",
                                claimed_until=timezone.now() - timedelta(seconds=1), attempts=1)
    assert run_everything() == 4
    assert set(Notification.objects.values_list("attempts", flat=True)) == {2}


def test_a_bouncing_address_is_recorded_not_retried_and_shown_to_the_manager(personas, smtp_settings, login):
    use_channel(personas.mother, Channel.EMAIL)
    smtp_settings.refuse["mother@example.test"] = "550 5.1.1 No such user"
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    run_everything()
    row = Notification.objects.get(recipient=personas.mother)
    assert row.failed_at is not None and row.sent_at is None and row.attempts == 1
    assert "550" in row.last_error
    assert run_everything(timezone.now() + timedelta(days=1)) == 0  # not retried
    page = login(personas.manager).get("/notifications/failures/")
    assert b"mother@example.test" in page.content and b"550" in page.content
    assert login(personas.key_person).get("/notifications/failures/").status_code == 404


def test_a_temporary_smtp_error_retries_with_backoff_then_gives_up(personas, smtp_settings, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    use_channel(personas.mother, Channel.EMAIL)
    smtp_settings.refuse["mother@example.test"] = "451 4.3.0 Try again later"
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    now = timezone.now()
    run_everything(now)
    row = Notification.objects.get(recipient=personas.mother)
    assert row.failed_at is None and row.attempts == 1 and "451" in row.last_error
    assert row.due_at == now + timedelta(minutes=1)
    run_everything(now + timedelta(minutes=1))
    row.refresh_from_db()
    assert row.attempts == 2 and row.due_at == now + timedelta(minutes=3)
    run_everything(now + timedelta(minutes=3))
    row.refresh_from_db()
    assert row.attempts == 3 and row.failed_at is not None


def test_a_server_that_is_down_is_a_retry_not_a_crash(personas, settings):
    from .conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    use_channel(personas.mother, Channel.EMAIL)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, key="acc")
    run_everything()
    row = Notification.objects.get(recipient=personas.mother)
    assert row.failed_at is None and row.sent_at is None and row.attempts == 1 and row.last_error


def test_sms_goes_through_the_pluggable_backend(personas, caplog):
    Carer.objects.filter(user=personas.mother).update(preferred_channel=Channel.SMS, phone="+447700900123")
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector)
    with caplog.at_level("INFO", logger="notifications.sms"):
        run_everything()
    assert "SMS to +447700900123" in caplog.text
    assert Notification.objects.get(recipient=personas.mother).sent_at is not None


# --- no leaks ---


def test_a_carer_restricted_after_queueing_gets_nothing(personas):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    CarerLink.objects.filter(carer__user=personas.father).update(is_restricted=True)
    run_everything()
    row = Notification.objects.get(recipient=personas.father)
    assert row.sent_at is None and row.cancelled_at is not None


def test_concern_rights_removed_before_sending_means_no_concern_update(personas):
    api.notify_child_family(child=personas.alfie, kind="concern_update", about=personas.collector)
    CarerLink.objects.filter(carer__user=personas.father).update(can_see_concerns=False)
    run_everything()
    assert Notification.objects.get(recipient=personas.father).sent_at is None
    assert Notification.objects.get(recipient=personas.mother).sent_at is not None


def test_a_deleted_record_is_not_announced(personas):
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    personas.collector.delete()
    run_everything()
    assert not Notification.objects.filter(sent_at__isnull=False).exists()


def test_texts_never_carry_notes_other_children_or_the_record(personas, smtp_settings):
    alfie = personas.alfie
    alfie.medical_notes = "SECRET-MEDICAL"
    alfie.save()
    personas.collector.full_name = "SECRET-COLLECTOR"
    personas.collector.save()
    use_channel(personas.mother, Channel.EMAIL)
    for kind in ("medicine_dose_given", "concern_update", "accident_recorded", "request_sent", "comment_reply"):
        api.notify_child_family(child=alfie, kind=kind, about=personas.collector)
    run_everything()
    texts = [n.subject + n.body for n in Notification.objects.filter(sent_at__isnull=False)]
    texts += [m.as_string() for m in smtp_settings.messages]
    assert texts
    for text in texts:
        assert "SECRET" not in text and "Bea" not in text and "Prohibited" not in text


def test_safeguarding_records_reach_no_staff_without_the_safeguarding_rule(personas, monkeypatch):
    from families.models import AuthorisedCollector

    api.notify_staff(users=[personas.dsl, personas.key_person], kind="commitment_due", about=personas.collector)
    monkeypatch.setattr(AuthorisedCollector, "is_safeguarding_record", True, raising=False)
    monkeypatch.setattr("families.access.safeguarding_record_readable", lambda user, rec: user.email.startswith("dsl"),
                        raising=False)
    run_everything()
    sent = {n.recipient.email for n in Notification.objects.filter(sent_at__isnull=False)}
    assert sent == {"dsl@example.test"}


def test_staff_losing_the_child_before_sending_gets_nothing(personas):
    api.notify_staff(users=[personas.key_person], kind="commitment_due", about=personas.collector)
    personas.key_person.memberships.update(is_active=False)
    run_everything()
    assert not Notification.objects.filter(sent_at__isnull=False).exists()


# --- quiet hours, digests, time zones ---


def _at(setting, y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=setting.tz)


def test_quiet_hours_hold_email_until_they_end_in_the_settings_time_zone(personas, smtp_settings):
    setting = personas.setting
    use_channel(personas.mother, Channel.EMAIL, quiet_start=time(21, 0), quiet_end=time(7, 0))
    late = _at(setting, 2026, 6, 10, 22, 30)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector, due_at=late)
    run_everything(late)
    row = Notification.objects.get(recipient=personas.mother)
    assert row.sent_at is None and row.due_at == _at(setting, 2026, 6, 11, 7, 0)
    assert row.attempts == 0
    run_everything(_at(setting, 2026, 6, 11, 7, 0))
    row.refresh_from_db()
    assert row.sent_at is not None
    assert [m["To"] for m in smtp_settings.messages].count("mother@example.test") == 1


def test_digest_collects_a_days_news_into_one_email(personas, smtp_settings):
    Preference.objects.create(user=personas.mother, channel=Channel.EMAIL, delivery=Delivery.DIGEST,
                              digest_time=time(18, 0))
    tomorrow = personas.setting.today() + timedelta(days=1)
    morning = _at(personas.setting, tomorrow.year, tomorrow.month, tomorrow.day, 9, 0)
    for kind in ("medicine_dose_given", "end_of_day_summary", "handover_acknowledged"):
        api.notify_child_family(child=personas.alfie, kind=kind, about=personas.collector, due_at=morning)
    run_everything(morning)
    assert not [m for m in smtp_settings.messages if m["To"] == "mother@example.test"]
    run_everything(_at(personas.setting, tomorrow.year, tomorrow.month, tomorrow.day, 18, 0))
    mails = [m for m in smtp_settings.messages if m["To"] == "mother@example.test"]
    assert len(mails) == 1 and "digest" in mails[0]["Subject"]
    assert Notification.objects.filter(recipient=personas.mother, sent_at__isnull=False).count() == 3


def test_a_reminder_due_across_the_autumn_clock_change_fires_once_at_local_time(personas):
    """25 Oct 2026: London goes from BST (UTC+1) to GMT at 02:00. 01:30 happens twice; 08:00 is 08:00 UTC."""
    from notifications.schedule import local_moment

    tz = personas.setting.tz
    early = local_moment(datetime(2026, 10, 25).date(), time(1, 30), tz)
    morning = local_moment(datetime(2026, 10, 25).date(), time(8, 0), tz)
    assert early.isoformat() == "2026-10-25T00:30:00+00:00"  # the first 01:30 (still BST)
    assert morning.isoformat() == "2026-10-25T08:00:00+00:00"
    api.notify_staff(users=[personas.manager], kind="commitment_due", about=personas.collector, due_at=early,
                     key="early")
    api.notify_staff(users=[personas.manager], kind="concern_review_due", about=personas.collector, due_at=morning,
                     key="morning")
    sent_at = {}
    utc = UTC
    moment = datetime(2026, 10, 24, 21, 0, tzinfo=utc)  # beat runs in UTC: every 15 real minutes through the night
    while moment < datetime(2026, 10, 25, 10, 0, tzinfo=utc):
        run_everything(moment)
        for row in Notification.objects.filter(sent_at__isnull=False, kind__in=["commitment_due",
                                                                                 "concern_review_due"]):
            sent_at.setdefault(row.kind, moment)
        moment += timedelta(minutes=15)
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2
    assert sent_at["commitment_due"] == early
    assert sent_at["concern_review_due"].astimezone(tz).strftime("%H:%M %Z") == "08:00 GMT"


def test_a_digest_time_in_the_spring_gap_still_fires_once(personas):
    """29 Mar 2026: 01:00 GMT jumps to 02:00 BST; a 01:30 digest goes out at 02:30 BST, not never."""
    from notifications.schedule import next_local_time

    tz = personas.setting.tz
    after = datetime(2026, 3, 29, 0, 0, tzinfo=tz)
    fired = next_local_time(after, time(1, 30), tz)
    assert fired.astimezone(tz).strftime("%H:%M %Z") == "02:30 BST"
    after_dst = datetime(2026, 3, 30, 0, 0, tzinfo=tz)
    assert next_local_time(after_dst, time(18, 0), tz).isoformat() == "2026-03-30T17:00:00+00:00"
