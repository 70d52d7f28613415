"""Template tags the shared hook partials use to show diary figures without touching other apps' views."""

from django import template
from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
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
ENTRY_TEMPLATE = "diaries/_timeline_entry.html"
_CARDS = {}  # rendered fragments (board cards and timeline entries) under everything they show, per process
_CARDS_MAX = 2000
_CSRF = "triangle-csrf-token-placeholder"


def _fields(value, depth=0):
    """A model object's loaded fields (its annotations too) and, `depth` levels down, the related objects and
    prefetched lists it carries: everything a fragment rendered from it can show."""
    if not isinstance(value, models.Model):
        return value
    key = (type(value), *(v for k, v in vars(value).items() if k[0] != "_"))
    if depth:
        key += tuple((name, _fields(related, depth - 1)) for name, related in sorted(value._state.fields_cache.items()))
        key += tuple((name, tuple(_fields(item, depth - 1) for item in items))
                     for name, items in sorted(getattr(value, "_prefetched_objects_cache", {}).items()))
    return key


def _row_key(row):
    """Everything a board row holds: its counts and flags, and every loaded field of its records."""
    return tuple((type(value), *(v for k, v in vars(value).items() if k[0] != "_"))
                 if isinstance(value, models.Model) else value for value in vars(row).values())


def _remembered(context, name, key, render):
    """The fragment `name` rendered by `render(template)`, kept under `key` plus what every fragment depends on
    (the template, the reader's language and time zone, the URL prefix and URLconf)."""
    template = context.template.engine.get_template(name)
    key = (id(template), get_language(), timezone.get_current_timezone_name(), get_script_prefix(), get_urlconf(),
           *key)
    try:
        html = _CARDS.get(key)
    except TypeError:  # a value that cannot be a key: render without remembering
        key, html = None, None
    if html is None:
        html = render(template)
        if key is not None:
            if len(_CARDS) >= _CARDS_MAX:
                _CARDS.clear()
            _CARDS[key] = html
    return html


@register.simple_tag(takes_context=True)
def board_card(context, row):
    """One card of the room board, rendered by templates/diaries/_board_card.html and remembered.

    A card shows nothing but its row (diaries.selectors.BoardRow, loaded fields only), whether it is ticked,
    the reader's language, the setting's time zone and its links, so its HTML is kept under exactly those
    (per process, bounded) and the board, which refreshes every minute on every room tablet, renders only the
    cards that changed. Rendering all 50 cards through the template each time cost 2.5x the Python-built
    cards it replaced (docs/diaries.md, "Speed").
    """
    def render(template):
        with context.push(row=row):
            return template.render(context)

    key = (context["board"].room.setting.timezone, row.child.pk in context.get("ticked", ()), _row_key(row))
    return _remembered(context, CARD_TEMPLATE, key, render)


@register.simple_tag(takes_context=True)
def timeline_entry(context, entry):
    """One entry of a child's day with its comment thread (templates/diaries/_timeline_entry.html), remembered.

    The entry shows its loaded fields, its author, photo and comments (with their authors), whether the
    reader is staff and may comment, and the reader's language and time zone: its HTML is kept under exactly
    those, so a busy day read again renders only the entries that changed. The comment form's CSRF token is
    per request: the kept HTML holds a placeholder, filled in on every page.
    """
    if context.get("comment_errors"):  # a comment sent back with its error is not kept
        with context.push(entry=entry):
            return context.template.engine.get_template(ENTRY_TEMPLATE).render(context)
    access = context["d"].access

    def render(template):
        with context.push(entry=entry, csrf_token=_CSRF):
            return template.render(context)

    key = (access.is_staff, access.can_contribute, context.get("comment_max"), _fields(entry, depth=2))
    html = _remembered(context, ENTRY_TEMPLATE, key, render)
    return mark_safe(html.replace(_CSRF, str(context.get("csrf_token", "")))) if _CSRF in html else html
