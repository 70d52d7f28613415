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
