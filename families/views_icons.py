"""Browsers ask for /favicon.ico on every page whatever the HTML says: send them to the static icon."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def favicon(request):
    return redirect(static("icons/favicon.ico"), permanent=True)
