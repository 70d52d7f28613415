"""A child's day renders each entry once: templates/diaries/_timeline_entry.html, kept by the `timeline_entry` tag.

A busy day read again renders no entry through the template; anything an entry shows (a comment, an amendment, a
retraction, who reads it, their language) is on the next page at once; the comment form's CSRF token is this
request's, so a comment sent from a kept entry is taken.
"""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from diaries import services
from diaries.models import EntryComment
from diaries.templatetags import diaries_tags

from .conftest import minutes_ago
from .test_board_cards import Rendered

ENTRY = "diaries/_timeline_entry.html"


def _day(client, personas):
    response = client.get(reverse("diaries:child_day", args=[personas.alfie.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _timeline(html):
    start = html.index('<ol class="timeline"')
    # the comment forms' CSRF tokens differ on every response
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html[start:html.index("</ol>", start)])


def _meal(personas, what="Fish pie"):
    return services.entry_create(child=personas.alfie, by=personas.key_person, kind="meal", what=what,
                                 amount="most", occurred_at=minutes_ago(personas.setting, 5))


def test_a_day_read_again_renders_no_entry_and_a_change_shows_at_once(personas, login):
    diaries_tags._CARDS.clear()
    meal = _meal(personas)
    _meal(personas, "Toast")
    mother = login(personas.mother)
    with Rendered() as first:
        day = _timeline(_day(mother, personas))
    assert first.names.count(ENTRY) == 2 and "Fish pie" in day and "Toast" in day
    with Rendered() as again:
        assert _timeline(_day(mother, personas)) == day
    assert ENTRY not in again.names

    services.comment_add(entry=meal, by=personas.key_person, text="She asked for more")
    with Rendered() as after:
        day = _timeline(_day(mother, personas))
    assert after.names.count(ENTRY) == 1  # only the entry with the new comment
    assert "She asked for more" in day and "Toast" in day

    meal.refresh_from_db()
    services.entry_retract(entry=meal, by=personas.key_person, version=meal.version, reason="wrong child")
    assert "Fish pie" not in _timeline(_day(mother, personas))  # a family never sees a retracted entry
    staff_day = _timeline(_day(login(personas.key_person), personas))
    assert "wrong child" in staff_day and "Fish pie" in staff_day


def test_an_entry_is_kept_per_reader_and_language(personas, login):
    _meal(personas)
    staff_day = _timeline(_day(login(personas.key_person), personas))
    mother = login(personas.mother)
    family_day = _timeline(_day(mother, personas))
    # staff change and retract entries; the family reads and comments
    assert "retract" in staff_day and "retract" not in family_day and "Fish pie" in family_day
    mother.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    polish = _timeline(_day(mother, personas))
    assert polish != family_day and "Fish pie" in polish and "Most" not in polish
    mother.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _timeline(_day(mother, personas)) == family_day


def test_a_comment_from_a_kept_entry_carries_this_requests_token(personas):
    meal = _meal(personas)
    mother = Client(enforce_csrf_checks=True)
    mother.force_login(personas.mother)
    _day(mother, personas)  # the entry is kept now
    html = _day(mother, personas)
    form = html[html.index(f'id="thread-{meal.pk}"'):]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert "placeholder" not in token
    response = mother.post(reverse("diaries:comment_add", args=[meal.pk]),
                           {"text": "Thank you!", "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert EntryComment.objects.filter(entry=meal, text="Thank you!").exists()
