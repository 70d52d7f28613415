"""Accidents and home observations keep the language they were typed in, as entries and comments do.

The key person writes an accident in Polish; the father reads Urdu. The father shares something from home in Urdu;
the key person reads English, replies in Polish. Each reader sees the typed words as typed, marked with their
language, and "written in ..." in their own language when it is another one.
"""

import importlib
import pkgutil
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

import diaries.migrations
from diaries import services as diary
from diaries.models import Accident, HomeObservation


def _speak(user, code):
    user.language = code
    user.save(update_fields=["language"])


def _told(reader, writer):
    with translation.override(reader):
        return translation.gettext("written in %(language)s") % {
            "language": translation.gettext({"pl": "Polish", "ur": "Urdu", "en-gb": "English"}[writer])}


@pytest.fixture
def polish_key_person_urdu_father(personas):
    _speak(personas.key_person, "pl")
    _speak(personas.father, "ur")
    _speak(personas.mother, "en-gb")
    return personas


def test_an_accident_keeps_its_writers_language_and_says_so_to_other_readers(polish_key_person_urdu_father, login):
    p = polish_key_person_urdu_father
    accident = diary.accident_record(child=p.alfie, by=p.key_person, occurred_at=timezone.now() - timedelta(minutes=5),
                                     description="Upadł w ogrodzie", location="Ogród", body_area="Kolano",
                                     first_aid="Zimny okład")
    assert Accident.objects.get(pk=accident.pk).written_in == "pl"
    url = reverse("diaries:accident_detail", args=[accident.pk])

    father = login(p.father).get(url).content.decode()
    assert '<html lang="ur" dir="rtl"' in father
    for typed in ("Upadł w ogrodzie", "Ogród", "Kolano", "Zimny okład"):
        assert f'lang="pl" dir="auto">{typed}</span>' in father, typed
    assert _told("ur", "pl") in father

    records = login(p.father).get(reverse("diaries:child_records", args=[p.alfie.pk])).content.decode()
    assert 'lang="pl" dir="auto">Upadł w ogrodzie</span>' in records and _told("ur", "pl") in records
    day = login(p.mother).get(reverse("diaries:child_day", args=[p.alfie.pk])).content.decode()
    assert 'lang="pl" dir="auto">Upadł w ogrodzie</span>' in day and _told("en-gb", "pl") in day

    writer = login(p.key_person).get(url).content.decode()  # the writer's own language: no "written in"
    assert 'lang="pl" dir="auto">Upadł w ogrodzie</span>' in writer and _told("pl", "pl") not in writer


def test_a_home_observation_and_its_reply_each_keep_their_writers_language(polish_key_person_urdu_father, login):
    p = polish_key_person_urdu_father
    observation = diary.home_observation_add(child=p.alfie, by=p.father, text="اس نے آج گنتی کی",
                                             observed_on=p.setting.today())
    assert observation.written_in == "ur"
    diary.home_observation_acknowledge(observation=observation, by=p.key_person, reply="Dziękujemy!")
    observation.refresh_from_db()
    assert observation.reply_written_in == "pl" and observation.staff_reply == "Dziękujemy!"
    diary.home_observation_acknowledge(observation=observation, by=p.manager)  # no reply: the reply stays the key
    observation.refresh_from_db()  # person's, in Polish
    assert observation.reply_written_in == "pl" and observation.staff_reply == "Dziękujemy!"

    records = reverse("diaries:child_records", args=[p.alfie.pk])
    mother = login(p.mother).get(records).content.decode()
    assert 'lang="ur" dir="auto">اس نے آج گنتی کی</span>' in mother and _told("en-gb", "ur") in mother
    assert 'lang="pl" dir="auto">Dziękujemy!</span>' in mother and _told("en-gb", "pl") in mother
    father = login(p.father).get(records).content.decode()
    assert 'lang="ur" dir="auto">اس نے آج گنتی کی</span>' in father and _told("ur", "ur") not in father
    assert _told("ur", "pl") in father


def _backfill():
    name = next(m.name for m in pkgutil.iter_modules(diaries.migrations.__path__)
                if m.name.endswith("_writers_language_on_accidents_and_observations"))
    return importlib.import_module(f"diaries.migrations.{name}").writers_language_from_their_account


def test_records_written_before_the_field_take_their_writers_account_language(polish_key_person_urdu_father):
    p = polish_key_person_urdu_father
    accident = diary.accident_record(child=p.alfie, by=p.key_person, occurred_at=timezone.now() - timedelta(minutes=5),
                                     description="Upadł", first_aid="Okład")
    observation = diary.home_observation_add(child=p.alfie, by=p.father, text="گنتی", observed_on=p.setting.today())
    diary.home_observation_acknowledge(observation=observation, by=p.key_person, reply="Dzięki")
    silent = diary.home_observation_add(child=p.alfie, by=p.father, text="خاموش", observed_on=p.setting.today())
    Accident.objects.update(written_in="")  # as stored before the field
    HomeObservation.objects.update(written_in="", reply_written_in="")

    _backfill()(apps, None)

    assert Accident.objects.get(pk=accident.pk).written_in == "pl"
    assert HomeObservation.objects.get(pk=observation.pk).written_in == "ur"
    assert HomeObservation.objects.get(pk=observation.pk).reply_written_in == "pl"
    assert HomeObservation.objects.get(pk=silent.pk).reply_written_in == ""  # no reply, no reply language
