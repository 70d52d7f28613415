"""Pages of the child's day. Thin: families.access decides, diaries.services writes, diaries.selectors reads."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families import access
from families.offline_copy import keep_offline_copy
from families.params import is_id, parse_day, parse_uuid
from families.redirects import redirect_to_next
from families.uploads import private_file_response, reencode_image
from families.view_helpers import apply_service as _apply_service
from families.view_helpers import form_page, posted, posted_files

from . import day_stamp, forms, phrasebook, selectors, services
from .models import (
    Accident,
    ActivityResponse,
    DiaryEntry,
    Handover,
    HomeObservation,
    MedicineConsent,
    TakeHomeActivity,
)


def _day_param(request, child):
    raw = request.GET.get("day")
    if not raw:
        return child.setting.today()
    day = parse_day(raw)
    if day is None:  # not a day, or one no diary can have (0001-01-01 would overflow the previous-day link)
        raise Http404("Bad day")
    return day


DAY_STAMP_HEADER = "Triangle-Day-Stamp"  # the poll says which stamp it has (static/js/triangle.js)


def _day_url(child, day):
    url = reverse("diaries:child_day", args=[child.pk])
    return url if day == child.setting.today() else f"{url}?day={day.isoformat()}"


# Services name times by what they are; the forms ask for a time of day. Errors go next to the right field.
SERVICE_TO_FORM_FIELD = {"occurred_at": "time", "ends_at": "end_time", "in_at": "time", "out_at": "time",
                         "given_at": "time"}


def apply_service(form, write):
    return _apply_service(form, write, fields=SERVICE_TO_FORM_FIELD)


def _client_id(request):
    """The id the device gave this request (static/js/outbox.js): its retry must not write twice."""
    return parse_uuid(request.POST.get("client_id"))


def _queue_offline(form, label, next_url):
    """Without a connection this form is kept on the device and sent later (static/js/outbox.js); then it goes on."""
    form.helper.attrs = {**form.helper.attrs, "data-offline-queue": label, "data-offline-next": next_url}
    return form


def _board_or_day(child):
    return (reverse("diaries:room_board", args=[child.room_id]) if child.room_id
            else reverse("diaries:child_day", args=[child.pk]))


def _day_form(child):
    """What a diary form page adds to families/view_helpers.py `form_page`: the link back to the child's day and
    the diary extras above the form (templates/diaries/_form_extras.html)."""
    return {"back": reverse("diaries:child_day", args=[child.pk]), "above_form": "diaries/_form_extras.html",
            "back_label": _("%(name)s's day") % {"name": child.first_name}}


# --- room board -----------------------------------------------------------------------------------


def _board_context(room, board, ticked=frozenset(), kind="", **extra):
    """What the board template needs besides the board; each card is templates/diaries/_board_card.html.

    The two choice lists are the same in every card, so they are built once per board, not once per card.
    """
    return {"board": board, "room": room, "now": forms.now_time(room.setting), "kinds": QUICK_KINDS,
            "kind": kind if kind in dict(QUICK_KINDS) else QUICK_KINDS[0][0], "ticked": ticked,
            "amount_options": _options(_("how much eaten?"), DiaryEntry.Amount.choices),
            "nappy_options": _options(_("nappy / toilet?"), DiaryEntry.Nappy.choices),
            "phrase_options": _phrase_options((extra.get("posted") or {}).get("phrase", "")), **extra}


def _options(blank, choices):
    return format_html_join("", '<option value="{}">{}</option>', [("", blank), *choices])


def _phrase_options(chosen):
    """The phrasebook's grouped options in one pass, the phrase a refused quick entry posted still chosen (the
    template loop compared every phrase with it: a fifth of the board's own render time)."""
    def options(pairs):
        return format_html_join("", '<option value="{}"{}>{}</option>',
                                ((key, " selected" if key == chosen else "", text) for key, text in pairs))

    blank, *groups = phrasebook.choices(_("— a phrase from the phrasebook —"))
    return format_html('<option value="">{}</option>{}', blank[1], format_html_join(
        "", '<optgroup label="{}">{}</optgroup>', ((group, options(pairs)) for group, pairs in groups)))


