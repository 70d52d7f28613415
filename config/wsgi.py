import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after setup, so settings are loaded)

if settings.SECRET_KEY_IS_THROWAWAY:
    # A server must never sign sessions with a key that changes on every start.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a local demo) before serving.")

from families.first_run import log_setup_code_at_start  # noqa: E402

log_setup_code_at_start()  # an empty install shows its one-time set-up code in the server log

import gc  # noqa: E402

# Everything loaded at start-up (Django, the apps, the URLconf, the templates' libraries) lives as long as the
# worker: freeze it, so the garbage collector stops walking it on every collection during a request.
gc.collect()
gc.freeze()
