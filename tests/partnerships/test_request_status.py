"""A request's status says what the family did (issue 18, point 3): a consent the mother answered is not
"waiting" nor "answered by 0"; it shows her answer and who is still needed, and the count follows the stated rule."""

import re

from django.urls import reverse

from . import factories as pf


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_consent_answered_by_the_mother_shows_her_answer_and_waits_for_fred(personas, login):
    p = personas
    req, recipient = pf.request(p)
    login(p.mother).post(reverse("partnerships:request_answer", args=[recipient.pk]), {"consent_given": "yes"})

    staff = _text(login(p.key_person).get(reverse("partnerships:request_detail", args=[req.pk])))
    assert "Mia Jones: consents" in staff
    assert "waiting for Fred Jones" in staff
    assert "answered by 0" not in staff
    assert ("answered by every carer with parental responsibility for 0, partly answered for 1" in staff)
    listing = _text(login(p.key_person).get(reverse("partnerships:request_list")))
    assert "0 of 1 answered · 1 seen · 1 waiting for another carer" in listing

    # The family's own pages say the same: her answer, and Fred still to answer.
    for user in (p.mother, p.father):
        page = _text(login(user).get(reverse("partnerships:family_child", args=[p.alfie.pk])))
        assert "Mia Jones: consents" in page and "waiting for Fred Jones" in page, user
    answer_page = _text(login(p.mother).get(reverse("partnerships:request_answer", args=[recipient.pk])))
    assert "You have answered" in answer_page and "waiting for Fred Jones" in answer_page

    login(p.father).post(reverse("partnerships:request_answer", args=[recipient.pk]), {"consent_given": "no"})
    staff = _text(login(p.key_person).get(reverse("partnerships:request_detail", args=[req.pk])))
    assert "Fred Jones: does not consent" in staff and "waiting for" not in staff
    assert "answered by every carer with parental responsibility for 1, partly answered for 0" in staff
    assert "1 of 1 answered" in _text(login(p.key_person).get(reverse("partnerships:request_list")))


def test_before_anyone_answers_the_consent_waits_for_both_parents(personas, login):
    p = personas
    req, _recipient = pf.request(p)
    staff = _text(login(p.key_person).get(reverse("partnerships:request_detail", args=[req.pk])))
    assert "waiting for Fred Jones, Mia Jones" in staff
    # Gran Peg (no parental responsibility) and the restricted parent are never waited for.
    assert "Peg Jones" not in staff and "Rick" not in staff


def test_an_information_request_is_answered_by_one_carer(personas, login):
    p = personas
    req, recipient = pf.request(p, kind="information")
    login(p.grandmother).post(reverse("partnerships:request_answer", args=[recipient.pk]), {"text": "No allergies"})
    staff = _text(login(p.key_person).get(reverse("partnerships:request_detail", args=[req.pk])))
    assert "Peg Jones: No allergies" in staff and "answered by 1" in staff and "waiting" not in staff


def test_the_consent_form_has_two_labels(personas, login):
    p = personas
    _req, recipient = pf.request(p)
    form = login(p.mother).get(reverse("partnerships:request_answer", args=[recipient.pk])).context["form"]
    labels = [str(field.label) for field in form]
    assert labels == ["Do you give your consent?", "A note for the nursery (optional)"]
    assert len(set(labels)) == 2