@keep_offline_copy
def room_board(request, room_id):
    room = access.room_or_404(request.user, room_id)
    board = selectors.room_board_for(viewer=request.user, room=room)
    template = "diaries/_board.html" if request.htmx else "diaries/room_board.html"
    return render(request, template, _board_context(room, board, outbox_always=True))


QUICK_KINDS = [(k, label) for k, label in DiaryEntry.Kind.choices if k not in ("photo", "wellbeing")]


@require_POST
def board_quick_entry(request, room_id):
    """One kind of entry for every ticked child, each with their own amount. Answers with the board (htmx)."""
    room = access.room_or_404(request.user, room_id)
    setting = room.setting
    day = setting.today()
    visible = {c.pk: c for c in access.room_children(request.user, room).select_related("setting")}
    picked = [visible[int(pk)] for pk in request.POST.getlist("child") if is_id(pk) and int(pk) in visible]
    kind = request.POST.get("kind", "")
    errors, time_value = {}, None
    try:
        time_value = forms.forms.TimeField().clean(request.POST.get("time") or None)
    except ValidationError:
        errors["time"] = [_("Give the time as HH:MM.")]
    end_value = None
    if request.POST.get("end_time"):
        try:
            end_value = forms.forms.TimeField().clean(request.POST.get("end_time"))
        except ValidationError:
            errors["end_time"] = [_("Give the time as HH:MM.")]
    saved = []
    if not errors:
        shared = {"occurred_at": forms.combine(setting, day, time_value), "what": request.POST.get("what", "").strip(),
                  "text": request.POST.get("text", "").strip(), "phrase": request.POST.get("phrase", "").strip(),
                  "is_good_news": bool(request.POST.get("is_good_news")),
                  "staff_only": bool(request.POST.get("staff_only"))}
        if end_value:
            shared["ends_at"] = forms.combine(setting, day, end_value)
        per_child = []
        for child in picked:
            own = {}
            if kind == DiaryEntry.Kind.MEAL:
                own["amount"] = request.POST.get(f"amount_{child.pk}", "")
            elif kind == DiaryEntry.Kind.BOTTLE:
                raw = request.POST.get(f"ml_{child.pk}", "").strip()
                try:
                    own["ml"] = int(raw) if raw else None
                except ValueError:
                    errors.setdefault(f"ml_{child.pk}", []).append(_("Give the amount in ml as a number."))
            elif kind == DiaryEntry.Kind.NAPPY:
                own["nappy"] = request.POST.get(f"nappy_{child.pk}", "")
            per_child.append((child, own))
        if not errors:
            try:
                saved = services.entries_create_bulk(children_values=per_child, by=request.user, kind=kind,
                                                     client_id=_client_id(request), **shared)
            except ValidationError as error:
                errors = error.message_dict
    board = selectors.room_board_for(viewer=request.user, room=room)
    # The kind stays chosen after saving: the next child's nappy follows the last one.
    context = _board_context(room, board, ticked={c.pk for c in picked} if errors else set(), kind=kind, errors=errors,
                             posted=request.POST if errors else None, saved=saved)
    if errors:
        context["error_list"] = _board_error_list(errors, visible)
    if request.htmx:
        return render(request, "diaries/_board.html", context, status=200)
    if errors:
        return render(request, "diaries/room_board.html", context, status=200)
    messages.success(request, _("Saved for %(n)d children.") % {"n": len(saved)})
    return redirect("diaries:room_board", room.pk)


def _board_error_list(errors, children):
    result = []
    for key, messages_ in errors.items():
        name = ""
        field, _sep, pk = key.rpartition("_")
        if is_id(pk) and int(pk) in children:
            name = children[int(pk)].first_name
        for message in messages_:
            result.append(f"{name}: {message}" if name else message)
    return result


# --- the child's day ------------------------------------------------------------------------------


