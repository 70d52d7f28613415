"""Where a form may send someone back to: `next`, only ever on this site."""

from urllib.parse import urlsplit

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str = "") -> str:
    """The posted (or query-string) `next` when it is a same-origin URL; else `fallback`.

    `https://evil.example/`, `//evil.example/`, `javascript:`, a plain-http URL on an https request and anything
    that is not a path on this site (a bare word such as `²`, which `redirect()` would try as a URL name) are refused.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (target.startswith("/") or urlsplit(target).netloc) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def redirect_to_next(request, fallback, *args, **kwargs):
    """A redirect to the safe `next`, or to `fallback` (a URL, a URL name with args, or a model)."""
    target = safe_next(request)
    if target:
        return HttpResponseRedirect(target)
    return redirect(fallback, *args, **kwargs)
