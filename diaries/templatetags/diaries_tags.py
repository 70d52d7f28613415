"""Template tags the shared hook partials use to show diary figures without touching other apps' views."""

from django import template
from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def diary_today_numbers(context):
    request = context.get("request")
    if request is None:
        return None
    return selectors.staff_today_numbers(viewer=request.user)


_ID_URLS = {}
_ID = "2147483647"


@register.simple_tag
def id_url(name, pk):
    """{% url name pk %} for a URL whose one argument is an id, reversed once per name and then filled in.

    The room board links each of its ~50 cards four or five times; reverse() was a fifth of its render time.
    Keyed by script prefix and URLconf, so a site mounted under a path or a test's URLconf gets its own.
    """
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    pattern = _ID_URLS.get(key)
    if pattern is None:
        pattern = _ID_URLS[key] = reverse(name, args=[_ID])
    return pattern.replace(_ID, str(int(pk)))


@register.filter(expects_localtime=True)
def hhmm(moment):
    """`moment|time:"H:i"` (in the current time zone) without the format machinery: a board shows ~150 times."""
    return moment.strftime("%H:%M") if moment else ""


CARD_TEMPLATE = "diaries/_board_card.html"
_CARDS = {}
_CARDS_MAX = 2000


def _row_key(row):
    """Everything a board row holds: its counts and flags, and every loaded field of its records."""
    key = []
    for value in vars(row).values():
        if isinstance(value, models.Model):
            key.append((type(value), *(v for k, v in vars(value).items() if k[0] != "_")))
        else:
            key.append(value)
    return tuple(key)


@register.simple_tag(takes_context=True)
def board_card(context, row):
    """One card of the room board, rendered by templates/diaries/_board_card.html and remembered.

    A card shows nothing but its row (diaries.selectors.BoardRow, loaded fields only), whether it is ticked,
    the reader's language, the setting's time zone and its links, so its HTML is kept under exactly those
    (per process, bounded) and the board, which refreshes every minute on every room tablet, renders only the
    cards that changed. Rendering all 50 cards through the template each time cost 2.5x the Python-built
    cards it replaced (docs/diaries.md, "Speed").
    """
    template = context.template.engine.get_template(CARD_TEMPLATE)
    key = (id(template), get_language(), context["board"].room.setting.timezone, row.child.pk in context.get("ticked", ()),
           get_script_prefix(), get_urlconf(), _row_key(row))
    try:
        html = _CARDS.get(key)
    except TypeError:  # a value that cannot be a key: render without remembering
        key, html = None, None
    if html is None:
        with context.push(row=row):
            html = template.render(context)
        if key is not None:
            if len(_CARDS) >= _CARDS_MAX:
                _CARDS.clear()
            _CARDS[key] = html
    return html
