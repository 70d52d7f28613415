"""'I'll get back to you by…': due the next working day by default, said to someone, seen by their household."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import Commitment


def test_the_next_working_day_skips_the_weekend(personas):
    setting = personas.setting
    friday = date(2026, 12, 4)
    assert setting.next_working_day(friday) == date(2026, 12, 7)  # Monday
    assert setting.next_working_day(date(2026, 12, 5)) == date(2026, 12, 7)  # from Saturday
    assert setting.next_working_day(date(2026, 12, 1)) == date(2026, 12, 2)  # Tuesday to Wednesday
    assert setting.next_working_day() == setting.next_working_day(setting.today())


def test_the_form_defaults_to_the_next_working_day_and_the_people_of_the_conversation(personas, login):
    p = personas
    conversation = services.conversation_log(child=p.alfie, by=p.key_person, carers=[p.links["father"].carer],
                                             channel="pick_up", topic="Nap times")
    staff = login(p.key_person)
    form = staff.get(reverse("partnerships:commitment_add", args=[p.alfie.pk]),
                     {"source": f"conversation:{conversation.pk}"}).context["form"]
    assert form["due_on"].value() == p.setting.next_working_day()
    assert form["said_to"].value() == [p.links["father"].carer.pk]
    # The restricted parent is never someone a promise can be said to.
    assert p.links["restricted_parent"].carer not in form.fields["said_to"].queryset
    fresh = staff.get(reverse("partnerships:commitment_add", args=[p.alfie.pk])).context["form"]
    assert fresh["said_to"].value() == []


def _promise(p, login, description, *said_to):
    response = login(p.key_person).post(reverse("partnerships:commitment_add", args=[p.alfie.pk]), {
        "description": description, "due_on": p.setting.next_working_day(), "owner": p.key_person.pk,
        "said_to": [p.links[name].carer.pk for name in said_to]})
    assert response.status_code == 302, response.content.decode()


def _sees(p, login, who, text):
    return text in login(p.user(who)).get(reverse("partnerships:family_child", args=[p.alfie.pk])).content.decode()


def test_a_promise_to_one_parent_is_not_shown_to_the_other_household(personas, login):
    p = personas
    _promise(p, login, "Find the lost hat", "mother")
    _promise(p, login, "Move the parents meeting", "mother", "father")
    assert _sees(p, login, "mother", "Find the lost hat")
    assert not _sees(p, login, "father", "Find the lost hat")
    assert not _sees(p, login, "grandmother", "Find the lost hat")  # no household: only what is said to her
    # About both of them: both households see it.
    assert _sees(p, login, "father", "Move the parents meeting") and _sees(p, login, "mother", "Move the parents meeting")
    assert Commitment.objects.get(description="Find the lost hat").said_to.get() == p.links["mother"].carer
    # The key person's list says whom it was said to.
    mine = login(p.key_person).get(reverse("partnerships:my_commitments")).content.decode()
    assert "said to Mia Jones" in mine


def test_someone_in_the_same_household_sees_it(personas, login):
    p = personas
    from tests import factories as f

    stepdad = f.UserFactory(email="step@example.test", full_name="Sam Step")
    carer = f.CarerFactory(setting=p.setting, user=stepdad, full_name="Sam Step", email=stepdad.email,
                           household=p.links["mother"].carer.household)
    f.CarerLinkFactory(child=p.alfie, carer=carer, relationship="step_parent", parental_responsibility=False)
    _promise(p, login, "Find the lost hat", "mother")
    assert "Find the lost hat" in login(stepdad).get(reverse("partnerships:family_child", args=[p.alfie.pk])).content.decode()


def test_a_promise_in_a_concern_follows_the_same_rule_on_the_concern_page(personas, login):
    from . import factories as pf

    p = personas
    concern = pf.concern(p)  # shared with the family
    services.commitment_make(child=p.alfie, by=p.key_person, owner=p.key_person, description="Ask the SENCo",
                             due_on=p.setting.next_working_day(), said_to=[p.links["mother"].carer], source=concern)
    url = reverse("partnerships:concern_detail", args=[concern.pk])
    assert "Ask the SENCo" in login(p.key_person).get(url).content.decode()
    assert "Ask the SENCo" in login(p.mother).get(url).content.decode()
    father = login(p.father).get(url)
    assert father.status_code == 200 and "Not settling at nap time" in father.content.decode()
    assert "Ask the SENCo" not in father.content.decode()


@pytest.mark.parametrize("who", [None, "restricted_parent", "other_parent"])
def test_a_promise_must_be_said_to_a_carer_of_this_child(personas, who):
    p = personas
    said_to = [p.links[who].carer] if who else []
    with pytest.raises(ValidationError) as error:
        services.commitment_make(child=p.alfie, by=p.key_person, owner=p.key_person, description="Call back",
                                 due_on=p.setting.today() + timedelta(days=1), said_to=said_to)
    assert "said_to" in error.value.message_dict
    assert not Commitment.objects.exists()