@keep_offline_copy
def child_day(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.DIARY)
    child = child_access.child
    day = _day_param(request, child)
    polled = request.htmx and request.GET.get("part") == "timeline"
    stamp = day_stamp.stamp(child.pk)  # taken before the day is read: a change meanwhile shows at the next poll
    if polled and request.headers.get(DAY_STAMP_HEADER) == stamp:
        return HttpResponse(status=204, headers={DAY_STAMP_HEADER: stamp})  # nothing new: htmx keeps the page
    if child_access.is_family:
        # The session remembers the receipt, so a parent refreshing the day does not write every time.
        seen = request.session.get("diary_read", [])
        key = f"{child.pk}:{day.isoformat()}"
        if key not in seen:
            services.read_receipt_record(child=child, day=day, user=request.user, carer=child_access.link.carer)
            request.session["diary_read"] = (seen + [key])[-50:]
    data = selectors.child_day_for(viewer=request.user, child_access=child_access, day=day, stamp=stamp)
    context = {"d": data, "child": child, "prev_day": date.fromordinal(day.toordinal() - 1),
               "next_day": date.fromordinal(day.toordinal() + 1) if day < data.today else None,
               "comment_form": forms.CommentForm(), "comment_max": forms.COMMENT_MAX, "stamp": stamp}
    if polled:
        response = render(request, "diaries/_timeline.html", context)
        response[DAY_STAMP_HEADER] = stamp
        return response
    return render(request, "diaries/child_day.html", context)


@keep_offline_copy
def entry_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    setting = child.setting
    form = forms.EntryForm(posted(request), initial={"time": forms.now_time(setting),
                                                          "kind": request.GET.get("kind", "note")})
    if request.method == "POST" and apply_service(form, lambda: services.entry_create(
        child=child, by=request.user, kind=form.cleaned_data["kind"], client_id=_client_id(request),
        **form.entry_fields(setting, setting.today()),
    )):
        messages.success(request, _("Saved to %(name)s's day.") % {"name": child.first_name})
        return redirect("diaries:child_day", child.pk)
    title = _("Add to %(name)s's day") % {"name": child.first_name}
    _queue_offline(form, title, reverse("diaries:child_day", args=[child.pk]))
    return form_page(request, form, title, child, **_day_form(child))


def _entry_initial(entry, setting):
    tz = setting.tz
    return {
        "kind": entry.kind, "time": entry.occurred_at.astimezone(tz).time().replace(second=0, microsecond=0),
        "end_time": entry.ends_at.astimezone(tz).time().replace(second=0, microsecond=0) if entry.ends_at else None,
        "what": entry.what, "amount": entry.amount, "ml": entry.ml, "nappy": entry.nappy, "text": entry.text,
        "phrase": entry.phrase,
        "is_good_news": entry.is_good_news, "staff_only": entry.staff_only, "version": entry.version,
    }


@keep_offline_copy
def entry_edit(request, entry_id):
    entry, child_access = selectors.entry_for_viewer_or_404(viewer=request.user, entry_id=entry_id, need=access.STAFF)
    child = entry.child
    form = forms.EntryAmendForm(posted(request), initial=_entry_initial(entry, child.setting))
    if request.method == "POST" and apply_service(form, lambda: services.entry_amend(
        entry=entry, by=request.user, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"],
        client_id=_client_id(request), **form.entry_fields(child.setting, entry.day),
    )):
        messages.success(request, _("Entry changed. The earlier version is kept in its history."))
        return redirect(_day_url(child, entry.day))
    title = _("Change an entry for %(name)s") % {"name": child.first_name}
    _queue_offline(form, title, _day_url(child, entry.day))
    return form_page(request, form, title, child, **_day_form(child), entry=entry)


def entry_retract(request, entry_id):
    entry, child_access = selectors.entry_for_viewer_or_404(viewer=request.user, entry_id=entry_id, need=access.STAFF)
    form = forms.RetractForm(posted(request), initial={"version": entry.version})
    if request.method == "POST" and apply_service(form, lambda: services.entry_retract(
        entry=entry, by=request.user, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"],
    )):
        messages.success(request, _("Entry retracted. Families no longer see it; its history is kept."))
        return redirect(_day_url(entry.child, entry.day))
    return form_page(request, form, _("Retract an entry"), entry.child, **_day_form(entry.child), entry=entry)


def entry_history(request, entry_id):
    entry, child_access = selectors.entry_for_viewer_or_404(viewer=request.user, entry_id=entry_id, need=access.STAFF)
    records = list(entry.history.select_related("history_user").order_by("history_date"))
    changes = []
    for older, newer in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older, excluded_fields=["updated_at", "version"])
        changes.append({"record": newer, "changes": delta.changes})
    return render(request, "diaries/entry_history.html",
                  {"entry": entry, "child": entry.child, "first": records[0] if records else None, "changes": changes})


