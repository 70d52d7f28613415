"""Headers every response needs: Permissions-Policy everywhere; no-store on whatever a signed-in person sees.

A shared tablet's browser must not keep pages full of child data, and a photo must stop showing the moment
its viewer loses access: nothing served to a signed-in person (pages, CSV, photos) may be stored by a
browser or a proxy. Static files are served by WhiteNoise before this middleware and keep their long cache.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def permissions_policy_header(policy: dict) -> str:
    return ", ".join(f"{feature}={allow}" for feature, allow in policy.items())


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "Cache-Control" in response:
                del response["Cache-Control"]  # no view may loosen this (photos used to say max-age=3600)
            add_never_cache_headers(response)
        return response
