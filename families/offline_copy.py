"""Which pages a device may keep, to show without a connection (static/js/sw/offline.js keeps the last copy).

Only the pages someone needs when the wifi drops: home, the room board, the child's day and the forms the
board leads to. The copy lives in the service worker's cache on that device and is forgotten at log-out.
"""

from functools import wraps

HEADER = "Triangle-Offline-Copy"


def keep_offline_copy(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and not getattr(request, "htmx", False):
            response[HEADER] = "keep"
        return response

    return wrapped
