"""Triangle as an installable app: the service worker at the site root, the web app manifest, the offline page.

All three are open to anyone (the browser fetches the manifest without cookies, and a service worker is
installed before anyone logs in); none of them says anything about anybody.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What the service worker keeps from its install on, so the offline page and the kept pages have their look
# and behaviour without a connection. Hashed names in production: a new release is a new service worker.
PRECACHED_STATIC = [
    "vendor/bootstrap.min.css", "vendor/bootstrap.rtl.min.css", "css/triangle.css", "css/diaries.css",
    "vendor/htmx.min.js", "vendor/bootstrap.bundle.min.js", "js/counter.js", "js/forms.js", "js/triangle.js",
    "js/offline.js", "js/outbox.js", "icons/icon.svg", "icons/icon-192.png", "icons/favicon.ico",
]
# The service worker's own parts (static/js/sw/), imported in this order when they exist: push.js (Web Push,
# notifications) is added by another change and joins in as soon as it is there.
WORKER_PARTS = ["js/sw/offline.js", "js/sw/push.js"]
THEME_COLOUR = "#2f5d62"


def _worker_parts():
    return [static(part) for part in WORKER_PARTS if finders.find(part)]


@login_not_required
@require_GET
def service_worker(request):
    """/service-worker.js: served from the root so its scope is the whole site."""
    parts = _worker_parts()
    precache = [static(name) for name in PRECACHED_STATIC]
    offline_url = reverse("offline")
    version = hashlib.sha256(json.dumps([parts, precache, offline_url]).encode()).hexdigest()[:12]
    config = {"version": version, "precache": precache, "offlineUrl": offline_url}
    body = (f"// Triangle's service worker: its parts are in static/js/sw/.\n"
            f"self.TRIANGLE = {json.dumps(config)};\n"
            f"importScripts({', '.join(json.dumps(p) for p in parts)});\n")
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker at most daily anyway; no-cache makes each check reach the server.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def _manifest_language(request):
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return translation.get_language()


@login_not_required
@require_GET
def web_manifest(request):
    """The web app manifest in the reader's language (?lang=, which base.html sets: the browser sends no cookie)."""
    language = _manifest_language(request)
    with translation.override(language):
        manifest = {
            "id": "/",
            "name": "Triangle",
            "short_name": "Triangle",
            "description": _("Your child's day at nursery, and the nursery's day with your child."),
            "lang": language,
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
            "start_url": reverse("families:home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOUR,
            "icons": [
                {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
                {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
                {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        }
    response = JsonResponse(manifest, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
@require_GET
def offline(request):
    """What the service worker shows for a page it has no copy of when there is no connection."""
    # Kept on the device for anyone who uses it offline: it never shows who was signed in when it was fetched.
    return render(request, "app/offline.html", {"user": AnonymousUser(), "offline_page": True})
