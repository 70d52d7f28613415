"""System checks for Triangle's own settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_IS_THROWAWAY", False):
        return [Error("SECRET_KEY is not set.", hint="Set SECRET_KEY in the environment (or DEBUG=1 for a demo).",
                      id="triangle.E001")]
    return []
