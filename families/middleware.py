"""Per-request account rules: idle timeouts by role, and MFA for the people who can read safeguarding."""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from . import access


class SessionIdleTimeoutMiddleware:
    """Staff sessions end after a short idle time (shared tablets); families keep theirs longer.

    The idle window slides with use. It is pushed forward at most once a minute, so ordinary page views
    do not each write the session row.
    """

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            is_staff = access.staff_membership(user) is not None or user.is_superuser
            idle = settings.STAFF_SESSION_IDLE_SECONDS if is_staff else settings.FAMILY_SESSION_IDLE_SECONDS
            now = int(time.time())
            session = request.session
            if session.get_expiry_age() != idle or now - session.get("_idle_refreshed_at", 0) >= self.REFRESH_SECONDS:
                session.set_expiry(idle)
                session["_idle_refreshed_at"] = now
        return self.get_response(request)


def needs_mfa(user) -> bool:
    membership = access.staff_membership(user)
    return user.is_superuser or (membership is not None and (membership.is_manager or membership.is_dsl))


class RequireMfaForSafeguardingRolesMiddleware:
    """Managers, DSLs and superusers must set up TOTP before they can use anything else.

    allauth then asks them for a code at every login.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_MFA_FOR_MANAGERS_AND_DSLS
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and needs_mfa(user)
            and not user.authenticator_set.filter(type="totp").exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.get_full_path())
        return self.get_response(request)


class UserLanguageMiddleware:
    """Pages speak the person's own language: the one they chose on screen, else the one on their account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            try:
                language = translation.get_supported_language_variant(user.language)
            except LookupError:
                language = None  # an unknown code keeps the negotiated language
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class FirstRunMiddleware:
    """On an install with no setting, the first visit (the home page or the login page) leads to set-up.

    Only anonymous visits to those two pages ask the database, so signed-in pages pay nothing for it.
    """

    ENTRY_PATHS = ("/", "/accounts/login/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (request.method == "GET" and request.path in self.ENTRY_PATHS
                and (user is None or not user.is_authenticated)):
            from .first_run import setup_is_open

            if setup_is_open():
                return redirect("families:setup_start")
        return self.get_response(request)


class CurrentSettingMiddleware:
    """A person who works in two settings works in one at a time: the one chosen last (session), else the first.

    access.staff_membership() reads the choice from the user object, so every rule in access.py follows it.
    """

    SESSION_KEY = "current_setting_id"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            chosen = request.session.get(self.SESSION_KEY)
            if chosen is not None:
                access.choose_setting(user, chosen)
        return self.get_response(request)
