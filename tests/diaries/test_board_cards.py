"""The room board's cards: one template renders a card, the board renders only the cards that changed.

templates/diaries/_board_card.html is the one home of a card's markup; the `board_card` tag keeps each
card's HTML under everything it shows (diaries/templatetags/diaries_tags.py), so a board refresh with
nothing new renders no card, and a change to anything a card shows is on the next board.
"""

from django.conf import settings
from django.test.signals import template_rendered
from django.urls import reverse

from diaries import services
from diaries.templatetags import diaries_tags

from .conftest import minutes_ago

CARD = "diaries/_board_card.html"


class Rendered:
    def __init__(self):
        self.names = []

    def __call__(self, sender, template, context, **kwargs):
        self.names.append(template.name)

    def __enter__(self):
        template_rendered.connect(self)
        return self

    def __exit__(self, *exc):
        template_rendered.disconnect(self)


def _cards(response):
    """The board's cards (CSRF tokens elsewhere on the page differ on every response)."""
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="row g-2 board-grid"')
    return html[start:html.index("</form>", start)]


def _board(client, personas, **headers):
    return _cards(client.get(reverse("diaries:room_board", args=[personas.toddlers.pk]), **headers))


def test_an_unchanged_board_renders_no_card_and_a_change_shows_at_once(personas, login, checked_in):
    diaries_tags._CARDS.clear()
    client = login(personas.key_person)
    with Rendered() as first:
        board = _board(client, personas, HTTP_HX_REQUEST="true")
    assert first.names.count(CARD) == 1 and "here since" in board and "Fish pie" not in board
    with Rendered() as again:
        assert _board(client, personas, HTTP_HX_REQUEST="true") == board
    assert CARD not in again.names

    services.entry_create(child=personas.alfie, by=personas.key_person, kind="meal", what="Fish pie",
                          amount="most", occurred_at=minutes_ago(personas.setting, 5))
    with Rendered() as after:
        board = _board(client, personas, HTTP_HX_REQUEST="true")
    assert after.names.count(CARD) == 1
    assert "Fish pie — Most" in board and "Day (1)" in board


def test_a_card_is_kept_per_language_and_tick(personas, login, checked_in):
    client = login(personas.key_person)
    english = _board(client, personas)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    polish = _board(client, personas)
    assert "Check out" in english and "Check out" not in polish and "Wyjście" in polish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _board(client, personas) == english
    # a quick entry with an error answers with the board, Alfie still ticked; the same card unticked otherwise
    response = client.post(reverse("diaries:board_quick_entry", args=[personas.toddlers.pk]),
                           {"kind": "meal", "time": "not a time", "child": [personas.alfie.pk]},
                           HTTP_HX_REQUEST="true")
    ticked = f'id="tick-{personas.alfie.pk}" checked'
    assert ticked in _cards(response) and ticked not in _board(client, personas)


def _record_reads(client, personas):
    """The board's reads of the children's attendance (one per board read that needed any), and the cards."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        board = _board(client, personas)
    return [q["sql"] for q in ctx.captured_queries if 'FROM "diaries_attendance"' in q["sql"]], board


def test_a_board_read_again_reads_only_the_children_something_was_written_for(personas, login, checked_in):
    from tests import factories as f

    bob = f.ChildFactory(setting=personas.setting, room=personas.toddlers, preferred_name="Bob")
    client = login(personas.key_person)
    reads, _board_html = _record_reads(client, personas)
    assert len(reads) == 1
    reads, _board_html = _record_reads(client, personas)
    assert reads == []  # nothing written: every card's records are kept

    services.absence_report(child=bob, by=personas.key_person, day=personas.setting.today(), reason="ill")
    reads, board = _record_reads(client, personas)
    assert len(reads) == 1 and str(bob.pk) in reads[0] and str(personas.alfie.pk) not in reads[0]
    assert "here since" in board and "off today: ill" in board  # Alfie's card kept (still in), Bob's absence new
    assert _record_reads(client, personas)[0] == []
