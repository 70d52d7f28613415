"""Per-child partnership pages: the staff timeline, conversations, commitments, and the family's page."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families import access
from families.records import child_id_of

from .. import forms, selectors, services
from ..models import Concern, Conversation, FamilyConcern
from .common import form_page, handle, post_only_service


def child_timeline(request, child_id):
    child, items = selectors.child_timeline_for(viewer=request.user, child_id=child_id)
    return render(request, "partnerships/child_timeline.html", {"child": child, "items": items})


@require_GET
def child_find(request):
    """Any staff member finds a child by name, to note a conversation with the family or raise a concern for the DSL."""
    access.staff_membership_or_404(request.user)
    query = request.GET.get("q", "").replace("\x00", "")[:100]  # a NUL can be typed into a URL, not into a name
    return render(request, "partnerships/child_find.html",
                  {"query": query, "children": selectors.children_found_for(viewer=request.user, name=query)})


def conversation_add(request, child_id):
    # Every staff member counts: the cook's conversation is logged like the key person's (families/access.py).
    child = access.child_to_talk_about_or_404(request.user, child_id)
    sees_child = access.child_access(request.user, child) is not None
    after = reverse("partnerships:child_timeline", args=[child.pk]) if sees_child else reverse(
        "partnerships:child_find")
    form = forms.ConversationForm(request.POST or None, child=child)
    response = handle(request, form,
                      lambda: services.conversation_log(child=child, by=request.user, **form.cleaned_data),
                      _("Conversation noted."), after)
    return response or form_page(request, form, _("Note a conversation about %(name)s") % {"name": child.first_name},
                                 child if sees_child else None, back=None if sees_child else after)


SOURCES = {"conversation": Conversation, "concern": Concern, "familyconcern": FamilyConcern}


def _source(request, child):
    """?source=<model>:<id> names where the promise was made; it must be this child's record."""
    kind, _sep, pk = request.GET.get("source", "").partition(":")
    if not kind:
        return None
    if kind in SOURCES:
        obj = SOURCES[kind].objects.filter(pk=pk or 0, child=child).first()
    else:
        # Other apps' records (e.g. a diary comment thread) by content type, still belonging to this child.
        ct = ContentType.objects.filter(app_label="diaries", model=kind).first()
        model = ct.model_class() if ct else None
        obj = model.objects.filter(pk=pk or 0).first() if model else None
        if obj is not None and child_id_of(obj) != child.pk:
            obj = None
    if obj is None:
        raise Http404("Not found")
    return obj


def commitment_add(request, child_id):
    child = selectors.staff_child_or_404(request.user, child_id)
    source = _source(request, child)
    form = forms.CommitmentForm(request.POST or None, setting=child.setting, child=child, initial={
        "owner": request.user.pk, "due_on": child.setting.next_working_day(), "said_to": selectors.said_to_default(source=source, child=child)})
    response = handle(request, form, lambda: services.commitment_make(child=child, by=request.user, source=source,
                                                                      **form.cleaned_data),
                      _("Commitment saved. It stays on your list until done."), reverse("partnerships:my_commitments"))
    return response or form_page(request, form, _("I'll get back to you"), child,
                                 intro=_("Made during: %(source)s") % {"source": source} if source else "")


def my_commitments(request):
    access.staff_membership_or_404(request.user)
    return render(request, "partnerships/my_commitments.html",
                  {"commitments": selectors.commitments_owned_by(request.user),
                   "today": access.staff_membership(request.user).setting.today()})


@require_POST
def commitment_done(request, pk):
    commitment, _access = selectors.commitment_for_staff(viewer=request.user, pk=pk)
    return post_only_service(request, lambda: services.commitment_done(commitment=commitment, by=request.user,
                                                                       done_note=request.POST.get("done_note", "")),
                             _("Done."), reverse("partnerships:my_commitments"))


def family_child(request, child_id):
    data = selectors.family_child_page(viewer=request.user, child_id=child_id)
    return render(request, "partnerships/family_child.html", data)
