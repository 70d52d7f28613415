"""System checks for Triangle's own settings."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_IS_THROWAWAY", False):
        return [Error("SECRET_KEY is not set.", hint="Set SECRET_KEY in the environment (or DEBUG=1 for a demo).",
                      id="triangle.E001")]
    return []


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [Warning(
            "The cache is this process's own memory.",
            hint="Set CACHE_URL to a Redis that every web process shares. A child's day stamp (and what a page "
                 "keeps under it), the unread badges and the login limits live in the cache: with two processes "
                 "and a cache each, one would go on showing a child's day as it was before a write the other took.",
            id="triangle.W001")]
    return []
