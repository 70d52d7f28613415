"""Limits a nursery would expect (issue 9, point 4): text caps with a counter, one-line names, sane dates."""

from datetime import timedelta

import pytest
from django.urls import reverse

from diaries.models import EntryComment, HomeObservation
from families.models import Child
from partnerships.models import ProgressCheck

from .test_family_forms import _child_data

pytestmark = pytest.mark.django_db


def test_a_newline_in_a_childs_name_is_refused_next_to_the_field(personas, login):
    response = login(personas.manager).post(reverse("families:child_create"),
                                            _child_data(personas, legal_first_name="Zara\nBcc: x@example.test"))
    assert response.status_code == 200
    assert "no line breaks" in str(response.context["form"].errors["legal_first_name"])
    assert not Child.objects.filter(legal_last_name="Khan").exists()


def test_a_megabyte_home_observation_is_refused_and_kept_in_the_box(personas, login):
    text = "We counted " * 100_000
    response = login(personas.mother).post(reverse("diaries:home_observation_add", args=[personas.alfie.pk]), {
        "observed_on": personas.setting.today().isoformat(), "text": text})
    assert response.status_code == 200
    error = str(response.context["form"].errors["text"])
    assert "Keep this to 5000 characters" in error and "Nothing was saved yet" in error
    assert text[:200] in response.content.decode()  # what the parent wrote is still there
    assert not HomeObservation.objects.exists()


def test_a_parents_textarea_carries_a_counter_and_no_maxlength(personas, login):
    page = login(personas.mother).get(reverse("diaries:home_observation_add", args=[personas.alfie.pk]))
    html = page.content.decode()
    assert 'data-maxlength="5000"' in html and "js/counter.js" in html
    assert 'maxlength="5000"' not in html.replace('data-maxlength="5000"', "")


def test_fields_added_in_a_forms_init_are_capped_too(personas, login):
    url = reverse("partnerships:progress_check_add", args=[personas.alfie.pk])
    page = login(personas.key_person).get(url)
    form = page.context["form"]
    assert all(f.max_length for name, f in form.fields.items() if name.endswith(("going_well", "next_steps")))
    before = ProgressCheck.objects.count()
    data = {name: "" for name in form.fields} | {"cl_going_well": "x" * 6000}
    response = login(personas.key_person).post(url, data)
    assert response.status_code == 200 and ProgressCheck.objects.count() == before


def test_a_comment_over_the_cap_says_so(personas, login):
    from django.utils import timezone

    from diaries.models import DiaryEntry

    entry = DiaryEntry.objects.create(child=personas.alfie, day=personas.setting.today(), kind="note",
                                      occurred_at=timezone.now() - timedelta(minutes=5), text="Painted",
                                      author=personas.key_person)
    client = login(personas.mother)
    response = client.post(reverse("diaries:comment_add", args=[entry.pk]), {"text": "Lovely! " * 300},
                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "A comment can be up to 2000 characters; this one has 2399" in html  # stripped of its last space
    assert "Write your comment before sending" not in html and "Lovely! Lovely!" in html
    assert not EntryComment.objects.exists()


def test_a_far_date_is_refused_next_to_the_field(personas, login):
    response = login(personas.mother).post(reverse("diaries:home_observation_add", args=[personas.alfie.pk]), {
        "observed_on": "0001-01-01", "text": "Hello"})
    assert "Choose a date between" in str(response.context["form"].errors["observed_on"])
