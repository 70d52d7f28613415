"""Load-balancer probes. /healthz: the process answers (no database, no network). /readyz: it can work."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
PROBE_PATHS = ("/healthz", "/readyz")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    cache.set("triangle:readyz", "1", 10)
    if cache.get("triangle:readyz") != "1":
        raise RuntimeError("cache did not keep a value")


def _broker():
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Each dependency: "ok" or "failing". Details go to the log, never to the anonymous caller."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # noqa: BLE001  (any failure means "not ready")
            log.exception("readyz: %s failing", name)
            results[name] = "failing"
    ready = all(v == "ok" for v in results.values())
    return JsonResponse({"status": "ok" if ready else "failing", **results}, status=200 if ready else 503)


class ProbeMiddleware:
    """First in the chain: probes skip the HTTPS redirect and the host check (a load balancer calls them by
    address over plain HTTP), and sessions, auth and language never run for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        if request.path_info == "/readyz":
            return readyz(request)
        return self.get_response(request)
