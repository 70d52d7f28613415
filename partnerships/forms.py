"""Forms for partnership pages. Validation of meaning (dates, owners, stages) lives in the services."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from families.forms import DATE, CrispyForm
from families.models import Carer, Child, Membership, Room

from .models import PRIME_AREAS, Complaint, Concern, Conversation, Event, FamilyRequest, SafeguardingRecord

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def _datetime_field(label, required=True):
    return forms.DateTimeField(label=label, required=required, widget=DATETIME,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"])


class VersionedForm(CrispyForm):
    """Carries the version the editor saw; the service rejects the save if someone saved in between."""

    # Required: a POST without it would overwrite whatever was saved in between (issue 9).
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1,
        error_messages={
            "required": _("This page is missing the version of the record you saw, so nothing was saved: reload the "
                          "page and make your change again."),
            "invalid": _("This page is out of date, so nothing was saved: reload it and make your change again."),
            "min_value": _("This page is out of date, so nothing was saved: reload it and make your change again."),
            "max_value": _("This page is out of date, so nothing was saved: reload it and make your change again."),
        },
    )


class ConversationForm(CrispyForm):
    submit_label = _("Save conversation")
    carers = forms.ModelMultipleChoiceField(label=_("With"), queryset=Carer.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    channel = forms.ChoiceField(label=_("Where / how"), choices=Conversation.Channel.choices,
                                widget=forms.RadioSelect)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    summary = forms.CharField(label=_("Short summary"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_good_news = forms.BooleanField(label=_("Good news"), required=False)
    started_by_family = forms.BooleanField(label=_("The family started the conversation"), required=False)
    follow_up = forms.CharField(label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carers"].queryset = Carer.objects.filter(links__child=child, links__is_restricted=False)
        self.fields["carers"].label_from_instance = lambda c: c.full_name


class ConcernRaiseForm(CrispyForm):
    submit_label = _("Prepare the concern")
    title = forms.CharField(label=_("What it is about"), max_length=200)
    summary = forms.CharField(label=_("What we have noticed"), widget=TEXT)
    observed_on = forms.DateField(label=_("First observation: date"), widget=DATE)
    note = forms.CharField(label=_("First observation: what was seen"), widget=TEXT)


class ObservationForm(CrispyForm):
    submit_label = _("Add observation")
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE)
    note = forms.CharField(label=_("What was seen"), widget=TEXT)


class InviteForm(VersionedForm):
    submit_label = _("Invite the family and share the concern")
    meeting_at = _datetime_field(_("Agreed time to talk"))
    meeting_place = forms.CharField(label=_("Where"), max_length=200, required=False)


class DiscussionForm(VersionedForm):
    submit_label = _("Record the discussion")
    discussion_notes = forms.CharField(label=_("What we talked about"), widget=TEXT)


class ParentViewForm(VersionedForm):
    submit_label = _("Save the parent's view")
    parent_view = forms.CharField(label=_("The parent's view, in their own words"), widget=forms.Textarea(
        attrs={"rows": 5}))


class ActionForm(CrispyForm):
    submit_label = _("Add action")
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, owner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Choose who will do it"))] + list(owner_choices)

    def owner_kwargs(self):
        from django.contrib.auth import get_user_model

        value = self.cleaned_data.get("owner") or ""
        kind, _sep, pk = value.partition(":")
        if kind == "staff":
            return {"owner_staff": get_user_model().objects.filter(pk=pk).first()}
        if kind == "carer":
            return {"owner_carer": Carer.objects.filter(pk=pk).first()}
        return {}


class AgreeForm(VersionedForm):
    submit_label = _("Mark the actions as agreed")


class ReviewDateForm(VersionedForm):
    submit_label = _("Set the review date")
    review_on = forms.DateField(label=_("Review date"), widget=DATE)


class ReviewForm(VersionedForm):
    submit_label = _("Record the review")
    review_notes = forms.CharField(label=_("What the review found"), widget=TEXT)


class CloseForm(VersionedForm):
    submit_label = _("Save")
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(Concern.Stage.CLOSED, _("Close the concern")),
                                                              (Concern.Stage.ESCALATED, _("Escalate"))],
                                widget=forms.RadioSelect)
    outcome_note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class FamilyConcernForm(CrispyForm):
    submit_label = _("Send to the nursery")
    subject = forms.CharField(label=_("What is it about?"), max_length=200)
    details = forms.CharField(label=_("Tell us more"), widget=forms.Textarea(attrs={"rows": 5}))


class AcknowledgeForm(VersionedForm):
    submit_label = _("Acknowledge")
    acknowledgement = forms.CharField(label=_("Message to the family"), widget=TEXT,
                                      initial=_("Thank you for telling us. We will look into this."))


class SummariseForm(VersionedForm):
    submit_label = _("Send our summary to the family")
    staff_summary = forms.CharField(label=_("What we understood (the family will confirm it)"), widget=TEXT)


class RespondForm(VersionedForm):
    submit_label = _("Send our response")
    outcome = forms.CharField(label=_("Outcome"), widget=TEXT)
    actions = forms.CharField(label=_("Actions"), required=False, widget=TEXT)


class FollowUpForm(VersionedForm):
    submit_label = _("Record the follow-up")
    follow_up_note = forms.CharField(label=_("How we followed up"), widget=TEXT)


class ConfirmSummaryForm(CrispyForm):
    submit_label = _("Send")
    confirmed = forms.TypedChoiceField(label=_("Is this right?"), coerce=lambda v: v == "yes",
                                       choices=[("yes", _("Yes, that is right")), ("no", _("No, not quite"))],
                                       widget=forms.RadioSelect)
    correction = forms.CharField(label=_("What did we get wrong?"), required=False, widget=TEXT)


class CommitmentForm(CrispyForm):
    submit_label = _("Save the commitment")
    description = forms.CharField(label=_("I'll get back to you about"), max_length=300)
    due_on = forms.DateField(label=_("By"), widget=DATE)
    said_to = forms.ModelMultipleChoiceField(
        label=_("Said to"), queryset=Carer.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("A carer in another household sees this promise only if someone of theirs is ticked too."))
    owner = forms.ModelChoiceField(label=_("Who will get back"), queryset=None)

    def __init__(self, *args, setting, child, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["owner"].queryset = get_user_model().objects.filter(
            memberships__setting=setting, memberships__is_active=True)
        self.fields["said_to"].queryset = Carer.objects.filter(links__child=child, links__is_restricted=False)
        self.fields["said_to"].label_from_instance = lambda c: c.full_name


class ComplaintForm(CrispyForm):
    submit_label = _("Record the complaint")
    complainant_name = forms.CharField(label=_("Complainant"), max_length=200)
    channel = forms.ChoiceField(label=_("How it was made"), choices=Complaint.Channel.choices, widget=forms.RadioSelect)
    received_at = _datetime_field(_("Received at"))
    concerns_eyfs_requirement = forms.BooleanField(label=_("Concerns an EYFS requirement"), required=False)
    child = forms.ModelChoiceField(label=_("Child (if any)"), queryset=Child.objects.none(), required=False)
    summary = forms.CharField(label=_("The complaint"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = Child.objects.filter(setting=setting)


class ComplaintUpdateForm(VersionedForm):
    investigation = forms.CharField(label=_("Investigation"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=TEXT)
    complainant_told_on = forms.DateField(label=_("Complainant told on"), required=False, widget=DATE)


class SafeguardingForm(CrispyForm):
    submit_label = _("Send to the DSL")
    child = forms.ModelChoiceField(label=_("Child"), queryset=Child.objects.none())
    observed_at = _datetime_field(_("When it was seen or said"))
    what_happened = forms.CharField(label=_("What you saw or heard, in the child's words where you can"),
                                    widget=forms.Textarea(attrs={"rows": 6}))
    action_taken = forms.CharField(label=_("Anything you did straight away"), required=False, widget=TEXT)

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = Child.objects.filter(setting=setting, leave_date__isnull=True) | \
            Child.objects.filter(setting=setting, leave_date__gte=setting.today())


class SafeguardingUpdateForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=SafeguardingRecord.Status.choices)
    dsl_notes = forms.CharField(label=_("DSL notes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    named_managers = forms.ModelMultipleChoiceField(label=_("Managers who may read it"), queryset=None,
                                                    required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, setting, can_name, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        if can_name:
            self.fields["named_managers"].queryset = get_user_model().objects.filter(
                memberships__setting=setting, memberships__role=Membership.Role.MANAGER)
        else:
            del self.fields["named_managers"]


class RequestForm(CrispyForm):
    submit_label = _("Send")
    kind = forms.ChoiceField(label=_("Kind"), choices=FamilyRequest.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Details"), required=False, widget=TEXT)
    audience = forms.ChoiceField(label=_("To"), choices=FamilyRequest.Audience.choices, widget=forms.RadioSelect,
                                 initial=FamilyRequest.Audience.EVERYONE)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    children = forms.ModelMultipleChoiceField(label=_("Children"), queryset=Child.objects.none(), required=False)
    event = forms.ModelChoiceField(label=_("Event (for an RSVP)"), queryset=Event.objects.none(), required=False)
    due_on = forms.DateField(label=_("Answer by"), widget=DATE)

    def __init__(self, *args, setting, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(setting=setting)
        self.fields["children"].queryset = children
        self.fields["event"].queryset = Event.objects.filter(setting=setting)


class AnswerForm(CrispyForm):
    submit_label = _("Send my answer")
    consent_given = forms.TypedChoiceField(label=_("Do you give your consent?"), required=False,
                                           widget=forms.RadioSelect,
                                           coerce=lambda v: {"yes": True, "no": False}.get(v),
                                           choices=[("yes", _("Yes, I consent")), ("no", _("No, I do not consent"))])
    text = forms.CharField(label=_("Your answer"), required=False, widget=TEXT)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != FamilyRequest.Kind.CONSENT:
            del self.fields["consent_given"]
        else:
            self.fields["text"].label = _("A note for the nursery (optional)")
        if kind == FamilyRequest.Kind.BRING:
            self.fields["text"].label = _("A note (optional)")
            self.submit_label = _("Done, I'll bring it")


class EventForm(CrispyForm):
    submit_label = _("Create the event")
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Details"), required=False, widget=TEXT)
    room = forms.ModelChoiceField(label=_("Room (empty: everyone)"), queryset=Room.objects.none(), required=False)

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(setting=setting)


class SlotForm(CrispyForm):
    submit_label = _("Add time slot")
    starts_at = _datetime_field(_("Starts at"))
    length_minutes = forms.IntegerField(label=_("Length (minutes)"), initial=15, min_value=1)
    capacity = forms.IntegerField(label=_("Places"), initial=1, min_value=0)


class RsvpForm(CrispyForm):
    submit_label = _("Book this time")
    slot = forms.ChoiceField(label=_("Choose a time"), widget=forms.RadioSelect)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {str(s.pk): s for s in slots}
        self.fields["slot"].choices = [
            (str(s.pk), _("%(when)s (%(n)s free)") % {"when": date_format(s.starts_at, "D d M H:i"), "n": s.free})
            for s in slots
        ]


class SettlingPlanForm(CrispyForm):
    submit_label = _("Start the settling-in plan")
    notes = forms.CharField(label=_("What we know about the child (comforters, routines)"), required=False,
                            widget=TEXT)


class SettlingSessionForm(CrispyForm):
    submit_label = _("Add session")
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Time"), widget=TIME)
    length_minutes = forms.IntegerField(label=_("Length (minutes)"), initial=60)
    parent_stays = forms.BooleanField(label=_("Parent stays"), required=False, initial=True)


class NoteForm(CrispyForm):
    submit_label = _("Save")
    note = forms.CharField(label=_("How it went"), widget=TEXT)


class SettledForm(CrispyForm):
    submit_label = _("Settled: complete the plan")
    settled_on = forms.DateField(label=_("Settled on"), widget=DATE)
    final_review = forms.CharField(label=_("Final review"), widget=TEXT)


class ProgressCheckForm(CrispyForm):
    submit_label = _("Save the progress check")
    checked_on = forms.DateField(label=_("Date of the check"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, area in PRIME_AREAS:
            for part, label in (("going_well", _("going well")), ("support", _("support needed")),
                                ("next_steps", _("next steps"))):
                self.fields[f"{code}_{part}"] = forms.CharField(label=f"{area}: {label}", required=False,
                                                                widget=forms.Textarea(attrs={"rows": 2}))


class ContributionForm(CrispyForm):
    submit_label = _("Save my contribution")
    parent_contribution = forms.CharField(label=_("What you see at home"), widget=forms.Textarea(attrs={"rows": 5}))


class TransitionForm(CrispyForm):
    destination = forms.CharField(label=_("Next setting or school"), max_length=200)
    moving_on = forms.DateField(label=_("Moving on"), required=False, widget=DATE)
    interests = forms.CharField(label=_("Interests"), required=False, widget=TEXT)
    strengths = forms.CharField(label=_("Strengths"), required=False, widget=TEXT)
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=TEXT)
    care_needs = forms.CharField(label=_("Care needs"), required=False, widget=TEXT)


class FamilySectionForm(CrispyForm):
    family_section = forms.CharField(label=_("About our child, from us"), widget=forms.Textarea(attrs={"rows": 6}))
