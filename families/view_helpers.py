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


def posted(request):
    """The POST data for a POST (even an empty one, so the form shows its errors), else None (unbound form)."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    """The uploaded files of a POST, else None: `SomeForm(posted(request), posted_files(request))`."""
    return request.FILES if request.method == "POST" else None


def apply_service(form, write, *, fields=None):
    """Run a service for a valid form; put its validation errors on the form. Returns the result or None.

    `fields` maps a service's names to the form's where they differ (a service's `occurred_at` is the form's
    `time`); an error for a field the form does not have goes on top of the form.
    """
    if not form.is_valid():
        return None
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                field = field if field in form.fields else (fields or {}).get(field)
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


def form_page(request, form, title, child=None, intro="", back=None, back_label=None,
              child_page="partnerships:child_timeline", **extra):
    """A page with one form on it (templates/form_page.html), for every app.

    `back` is the link above the title: a URL or a (URL name, *args) tuple, labelled `back_label` ("Back" if
    none). Without one, a page about `child` links to the child's `child_page` (a URL name taking the child's id)
    under the child's name; `back=False`: no link. `extra` goes to the template: `above_form` (a template shown above the form, with the
    same context) and `form_closed` (show that instead of the form).
    """
    if isinstance(back, tuple):
        back = reverse(back[0], args=back[1:])
    elif back is None and child is not None:
        back, back_label = reverse(child_page, args=[child.pk]), back_label or child.display_name
    return render(request, "form_page.html", {"form": form, "title": title, "child": child, "intro": intro,
                                              "back": back, "back_label": back_label, **extra})


def permission_denied(request, exception):
    """handler403: a service's NotAllowed answers like a page that does not exist; any other 403 as before."""
    if isinstance(exception, NotAllowed):
        callback = get_resolver().resolve_error_handler(404)
        return callback(request, Http404("Not found"))
    return defaults.permission_denied(request, exception)
