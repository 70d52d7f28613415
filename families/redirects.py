"""Where a form may send someone back to: `next`, only ever on this site."""

from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str = "") -> str:
    """The posted (or query-string) `next` when it is a same-origin URL; else `fallback`.

    `https://evil.example/`, `//evil.example/`, `javascript:` and a plain-http URL on an https request are refused.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def redirect_to_next(request, fallback, *args, **kwargs):
    """A redirect to the safe `next`, or to `fallback` (a URL, a URL name with args, or a model)."""
    return redirect(safe_next(request) or resolve_url(fallback, *args, **kwargs))
