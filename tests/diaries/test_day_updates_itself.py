"""The child's day updates without a reload (issue 15 point 5): the page polls with the stamp it last saw; while
nothing changed the server answers 204, and a new entry is drawn at the next poll. The photo form opens the camera."""

from django.urls import reverse

from diaries import services
from diaries.views import DAY_STAMP_HEADER

from .conftest import minutes_ago


def _poll(client, child, stamp=None):
    headers = {"HTTP_HX_REQUEST": "true"}
    if stamp:
        headers["HTTP_" + DAY_STAMP_HEADER.upper().replace("-", "_")] = stamp
    return client.get(reverse("diaries:child_day", args=[child.pk]), {"part": "timeline"}, **headers)


def test_a_poll_is_answered_with_nothing_until_an_entry_lands(personas, login, django_capture_on_commit_callbacks):
    mother = login(personas.mother)
    first = _poll(mother, personas.alfie)
    assert first.status_code == 200
    stamp = first[DAY_STAMP_HEADER]

    unchanged = _poll(mother, personas.alfie, stamp)
    assert unchanged.status_code == 204 and not unchanged.content

    with django_capture_on_commit_callbacks(execute=True):
        services.entry_create(child=personas.alfie, by=personas.key_person, kind="meal", what="Fish pie",
                              amount="most", occurred_at=minutes_ago(personas.setting, 5))
    changed = _poll(mother, personas.alfie, stamp)
    assert changed.status_code == 200 and "Fish pie" in changed.content.decode()
    assert changed[DAY_STAMP_HEADER] != stamp
    assert _poll(mother, personas.alfie, changed[DAY_STAMP_HEADER]).status_code == 204


def test_a_poll_from_someone_who_lost_access_is_refused_before_the_stamp(personas, login):
    stamp = _poll(login(personas.mother), personas.alfie)[DAY_STAMP_HEADER]
    assert _poll(login(personas.other_parent), personas.alfie, stamp).status_code == 404


def test_the_photo_form_opens_the_back_camera(personas, login):
    page = login(personas.key_person).get(reverse("diaries:photo_add", args=[personas.alfie.pk])).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page


def _asks_the_probe(client, child):
    """Whether reading the child's day asked which of its rarer records exist, and the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("diaries:child_day", args=[child.pk])).content.decode()
    return any('AS "has_accidents"' in q["sql"] for q in ctx.captured_queries), body


def test_a_day_read_again_keeps_which_records_it_has_until_one_is_written(
        personas, login, django_capture_on_commit_callbacks):
    """Which of the day's rarer records exist is asked once while nothing on the day changes; an accident
    written next shows on the very next read, before and after its transaction commits."""
    mother = login(personas.mother)
    asked, _ = _asks_the_probe(mother, personas.alfie)
    asked_again, body = _asks_the_probe(mother, personas.alfie)
    assert asked and not asked_again and "Bumped head" not in body
    services.accident_record(child=personas.alfie, by=personas.key_person, description="Bumped head",
                             first_aid="Cold compress", occurred_at=minutes_ago(personas.setting, 5))
    asked, body = _asks_the_probe(mother, personas.alfie)
    assert asked and "Bumped head" in body  # the write changed the stamp at once
    with django_capture_on_commit_callbacks(execute=True):
        services.accident_record(child=personas.alfie, by=personas.key_person, description="Pinched finger",
                                 first_aid="Checked", occurred_at=minutes_ago(personas.setting, 2))
    asked, body = _asks_the_probe(mother, personas.alfie)
    assert asked and "Bumped head" in body and "Pinched finger" in body
