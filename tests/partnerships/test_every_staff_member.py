"""Every staff member counts (DESIGN sections 1 and 3): the cook, who has no room and no key children, finds a
child by name, notes a conversation with the family and raises a safeguarding record; nothing else opens, and
the conversation counts in the manager's report exactly as the key person's does."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partnerships.models import Conversation, SafeguardingRecord
from reports import facts
from tests.reports.helpers import section


def test_the_cook_finds_alfie_by_name_and_nobody_else(personas, login):
    p = personas
    cook = login(p.cook)
    page = cook.get(reverse("partnerships:child_find"), {"q": "alfie jon"})
    assert page.status_code == 200
    assert [c.pk for c in page.context["children"]] == [p.alfie.pk]
    body = page.content.decode()
    assert reverse("partnerships:conversation_add", args=[p.alfie.pk]) in body
    assert f'{reverse("partnerships:safeguarding_add")}?child={p.alfie.pk}' in body
    assert f'href="{reverse("families:child_detail", args=[p.alfie.pk])}"' not in body  # the right is narrow: no child page
    assert [c.pk for c in cook.get(reverse("partnerships:child_find"), {"q": "Beatrice"}).context["children"]] == [p.bea.pk]
    assert list(cook.get(reverse("partnerships:child_find"), {"q": ""}).context["children"]) == []
    # Staff of another setting find nobody here; the key person gets the link to Alfie's page.
    assert list(login(p.other_setting_staff).get(reverse("partnerships:child_find"), {"q": "alfie"}).context["children"]) == []
    assert f'href="{reverse("families:child_detail", args=[p.alfie.pk])}"' in login(p.key_person).get(
        reverse("partnerships:child_find"), {"q": "alfie"}).content.decode()


def test_a_child_who_has_left_is_not_found(personas, login):
    p = personas
    p.bea.leave_date = p.setting.today() - timedelta(days=1)
    p.bea.save()
    assert list(login(p.cook).get(reverse("partnerships:child_find"), {"q": "bea"}).context["children"]) == []


def test_the_staff_home_offers_the_search(personas, login):
    body = login(personas.cook).get(reverse("families:home")).content.decode()
    assert f'action="{reverse("partnerships:child_find")}"' in body


def test_the_cook_notes_a_conversation_with_alfies_mother(personas, login):
    p = personas
    cook = login(p.cook)
    form = cook.get(reverse("partnerships:conversation_add", args=[p.alfie.pk]))
    assert form.status_code == 200 and "Mia Jones" in form.content.decode()
    assert f'href="{reverse("partnerships:child_timeline", args=[p.alfie.pk])}"' not in form.content.decode()
    response = cook.post(reverse("partnerships:conversation_add", args=[p.alfie.pk]), {
        "carers": [p.links["mother"].carer.pk], "channel": "drop_off", "topic": "Alfie loved the lentil soup",
        "is_good_news": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("partnerships:child_find")
    talk = Conversation.objects.get()
    assert (talk.staff, talk.child, list(talk.carers.all())) == (p.cook, p.alfie, [p.links["mother"].carer])
    # The key person sees it on Alfie's timeline, with who talked.
    timeline = login(p.key_person).get(reverse("partnerships:child_timeline", args=[p.alfie.pk])).content.decode()
    assert "Alfie loved the lentil soup" in timeline and "Carol Cook" in timeline


def test_the_cooks_right_opens_nothing_else(personas, login):
    p = personas
    cook = login(p.cook)
    for url in (reverse("families:child_detail", args=[p.alfie.pk]), reverse("partnerships:child_timeline", args=[p.alfie.pk]),
                reverse("diaries:child_day", args=[p.alfie.pk]), reverse("diaries:child_records", args=[p.alfie.pk]),
                reverse("partnerships:concern_raise", args=[p.alfie.pk]), reverse("partnerships:commitment_add", args=[p.alfie.pk])):
        assert cook.get(url).status_code == 404, url
    # A carer of another child, a restricted carer: the conversation form refuses them.
    response = cook.post(reverse("partnerships:conversation_add", args=[p.alfie.pk]), {
        "carers": [p.links["restricted_parent"].carer.pk], "channel": "phone", "topic": "x"})
    assert response.status_code == 200 and not Conversation.objects.exists()


def test_staff_of_another_setting_cannot_note_a_conversation(personas, login):
    p = personas
    response = login(p.other_setting_staff).post(reverse("partnerships:conversation_add", args=[p.alfie.pk]), {
        "carers": [p.links["mother"].carer.pk], "channel": "phone", "topic": "x"})
    assert response.status_code == 404 and not Conversation.objects.exists()


def test_the_cook_raises_a_safeguarding_record_for_alfie(personas, login):
    p = personas
    cook = login(p.cook)
    page = cook.get(reverse("partnerships:safeguarding_add"), {"child": p.alfie.pk})
    assert page.status_code == 200
    response = cook.post(reverse("partnerships:safeguarding_add"), {
        "child": p.alfie.pk, "observed_at": page.context["form"].initial["observed_at"],
        "what_happened": "He said he was hungry every morning"})
    assert response.status_code == 302
    record = SafeguardingRecord.objects.get()
    assert (record.child, record.recorded_by) == (p.alfie, p.cook)
    assert cook.get(reverse("partnerships:safeguarding_detail", args=[record.pk])).status_code == 404  # sent, not readable


@pytest.mark.skipif(not facts.AVAILABLE, reason="diary and partnership models not installed yet")
def test_the_cooks_conversation_counts_in_the_partnership_report(personas, login, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    p = personas
    today = p.setting.today()
    period = {"period": "custom", "start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    manager = login(p.manager)

    def mothers_conversations():
        report = manager.get(reverse("reports:print"), period)
        rows = {(str(r[0].value), str(r[1].value)): r for r in section(report, "talk").table("by_room").rows}
        row = rows.get(("Toddlers", "Mother"))
        return row[4].value if row else 0

    before = mothers_conversations()
    login(p.cook).post(reverse("partnerships:conversation_add", args=[p.alfie.pk]), {
        "carers": [p.links["mother"].carer.pk], "channel": "drop_off", "topic": "Lunch"})
    assert Conversation.objects.filter(staff=p.cook).count() == 1
    assert mothers_conversations() == before + 1
