"""Requests that need an answer, and events with time slots."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families import access

from .. import forms, selectors, services
from ..models import EventBooking, FamilyRequest
from .common import form_page, handle, post_only_service, url_of


def request_list(request):
    return render(request, "partnerships/request_list.html", {"requests": selectors.requests_for_staff(request.user)})


def request_add(request):
    membership = access.staff_membership_or_404(request.user)
    today = membership.setting.today()
    children = access.staff_children(request.user).filter(Q(leave_date__isnull=True) | Q(leave_date__gte=today))
    initial = {"kind": request.GET.get("kind", "consent")}
    event = selectors.setting_event(setting=membership.setting, pk=request.GET.get("event"))
    if event is not None:
        # An RSVP for this event: to whom the event is for, under its title.
        initial.update(kind=FamilyRequest.Kind.RSVP, event=event.pk, title=event.title, room=event.room_id,
                       audience=FamilyRequest.Audience.ROOM if event.room_id else FamilyRequest.Audience.EVERYONE)
    form = forms.RequestForm(request.POST or None, setting=membership.setting, children=children, initial=initial)
    response = handle(request, form,
                      lambda: services.request_send(setting=membership.setting, by=request.user, **form.cleaned_data),
                      lambda sent: _("Sent to %(n)s families.") % {"n": sent.recipients.count()},
                      url_of("partnerships:request_detail"))
    if response is not None:
        return response
    return form_page(request, form, _("Send a request that needs an answer"))


def request_detail(request, pk):
    req, recipients, counts = selectors.request_for_staff(viewer=request.user, pk=pk)
    return render(request, "partnerships/request_detail.html",
                  {"req": req, "recipients": recipients, "counts": counts,
                   "bookings": selectors.request_bookings(request=req, recipients=recipients)})


def request_answer(request, pk):
    """A family opens a request (it is now 'seen') and answers it."""
    recipient, child_access = selectors.recipient_for_family(viewer=request.user, pk=pk)
    services.request_mark_seen(recipient=recipient, by=request.user)
    req = recipient.request
    if req.kind == FamilyRequest.Kind.RSVP and req.event_id:
        return redirect("partnerships:event_rsvp", req.event_id, recipient.child_id)
    form = forms.AnswerForm(request.POST or None, kind=req.kind)
    response = handle(request, form, lambda: services.request_answer(recipient=recipient, by=request.user,
                                                                      **form.cleaned_data),
                      _("Thank you, your answer has been sent."), reverse("families:home"))
    if response:
        return response
    selectors.with_answer_status([recipient])
    answers = recipient.status.answers
    return render(request, "partnerships/request_answer.html", {
        "form": form, "req": req, "recipient": recipient, "child": recipient.child, "answers": answers,
        "mine": next((a for a in answers if a.answered_by_id == request.user.pk), None),
        "can_answer": access.request_answerable_by(child_access.link, req),
    })


def event_list(request):
    membership = access.staff_membership_or_404(request.user)
    from ..models import Event

    return render(request, "partnerships/event_list.html",
                  {"events": Event.objects.filter(setting_id=membership.setting_id).prefetch_related("slots")})


def event_add(request):
    membership = access.staff_membership_or_404(request.user)
    form = forms.EventForm(request.POST or None, setting=membership.setting)
    response = handle(request, form,
                      lambda: services.event_create(setting=membership.setting, by=request.user, **form.cleaned_data),
                      None, url_of("partnerships:event_detail"), flash=False)
    if response is not None:
        return response
    return form_page(request, form, _("Plan an event"),
                     intro=_("Next, add several time slots so that working parents can come."))


def event_detail(request, pk):
    event, slots = selectors.event_for_staff(viewer=request.user, pk=pk)
    form = forms.SlotForm(request.POST or None)
    response = handle(request, form, lambda: services.event_slot_add(event=event, by=request.user,
                                                                      **form.cleaned_data),
                      _("Time slot added."), reverse("partnerships:event_detail", args=[pk]))
    return response or render(request, "partnerships/event_detail.html",
                              {"event": event, "slots": slots, "form": form})


@require_POST
def event_attendance(request, pk):
    booking, _access = access.child_object_or_404(request.user, EventBooking.objects, pk, need=access.STAFF)
    attended = request.POST.get("attended") == "yes"
    return post_only_service(request, lambda: services.event_record_attendance(booking=booking, by=request.user,
                                                                               attended=attended),
                             _("Attendance recorded."), reverse("partnerships:event_detail", args=[booking.event_id]))


def event_rsvp(request, pk, child_id):
    event, slots, booking, child_access = selectors.event_for_family(viewer=request.user, pk=pk, child_id=child_id)
    form = forms.RsvpForm(request.POST or None, slots=slots)

    def write():
        slot = form.slots.get(form.cleaned_data["slot"])
        if slot is None:
            raise Http404("Not found")
        return services.event_book(slot=slot, child=child_access.child, by=request.user)

    response = handle(request, form, write, _("Booked. See you then!"), reverse("families:home"))
    return response or render(request, "partnerships/event_rsvp.html", {
        "event": event, "slots": slots, "booking": booking, "form": form, "child": child_access.child})
