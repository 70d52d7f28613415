"""Who gets a row, by which channel and in which language, when another app calls api.py."""

import logging

import pytest

from families import access
from families.models import Carer
from notifications import api
from notifications.models import Channel, Delivery, Notification, Preference
from notifications.outbox import clean_language

pytestmark = pytest.mark.django_db


def recipients(kind=None):
    qs = Notification.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    return {n.recipient.email.split("@")[0] for n in qs}


def test_family_diary_news_reaches_every_unrestricted_carer_but_not_the_restricted_one(personas):
    n = api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    assert n == 4
    assert recipients() == {"mother", "father", "grandmother", "nanny"}


def test_concern_updates_go_only_to_carers_with_concern_rights_even_if_the_caller_asks_for_diary(personas):
    api.notify_child_family(child=personas.alfie, kind="concern_update", about=personas.collector,
                            need=access.DIARY)
    assert recipients() == {"mother", "father"}
    assert set(Notification.objects.values_list("need", flat=True)) == {access.CONCERNS}


def test_same_key_twice_makes_no_second_row(personas):
    for _ in range(2):
        api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector,
                                key="accident:1")
    assert Notification.objects.count() == 4


def test_exclude_user_skips_the_author(personas):
    api.notify_child_family(child=personas.alfie, kind="comment_reply", about=personas.collector,
                            exclude_user=personas.mother)
    assert "mother" not in recipients()


def test_about_another_child_is_refused(personas):
    with pytest.raises(ValueError, match="another child"):
        api.notify_child_family(child=personas.bea, kind="medicine_dose_given", about=personas.collector)
    assert Notification.objects.count() == 0


def test_safeguarding_record_is_never_queued_for_a_family(personas):
    personas.collector.is_safeguarding_record = True
    assert api.notify_child_family(child=personas.alfie, kind="concern_update", about=personas.collector) == 0


def test_staff_only_need_for_families_is_refused(personas):
    with pytest.raises(ValueError):
        api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector,
                                need=access.STAFF)


def test_staff_messages_skip_family_users_and_other_settings(personas):
    n = api.notify_staff(users=[personas.key_person, personas.mother, personas.other_setting_staff],
                         kind="commitment_due", about=personas.collector)
    assert n == 1 and recipients() == {"keyperson"}


def test_a_message_about_the_child_itself_is_filed_under_that_child(personas):
    """It follows the room rule: staff of another room are not shown a message about a child they cannot see."""
    from notifications import selectors
    from tests.notifications.conftest import run_everything

    api.notify_staff(users=[personas.key_person, personas.other_room_practitioner], kind="commitment_due",
                     about=personas.alfie)
    run_everything()
    assert set(Notification.objects.values_list("child_id", flat=True)) == {personas.alfie.pk}
    assert selectors.inbox_for(viewer=personas.key_person).count() == 1
    assert selectors.inbox_for(viewer=personas.other_room_practitioner).count() == 0


def test_manager_kinds_reach_managers_only(personas):
    api.notify_staff(users=[personas.key_person, personas.manager], kind="complaint_deadline",
                     about=personas.collector)
    assert recipients() == {"manager"}


def test_family_channel_and_language_default_from_the_carer_record(personas):
    Carer.objects.filter(user=personas.mother).update(preferred_channel=Channel.SMS, phone="+447700900123",
                                                      preferred_language="pl")
    Carer.objects.filter(user=personas.father).update(preferred_channel=Channel.SMS, phone="")
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    mother = Notification.objects.get(recipient=personas.mother)
    father = Notification.objects.get(recipient=personas.father)
    assert (mother.channel, mother.language) == ("sms", "pl")
    assert father.channel == "email"  # no phone: falls back to email


def test_a_preference_row_wins_and_digest_moves_the_due_time(personas):
    Preference.objects.create(user=personas.mother, channel=Channel.IN_APP, delivery=Delivery.DIGEST, language="ro")
    api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    api.notify_child_family(child=personas.alfie, kind="accident_recorded", about=personas.collector)
    dose = Notification.objects.get(recipient=personas.mother, kind="medicine_dose_given")
    accident = Notification.objects.get(recipient=personas.mother, kind="accident_recorded")
    assert dose.digest and dose.language == "ro"
    assert dose.due_at.astimezone(personas.setting.tz).strftime("%H:%M") == "18:00"
    assert not accident.digest  # urgent kinds never wait for the digest


def test_unknown_language_falls_back_to_the_setting_language_and_logs(personas, caplog):
    Carer.objects.filter(user=personas.mother).update(preferred_language="xx-klingon")
    with caplog.at_level(logging.WARNING, logger="notifications.outbox"):
        api.notify_child_family(child=personas.alfie, kind="medicine_dose_given", about=personas.collector)
    assert Notification.objects.get(recipient=personas.mother).language == "en-gb"
    assert "Unknown language 'xx-klingon'" in caplog.text


def test_clean_language_variants(personas):
    assert clean_language("PL") == "pl"
    assert clean_language("en_US") == "en-gb"
    assert clean_language("es-MX") == "es"
    assert clean_language("") == "en-gb"


def test_unknown_kind_is_refused(personas):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        api.notify_staff(users=[personas.manager], kind="made_up", about=None)


def test_bulk_child_access_agrees_with_child_access_for_every_persona(personas):
    pairs = [(personas.user(name), child) for name in personas.NAMES for child in (personas.alfie, personas.bea)]
    bulk = access.child_access_many(pairs)
    for user, child in pairs:
        one = access.child_access(user, child)
        many = bulk[(user.pk, child.pk)]
        assert (one is None) == (many is None), (user, child)
        if one is not None:
            assert (one.membership, one.link) == (many.membership, many.link), (user, child)
