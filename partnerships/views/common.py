from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from families.views import apply_service


def form_page(request, form, title, child=None, intro="", back=None):
    if isinstance(back, tuple):
        back = reverse(back[0], args=back[1:])
    return render(request, "partnerships/form_page.html",
                  {"form": form, "title": title, "child": child, "intro": intro, "back": back})


def handle(request, form, write, success, redirect_to):
    """POST: run the service via the form; on success flash and redirect. Returns a response or None."""
    if request.method == "POST" and apply_service(form, write):
        messages.success(request, success or _("Saved."))
        return redirect(redirect_to)
    return None


def post_only_service(request, write, success, redirect_to):
    """For one-button POSTs: a ValidationError becomes an error message on the page we return to."""
    from django.core.exceptions import ValidationError

    try:
        write()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(redirect_to)
