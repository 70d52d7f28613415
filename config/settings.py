"""Triangle settings. Everything that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

from config.storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Django's technical 404/500 pages, for a developer only: with DEBUG on a visitor still gets the friendly ones.
DEBUG_ERROR_PAGES = env.bool("DEBUG_ERROR_PAGES", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
# Offline commands (makemigrations, collectstatic, tests of tooling) may run without a key: they get a
# throwaway one. Serving never does: config/wsgi.py and `check --deploy` refuse it (families/checks.py).
SECRET_KEY_IS_THROWAWAY = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    import secrets

    SECRET_KEY = (
        "triangle-local-demo-key-not-for-production-" + "x" * 20 if DEBUG
        else "throwaway-" + secrets.token_urlsafe(50)
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The demo serves http://127.0.0.1:8000 (run_demo sets SITE_URL to whatever address it serves).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "csp",
    "families",
    "diaries",
    "partnerships",
    "notifications",
    "reports",
    "dataprotection",
    "enrolment",
    "ops",
]

MIDDLEWARE = [
    "ops.requestid.RequestIdMiddleware",
    "ops.health.ProbeMiddleware",  # /healthz and /readyz answer before anything else (ops/health.py)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files keep their long cache), above the rest: every other response, redirects
    # and refusals included, gets Permissions-Policy and, for a signed-in person, no-store.
    "families.headers.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # With DEBUG on (the demo) the friendly 404 and 500 pages stand in for Django's debug pages (ops/errors.py).
    "ops.errors.FriendlyErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "families.middleware.CurrentSettingMiddleware",
    "families.middleware.FirstRunMiddleware",
    "families.middleware.UserLanguageMiddleware",
    "families.middleware.SessionIdleTimeoutMiddleware",
    "families.middleware.RequireMfaForSafeguardingRolesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "families.context_processors.viewer",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'triangle.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (a new PostgreSQL connection costs ~8 ms a request here), checked before reuse so a
# restarted database does not break the first request after it. CONN_MAX_AGE=0 goes back to one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo's web process and Celery worker share the file without lock errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # The report's covering index (diaries.Handover) is PostgreSQL's; on the demo's SQLite it is a plain index.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://triangle")}
# A Redis that is away reads as an empty cache instead of failing the page (ops/cache.py).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "ops.cache.TolerantRedisCache"

AUTH_USER_MODEL = "families.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Workers started by the live tests hash as the in-process suite does (tests/conftest.py); only ever with DEBUG on.
if DEBUG and env.bool("FAST_PASSWORD_HASHING_FOR_TESTS", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "families:home"

# --- django-allauth: email + password, no open sign-up (see families/adapters.py) ---
ACCOUNT_ADAPTER = "families.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # keep this session; Django's session hash ends the others
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
# Wrong passwords: 10 a minute per address, and 5 in 5 minutes per account *from one address* (the key is
# account + address, families/adapters.py), so a stranger cannot lock a manager or DSL out of their day.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "first_run_setup": env.str("SETUP_RATE_LIMIT", default="10/10m/ip"),  # the one-time set-up code's page
}
# A password reset for an address with no account sends nothing; the page says the same either way.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Behind a load balancer the connecting address is the balancer's: rate limits would then count every
# family and member of staff as one client. Set how many proxies you run (each appends to X-Forwarded-For),
# or the header your proxy sets with the client's address (e.g. X-Real-IP). Never trust more than you run:
# a client can write anything into the left of X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Triangle"
# allauth refuses TOTP set-up while an address it holds is "unverified", so as to stop someone who signed up with
# another person's address. Here nobody signs up: every account comes from an invitation emailed to its address,
# and ACCOUNT_EMAIL_VERIFICATION is "none", so allauth's rows are never verified. Without this, a manager who used
# a password reset link (which records the address, unverified) could never set up the TOTP they must have.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Idle time before a session ends: short for staff on shared tablets, longer for families on their phones.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
FAMILY_SESSION_IDLE_SECONDS = env.int("FAMILY_SESSION_IDLE_SECONDS", default=14 * 24 * 3600)
REQUIRE_MFA_FOR_MANAGERS_AND_DSLS = env.bool("REQUIRE_MFA_FOR_MANAGERS_AND_DSLS", default=True)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- i18n: every user-facing string goes through gettext ---
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", _("English")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("ur", _("Urdu")),
    ("bn", _("Bengali")),
    ("pa", _("Punjabi")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploaded photos of children never sit under the static root: they are served only by access-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "private-media"))
MEDIA_URL = "/private-media/"  # never routed; views stream files after an access check
# With MEDIA_STORAGE_URL (or AWS_STORAGE_BUCKET_NAME) uploads go to a private S3-compatible bucket instead, so
# every web machine serves every photo (config/storage.py, docs/operations.md).
STORAGES = {
    "default": media_storage(lambda name: env.str(name, default="")),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=8 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024

# --- email ---
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Triangle <no-reply@triangle.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- security (manage.py check --deploy passes with DEBUG off) ---
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files; no inline script,
# no inline style, no eval. The report charts are server-rendered SVG whose colours are presentation
# attributes (fill=), which style-src does not govern. img-src allows data: for Bootstrap's own icons
# (form-select arrow, close button, navbar toggler are data: SVGs in its CSS) and allauth's TOTP QR code.
# Nonces: a <script> that must be inline carries nonce="{{ request.csp_nonce }}" (none does today).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],  # the nonce appears only on a response that used one
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# Features no page uses are switched off; the camera stays available to our own pages (photo capture).
PERMISSIONS_POLICY = {
    "camera": "(self)", "microphone": "()", "geolocation": "()", "payment": "()", "usb": "()",
    "serial": "()", "hid": "()", "midi": "()", "magnetometer": "()", "gyroscope": "()",
    "accelerometer": "()", "display-capture": "()",
}

# --- Celery ---
# The embedded default is a broker kept in files under var/, so the demo's reminders run with no server.
_embedded_broker_dir = VAR_DIR / "celery-broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (_embedded_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_embedded_broker_dir / "out"),
        "data_folder_out": str(_embedded_broker_dir / "out"),
        "processed_folder": str(_embedded_broker_dir / "processed"),
        "control_folder": str(_embedded_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # ETAs must stay below this, or Redis hands the message to a second worker (see partnerships tasks).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "families-expire-invitations": {
        "task": "families.tasks.expire_old_invitations",
        "schedule": timedelta(minutes=15),
    },
}

# Sessions live in PostgreSQL: any web process serves any session, and neither a lost process nor a Redis
# restart logs anyone out (the scale-out test checks both).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- logs: JSON lines in production (one object per line, with the request id), plain text with DEBUG ---
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per request (method, path, status, duration_ms, user_id); runserver prints its own with DEBUG.
        "triangle.request": {"level": "INFO" if env.bool("ACCESS_LOG", default=not DEBUG) else "WARNING"},
    },
}
# With JSON logs, Celery workers and beat log through the same handlers instead of their own format (their
# level is then LOG_LEVEL, not `-l`). Plain-text runs (demo, tests, benches) keep Celery's own set-up.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# --- error reporting: Sentry's SDK when SENTRY_DSN is set (ops/sentry.py) ---
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from ops import sentry

    sentry.init(SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default=""),
                release=env.str("SENTRY_RELEASE", default=""),
                traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0))

# Each app adds its own settings below, in a block of its own (diaries, partnerships, notifications, reports).

# --- notifications (notifications; docs/notifications.md) ---
# The outbox sweep hands due rows to workers every NOTIFICATIONS_SWEEP_SECONDS; retries come back through
# the outbox (due_at), never as long Celery ETAs, so nothing waits in Redis past its visibility timeout.
NOTIFICATIONS_SWEEP_SECONDS = env.float("NOTIFICATIONS_SWEEP_SECONDS", default=60)
NOTIFICATIONS_SOURCES_SECONDS = env.float("NOTIFICATIONS_SOURCES_SECONDS", default=300)
# A sending claim, renewed just before each email/SMS: must outlast one send (notifications.E001, checks.py).
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=300)
NOTIFICATIONS_QUEUE_LEASE_SECONDS = env.int("NOTIFICATIONS_QUEUE_LEASE_SECONDS", default=600)  # swept, not yet claimed
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=100)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
NOTIFICATIONS_SMS_BACKEND = env.str("NOTIFICATIONS_SMS_BACKEND", default="notifications.sms.LogSmsBackend")
NOTIFICATIONS_KICK_ON_COMMIT = env.bool("NOTIFICATIONS_KICK_ON_COMMIT", default=True)
# Tests and the benchmark give their workers a queue of their own, so parallel runs on one Redis never mix.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# An SMTP call must give up well inside the sending lease, or a slow send could be reclaimed and repeated.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=30)  # per SMTP reply; one email waits for up to 5
NOTIFICATIONS_SMS_TIMEOUT = env.float("NOTIFICATIONS_SMS_TIMEOUT", default=10)  # an SMS backend gives up by then
# Web Push (notifications/push.py): `manage.py push_keys` makes the VAPID pair. Without both keys push is not offered.
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="")  # mailto: or https: contact; default: DEFAULT_FROM_EMAIL
NOTIFICATIONS_PUSH_TIMEOUT = env.float("NOTIFICATIONS_PUSH_TIMEOUT", default=5)  # per device (connect, then read)
NOTIFICATIONS_PUSH_TTL = env.int("NOTIFICATIONS_PUSH_TTL", default=24 * 3600)  # kept that long for a phone that is off
# The only push services the server posts to (a subscription elsewhere is refused): the browsers' own.
NOTIFICATIONS_PUSH_SERVICES = env.list("NOTIFICATIONS_PUSH_SERVICES", default=[
    "https://fcm.googleapis.com", "https://*.push.services.mozilla.com", "https://*.push.apple.com",
    "https://*.notify.windows.com",
])
CELERY_BEAT_SCHEDULE.update({
    "notifications-sweep": {
        "task": "notifications.tasks.sweep_due",
        "schedule": timedelta(seconds=NOTIFICATIONS_SWEEP_SECONDS),
        "options": {"expires": max(NOTIFICATIONS_SWEEP_SECONDS - 1, 1)},
    },
    "dataprotection-daily": {
        "task": "dataprotection.tasks.daily_data_protection",
        "schedule": timedelta(days=1),
    },
    "notifications-reminder-sources": {
        "task": "notifications.tasks.run_reminder_sources",
        "schedule": timedelta(seconds=NOTIFICATIONS_SOURCES_SECONDS),
        "options": {"expires": max(NOTIFICATIONS_SOURCES_SECONDS - 1, 1)},
    },
})
if not CELERY_BROKER_URL.startswith("filesystem://"):
    # How often Redis gives back messages a dead worker took (after visibility_timeout). Tests shorten both.
    CELERY_BROKER_TRANSPORT_OPTIONS.update({
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    })

# --- reports ---
# A family with no two-way contact for this many days is listed as overlooked.
REPORTS_OVERLOOKED_DAYS = env.int("REPORTS_OVERLOOKED_DAYS", default=14)
# The longest custom period a report covers (2 years).
REPORTS_MAX_PERIOD_DAYS = 731
# PostgreSQL's JIT compiler spends 100-300 ms compiling the report's grouped UNION queries, several times
# what they take to run; web pages never gain from it. Off for this app's connections (an override in
# DATABASE_URL's own "options" wins).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# The dashboard's figures are kept this long per staff member and choice of scope/period (0: always fresh).
REPORTS_CACHE_SECONDS = env.int("REPORTS_CACHE_SECONDS", default=120)