@require_POST
def sleep_end(request, entry_id):
    entry, child_access = selectors.entry_for_viewer_or_404(viewer=request.user, entry_id=entry_id, need=access.STAFF)
    try:
        services.sleep_end(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx and entry.child.room_id:
        return room_board(request, entry.child.room_id)
    return redirect_to_next(request, _day_url(entry.child, entry.day))


@require_POST
def comment_add(request, entry_id):
    entry, child_access = selectors.entry_for_viewer_or_404(viewer=request.user, entry_id=entry_id,
                                                            need=access.CONTRIBUTE)
    form = forms.CommentForm(request.POST)
    errors = []
    if form.is_valid():
        services.comment_add(entry=entry, by=request.user, text=form.cleaned_data["text"],
                             client_id=_client_id(request))
    else:
        errors = form.errors.get("text") or [_("Write your comment before sending.")]
        if not request.htmx:
            messages.error(request, " ".join(errors))
    if request.htmx:
        entry = DiaryEntry.objects.prefetch_related("comments__author").get(pk=entry.pk)
        # A refused comment comes back in the box with the reason next to it: nothing the carer wrote is lost.
        return render(request, "diaries/_thread.html", {
            "entry": entry, "comment_form": forms.CommentForm(), "can_comment": True, "comment_errors": errors,
            "comment_text": request.POST.get("text", "") if errors else "", "comment_max": forms.COMMENT_MAX})
    return redirect(_day_url(entry.child, entry.day) + f"#entry-{entry.pk}")


# --- photos ---------------------------------------------------------------------------------------


def photo_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    children_qs = access.staff_children(request.user).filter(room=child.room_id) if child.room_id else \
        access.staff_children(request.user).filter(pk=child.pk)
    form = forms.PhotoForm(posted(request), posted_files(request), children_qs=children_qs,
                           initial={"children": [child.pk]})
    if request.method == "POST" and apply_service(form, lambda: services.photo_add(
        children=list(form.cleaned_data["children"].select_related("setting")), by=request.user,
        image=reencode_image(form.cleaned_data["image"]), caption=form.cleaned_data["caption"],
        is_good_news=form.cleaned_data["is_good_news"], staff_only=form.cleaned_data["staff_only"],
    )):
        messages.success(request, _("Photo added."))
        return redirect("diaries:child_day", child.pk)
    return form_page(request, form, _("Add a photo"), child, **_day_form(child))


def photo_file(request, photo_id):
    photo = selectors.photo_for_viewer_or_404(viewer=request.user, photo_id=photo_id)
    return private_file_response(photo.image)


# --- handover, check-in, check-out ----------------------------------------------------------------


def handover_send(request, child_id):
    """Families send it from their phone (CONTRIBUTE); staff record it at the door."""
    child_access = access.child_access_or_404(request.user, child_id, need=access.CONTRIBUTE)
    child = child_access.child
    source = Handover.Source.STAFF if child_access.is_staff else Handover.Source.FAMILY
    today = child.setting.today()
    # After closing time a family writes tomorrow's; at the door next morning it is this morning's.
    day = selectors.family_handover_day(child.setting) if source == Handover.Source.FAMILY else today
    existing = Handover.objects.filter(child=child, day=day).select_related("acknowledged_by").first()
    initial = {}
    if existing:
        initial = {name: getattr(existing, name) for name in services.HANDOVER_FIELDS}
    form = forms.HandoverForm(posted(request), initial=initial, tomorrow=day > today)
    if request.method == "POST" and apply_service(form, lambda: services.handover_send(
        child=child, by=request.user, source=source, day=day, **form.cleaned_data,
    )):
        if source == Handover.Source.STAFF:
            messages.success(request, _("Handover recorded."))
        elif day > today:
            messages.success(request, _("Tomorrow morning's handover is saved. You can change it until staff "
                                        "read it at drop-off."))
        else:
            messages.success(request, _("Handover sent. You will see here when staff have read it."))
        return redirect("diaries:child_day", child.pk)
    title = (_("Tomorrow morning's handover for %(name)s") if day > today
             else _("Morning handover for %(name)s")) % {"name": child.first_name}
    closed = source == Handover.Source.FAMILY and existing is not None and existing.is_acknowledged
    return form_page(request, form, title, child, **_day_form(child), handover=existing, form_closed=closed)


def absence_report(request, child_id):
    """A family says the child is off (ill, holiday, other); staff can record it from a phone call too."""
    child_access = access.child_access_or_404(request.user, child_id, need=access.CONTRIBUTE)
    child = child_access.child
    day = selectors.family_handover_day(child.setting)
    form = forms.AbsenceForm(posted(request), initial={"day": day})
    if request.method == "POST" and apply_service(form, lambda: services.absence_report(
        child=child, by=request.user, **form.cleaned_data,
    )):
        messages.success(request, _("Thank you. Staff can see that %(name)s is off on %(day)s.")
                         % {"name": child.first_name, "day": date_format(form.cleaned_data["day"], "DATE_FORMAT")})
        return redirect("diaries:child_day", child.pk)
    return form_page(request, form, _("%(name)s is off") % {"name": child.first_name}, child, **_day_form(child))


@require_POST
def handover_acknowledge(request, handover_id):
    handover, child_access = access.child_object_or_404(request.user, Handover.objects, handover_id,
                                                        need=access.STAFF)
    services.handover_acknowledge(handover=handover, by=request.user)
    messages.success(request, _("Handover acknowledged; the family can see it was read."))
    if request.htmx and handover.child.room_id:
        return room_board(request, handover.child.room_id)
    return redirect_to_next(request, "diaries:child_day", handover.child_id)


@keep_offline_copy
def check_in(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    setting = child.setting
    handover = Handover.objects.filter(child=child, day=setting.today()).first()
    form = forms.CheckInForm(posted(request), initial={"time": forms.now_time(setting)})
    if request.method == "POST" and apply_service(form, lambda: services.check_in(
        child=child, by=request.user, brought_by=form.cleaned_data["brought_by"],
        at=forms.combine(setting, setting.today(), form.cleaned_data["time"]), client_id=_client_id(request),
    )):
        messages.success(request, _("%(name)s is checked in.") % {"name": child.first_name})
        return redirect(_board_or_day(child))
    links, _collectors = services.collection_choices(child)
    if links:
        form.fields["brought_by"].widget.attrs["list"] = "known-people"  # the <datalist> on the form page
    title = _("Check in %(name)s") % {"name": child.first_name}
    _queue_offline(form, title, _board_or_day(child))
    return form_page(request, form, title, child,
                     **_day_form(child), handover=handover, known_people=[link.carer.full_name for link in links])


@keep_offline_copy
def check_out(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    setting = child.setting
    links, collectors = services.collection_choices(child)
    day = selectors.child_day_for(viewer=request.user, child_access=child_access, day=setting.today())
    form = forms.CheckOutForm(posted(request), links=links, collectors=collectors,
                              initial={"time": forms.now_time(setting)})
    if request.method == "POST" and apply_service(form, lambda: services.check_out(
        child=child, by=request.user, **form.chosen(), collection_password=form.cleaned_data["collection_password"],
        override_reason=form.cleaned_data["override_reason"], day_summary=form.cleaned_data["day_summary"],
        at=forms.combine(setting, setting.today(), form.cleaned_data["time"]), client_id=_client_id(request),
    )):
        messages.success(request, _("%(name)s has been collected.") % {"name": child.first_name})
        return redirect(_board_or_day(child))
    _queue_offline(form, _("Check out %(name)s") % {"name": child.first_name}, _board_or_day(child))
    return render(request, "diaries/check_out.html", {"form": form, "child": child, "d": day,
                                                      "collectors": collectors, "links": links})


# --- accidents ------------------------------------------------------------------------------------


def accident_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    form = forms.AccidentForm(posted(request), initial={"occurred_at": timezone.localtime().replace(
        second=0, microsecond=0)})
    if request.method == "POST" and apply_service(form, lambda: services.accident_record(
        child=child, by=request.user, **form.cleaned_data,
    )):
        messages.success(request, _("Recorded. The family is told and asked to acknowledge it."))
        return redirect("diaries:child_records", child.pk)
    return form_page(request, form, _("Accident or incident: %(name)s") % {"name": child.first_name}, child,
                     **_day_form(child))


def accident_detail(request, accident_id):
    accident, child_access = access.child_object_or_404(request.user, Accident.objects, accident_id,
                                                        need=access.DIARY)
    return render(request, "diaries/accident_detail.html", {
        "accident": accident, "child": accident.child, "access": child_access,
        "paper_form": forms.PaperSignatureForm() if child_access.is_staff else None,
    })


@require_POST
def accident_acknowledge(request, accident_id):
    accident, child_access = access.child_object_or_404(request.user, Accident.objects, accident_id,
                                                        need=access.PARENTAL_RESPONSIBILITY)
    try:
        services.accident_acknowledge(accident=accident, by=request.user)
        messages.success(request, _("Thank you. The nursery can see you have read this."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("diaries:accident_detail", accident.pk)


def accident_paper(request, accident_id):
    accident, child_access = access.child_object_or_404(request.user, Accident.objects, accident_id,
                                                        need=access.STAFF)
    form = forms.PaperSignatureForm(posted(request))
    if request.method == "POST" and apply_service(form, lambda: services.accident_paper_signature(
        accident=accident, by=request.user, signed_by=form.cleaned_data["signed_by"])):
        messages.success(request, _("Paper signature recorded."))
        return redirect("diaries:accident_detail", accident.pk)
    return form_page(request, form, _("Paper signature"), accident.child, **_day_form(accident.child))


# --- medicines ------------------------------------------------------------------------------------


def consent_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.PARENTAL_RESPONSIBILITY)
    child = child_access.child
    today = child.setting.today()
    form = forms.ConsentForm(posted(request), initial={"starts_on": today, "ends_on": today})
    if request.method == "POST" and apply_service(form, lambda: services.medicine_consent_give(
        child=child, by=request.user, **{k: v for k, v in form.cleaned_data.items() if k != "confirm"},
    )):
        messages.success(request, _("Consent given. Each dose will appear in %(name)s's day.") % {
            "name": child.first_name})
        return redirect("diaries:child_records", child.pk)
    return form_page(request, form, _("Medicine consent for %(name)s") % {"name": child.first_name}, child,
                     **_day_form(child))


@require_POST
def consent_withdraw(request, consent_id):
    consent, _access = access.child_object_or_404(request.user, MedicineConsent.objects, consent_id,
                                                  need=access.DIARY)
    services.medicine_consent_withdraw(consent=consent, by=request.user)
    messages.success(request, _("Consent withdrawn: no further doses can be recorded."))
    return redirect("diaries:child_records", consent.child_id)


def dose_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    setting = child.setting
    current = selectors.current_consents_for(child=child)
    # The consent staff came from (its "Record a dose" link), or the only one there is; its dose as the default.
    chosen = next((c for c in current if str(c.pk) == request.GET.get("consent")), None)
    if chosen is None and len(current) == 1:
        chosen = current[0]
    initial = {"time": forms.now_time(setting)}
    if chosen is not None:
        initial.update(consent=chosen.pk, dose=chosen.dose)
    form = forms.DoseForm(posted(request), consents_qs=MedicineConsent.objects.filter(pk__in=[c.pk for c in current]),
                          initial=initial)
    if request.method == "POST" and apply_service(form, lambda: services.medicine_dose_record(
        child=child, by=request.user, consent=form.cleaned_data["consent"],
        given_at=forms.combine(setting, setting.today(), form.cleaned_data["time"]), dose=form.cleaned_data["dose"],
        witness=form.cleaned_data["witness"], notes=form.cleaned_data["notes"],
    )):
        messages.success(request, _("Dose recorded; the family sees it today."))
        return redirect("diaries:child_records", child.pk)
    return form_page(request, form, _("Medicine dose for %(name)s") % {"name": child.first_name}, child,
                     **_day_form(child))


# --- home observations and activities -------------------------------------------------------------


def home_observation_add(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.CONTRIBUTE)
    child = child_access.child
    if child_access.is_staff:
        raise Http404("Home observations come from families")
    form = forms.HomeObservationForm(posted(request), posted_files(request),
                                     initial={"observed_on": child.setting.today()})
    if request.method == "POST" and apply_service(form, lambda: services.home_observation_add(
        child=child, by=request.user, text=form.cleaned_data["text"], observed_on=form.cleaned_data["observed_on"],
        photo=reencode_image(form.cleaned_data["photo"]) if form.cleaned_data.get("photo") else None,
    )):
        messages.success(request, _("Thank you! %(name)s's key person will see it.") % {"name": child.first_name})
        return redirect("diaries:child_records", child.pk)
    return form_page(request, form, _("Something %(name)s did at home") % {"name": child.first_name}, child,
                     **_day_form(child))


def home_observation_photo(request, observation_id):
    observation, _access = access.child_object_or_404(request.user, HomeObservation.objects, observation_id,
                                                      need=access.DIARY)
    return private_file_response(observation.photo)


def home_observation_acknowledge(request, observation_id):
    observation, child_access = access.child_object_or_404(request.user, HomeObservation.objects, observation_id,
                                                           need=access.STAFF)
    form = forms.ReplyForm(posted(request), initial={"reply": observation.staff_reply})
    if request.method == "POST" and apply_service(form, lambda: services.home_observation_acknowledge(
        observation=observation, by=request.user, reply=form.cleaned_data["reply"])):
        messages.success(request, _("Acknowledged; the family can see it."))
        return redirect("diaries:child_records", observation.child_id)
    return form_page(request, form, _("Acknowledge a home observation"), observation.child,
                     **_day_form(observation.child), observation=observation)


def activity_suggest(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.STAFF)
    child = child_access.child
    form = forms.ActivityForm(posted(request))
    if request.method == "POST" and apply_service(form, lambda: services.activity_suggest(
        child=child, by=request.user, **form.cleaned_data)):
        messages.success(request, _("Suggested to the family."))
        return redirect("diaries:child_records", child.pk)
    return form_page(request, form, _("A take-home activity for %(name)s") % {"name": child.first_name}, child,
                     **_day_form(child))


def activity_respond(request, activity_id):
    activity, child_access = access.child_object_or_404(request.user, TakeHomeActivity.objects, activity_id,
                                                        need=access.CONTRIBUTE)
    if child_access.is_staff:
        raise Http404("Families answer activities")
    form = forms.ActivityResponseForm(posted(request))
    if request.method == "POST" and apply_service(form, lambda: services.activity_respond(
        activity=activity, by=request.user, text=form.cleaned_data["text"])):
        messages.success(request, _("Thank you for telling us."))
        return redirect("diaries:child_records", activity.child_id)
    return form_page(request, form, activity.title, activity.child, **_day_form(activity.child), activity=activity)


def activity_response_acknowledge(request, response_id):
    response, child_access = access.child_object_or_404(request.user, ActivityResponse.objects, response_id,
                                                        need=access.STAFF, child_field="activity__child")
    form = forms.ReplyForm(posted(request), initial={"reply": response.staff_reply})
    if request.method == "POST" and apply_service(form, lambda: services.activity_response_acknowledge(
        response=response, by=request.user, reply=form.cleaned_data["reply"])):
        messages.success(request, _("Acknowledged; the family can see it."))
        return redirect("diaries:child_records", response.activity.child_id)
    return form_page(request, form, _("Acknowledge how an activity went"), response.activity.child,
                     **_day_form(response.activity.child), activity_response=response)


# --- the child's records: accidents, medicines, parent voice, home learning -----------------------


def child_records(request, child_id):
    child_access = access.child_access_or_404(request.user, child_id, need=access.DIARY)
    child = child_access.child
    return render(request, "diaries/child_records.html", {
        "child": child, "access": child_access,
        "accidents": selectors.accidents_for(child_access=child_access),
        "consents": selectors.medicines_for(child_access=child_access),
        "observations": list(HomeObservation.objects.filter(child=child).select_related("author", "acknowledged_by")),
        "activities": list(TakeHomeActivity.objects.filter(child=child).select_related("suggested_by")
                           .prefetch_related("responses__author", "responses__acknowledged_by")),
    })

