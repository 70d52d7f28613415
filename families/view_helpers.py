"""The view plumbing every app shares: run a service for a form, one-button POSTs, form pages, refusals.

Services raise ValidationError for bad input (shown on the form or as a message, nothing saved) and
`families.access.NotAllowed` when the person may not do this at all. Views never catch NotAllowed: the
403 handler below answers it with the same 404 as a missing page (DESIGN section 3).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import get_resolver, reverse
from django.utils.translation import gettext as _
from django.views import defaults

from .access import NotAllowed


def apply_service(form, write):
    """Run a service for a valid form; put its validation errors on the form. Returns the result or None."""
    if not form.is_valid():
        return None
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def handle(request, form, write, success, redirect_to, *, flash=True):
    """POST: run the service via the form; on success flash and redirect. Returns a response or None.

    `success` is the message (default "Saved.") and `redirect_to` a URL name or path; either may be a function
    of what the service returned (the new record: its page, how many it reached). `flash=False`: no message.
    """
    if request.method != "POST":
        return None
    result = apply_service(form, write)
    if not result:
        return None
    if flash:
        messages.success(request, (success(result) if callable(success) else success) or _("Saved."))
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def url_of(name):
    """A `redirect_to` for `handle`: the page `name` of the record the service returned."""
    return lambda record: reverse(name, args=[record.pk])


def post_only_service(request, write, success, redirect_to):
    """For one-button POSTs: a ValidationError becomes an error message on the page we return to."""
    try:
        write()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(redirect_to)


def form_page(request, form, title, child=None, intro="", back=None, template="partnerships/form_page.html",
              **extra):
    """A page with one form on it. `back` is a URL or a (URL name, *args) tuple."""
    if isinstance(back, tuple):
        back = reverse(back[0], args=back[1:])
    return render(request, template, {"form": form, "title": title, "child": child, "intro": intro, "back": back,
                                      **extra})


def permission_denied(request, exception):
    """handler403: a service's NotAllowed answers like a page that does not exist; any other 403 as before."""
    if isinstance(exception, NotAllowed):
        callback = get_resolver().resolve_error_handler(404)
        return callback(request, Http404("Not found"))
    return defaults.permission_denied(request, exception)
