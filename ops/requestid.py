"""A request id for every log line: the proxy's X-Request-ID when it is sane, else a fresh one."""

import contextvars
import logging
import re
import time
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
HEADER = "HTTP_X_REQUEST_ID"
_SAFE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

QUIET_PATHS = ("/healthz", "/readyz")

access_log = logging.getLogger("triangle.request")


def incoming_or_new(value: str | None) -> str:
    return value if value and _SAFE.match(value) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (Celery and commands log "-")."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return True


class RequestIdMiddleware:
    """Sets the id for the request's log lines, answers with it, and writes one access line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_or_new(request.META.get(HEADER))
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if request.path_info in QUIET_PATHS and response.status_code == 200:
                return response  # the load balancer's probes every few seconds would drown the log
            user = getattr(request, "user", None)
            access_log.info(
                "%s %s %s", request.method, request.path, response.status_code,
                extra={"method": request.method, "path": request.path, "status": response.status_code,
                       "duration_ms": round((time.monotonic() - started) * 1000, 1),
                       "user_id": user.pk if user is not None and user.is_authenticated else None},
            )
            return response
        finally:
            REQUEST_ID.reset(token)
