"""Friendly error pages in every mode: a visitor never sees Django's debug page, not even in the demo (DEBUG on).

With DEBUG off Django answers with templates/404.html and templates/500.html (and its plain 400 page). With DEBUG
on it shows technical pages instead (settings, traceback, every URL pattern); this middleware swaps those for the
same friendly pages. Django still logs and signals the error as usual. A developer who wants the technical pages
sets DEBUG_ERROR_PAGES=1.
"""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponseServerError
from django.urls import get_resolver, get_urlconf

log = logging.getLogger(__name__)

TECHNICAL_STATUSES = (400, 404, 500)  # the statuses Django answers with a debug page when DEBUG is on


def friendly_pages_replace_debug_pages() -> bool:
    return settings.DEBUG and not getattr(settings, "DEBUG_ERROR_PAGES", False)


def friendly_page(request, status: int):
    """The page the error handlers (templates/404.html, 500.html) give for `status`, as with DEBUG off."""
    resolver = get_resolver(get_urlconf())
    try:
        if status == 404:
            return resolver.resolve_error_handler(404)(request, exception=Http404(request.path))
        if status == 400:
            return resolver.resolve_error_handler(400)(request, exception=BadRequest(request.path))
        return resolver.resolve_error_handler(500)(request)
    except Exception:
        log.exception("The friendly %s page failed", status)
        if status != 500:
            return friendly_page(request, 500)
        return HttpResponseServerError("<h1>Server Error (500)</h1>")


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in TECHNICAL_STATUSES or not friendly_pages_replace_debug_pages():
            return response
        # A debug page is what Django makes of an exception (a view raised, no URL matched, a bad host met before
        # any view) and any 500. A view's own 400 or 404 page, rendered on purpose, stays as it is.
        raised = getattr(request, "_view_raised", False) or getattr(request, "resolver_match", None) is None
        if response.status_code != 500 and not raised:
            return response
        return friendly_page(request, response.status_code)

    def process_exception(self, request, exception):
        request._view_raised = True  # Django handles it as always (log, signal); __call__ swaps the page
        return None
