"""Forms of the child's day. They check shapes; diaries.services checks meaning and reports per field."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.forms import DATE, CrispyForm
from families.limits import cap_free_text
from families.uploads import PhotoField

from . import phrasebook
from .models import Absence, Accident, DiaryEntry

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SHORT = forms.Textarea(attrs={"rows": 2})


def combine(setting, day, time):
    """A wall-clock time on a day, in the setting's time zone."""
    if time is None:
        return None
    return datetime.combine(day, time).replace(tzinfo=setting.tz)


def now_time(setting):
    return timezone.now().astimezone(setting.tz).time().replace(second=0, microsecond=0)


class HandoverForm(CrispyForm):
    submit_label = _("Send the handover")
    night_sleep = forms.CharField(label=_("How was the night's sleep?"), required=False, max_length=300,
                                  widget=forms.TextInput(attrs={"placeholder": _("e.g. slept 7pm to 6am, woke once")}))
    last_feed = forms.CharField(label=_("Last feed or breakfast"), required=False, max_length=300)
    last_feed_at = forms.TimeField(label=_("At what time?"), required=False, widget=TIME)
    medicine_at_home = forms.CharField(label=_("Medicine given at home"), required=False, max_length=300,
                                       help_text=_("Name and dose, if any."))
    medicine_at = forms.TimeField(label=_("Medicine given at"), required=False, widget=TIME)
    mood_health = forms.CharField(label=_("Mood and health"), required=False, max_length=300)
    collector_name = forms.CharField(label=_("Who collects today?"), required=False, max_length=200)
    collect_at = forms.TimeField(label=_("Collection time"), required=False, widget=TIME)
    notes = forms.CharField(label=_("Anything else we should know?"), required=False, widget=SHORT)
    home_injury = forms.CharField(label=_("Any bump or injury at home?"), required=False, widget=SHORT,
                                  help_text=_("What happened, so staff know when they see it."))
    home_injury_body_area = forms.CharField(label=_("Where on the body?"), required=False, max_length=200)

    def __init__(self, *args, tomorrow=False, **kwargs):
        super().__init__(*args, **kwargs)
        if tomorrow:
            self.fields["collector_name"].label = _("Who collects tomorrow?")
            self.fields["night_sleep"].help_text = _("Or leave it for the morning: you can change this note "
                                                     "until staff read it.")

    def clean(self):
        data = super().clean()
        if data.get("medicine_at") and not data.get("medicine_at_home"):
            self.add_error("medicine_at_home", _("Which medicine was given?"))
        return data


class CheckInForm(CrispyForm):
    submit_label = _("Check in")
    brought_by = forms.CharField(label=_("Brought by"), max_length=200)
    time = forms.TimeField(label=_("Arrived at"), widget=TIME)


class CheckOutForm(CrispyForm):
    submit_label = _("Check out")
    collector = forms.ChoiceField(label=_("Collected by"), widget=forms.RadioSelect)
    collection_password = forms.CharField(
        label=_("Collection password"), required=False, max_length=100,
        help_text=_("Ask the collector to say it. Needed for an authorised collector."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    other_name = forms.CharField(label=_("Someone else: their name"), required=False, max_length=200)
    override_reason = forms.CharField(label=_("Manager override: reason"), required=False, widget=SHORT,
                                      help_text=_("Only a manager can release a child to someone not on the list."))
    time = forms.TimeField(label=_("Left at"), widget=TIME)
    day_summary = forms.CharField(
        label=_("End-of-day handover for the family"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your own words, shown as you type them. The meals, sleeps and nappies are added for each family "
                    "member in their own language."))

    def __init__(self, *args, links, collectors, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"link:{link.pk}", f"{link.carer.full_name} — {link.label}") for link in links]
        choices += [(f"collector:{c.pk}", _("%(name)s (%(rel)s) — authorised collector, password needed") % {
            "name": c.full_name, "rel": c.relationship}) for c in collectors]
        choices.append(("other", _("Someone else (manager override)")))
        self.fields["collector"].choices = choices
        self.links = {str(link.pk): link for link in links}
        self.collectors = {str(c.pk): c for c in collectors}

    def chosen(self):
        value = self.cleaned_data["collector"]
        kind, _sep, pk = value.partition(":")
        if kind == "link":
            return {"link": self.links[pk]}
        if kind == "collector":
            return {"collector": self.collectors[pk]}
        return {"other_name": self.cleaned_data.get("other_name") or ""}


class EntryForm(CrispyForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in DiaryEntry.Kind.choices if c[0] != "photo"])
    time = forms.TimeField(label=_("Time"), widget=TIME)
    end_time = forms.TimeField(label=_("Woke at (leave empty while sleeping)"), required=False, widget=TIME)
    what = forms.CharField(label=_("What"), required=False, max_length=200)
    amount = forms.ChoiceField(label=_("How much was eaten"), required=False,
                               choices=[("", "—")] + DiaryEntry.Amount.choices)
    ml = forms.IntegerField(label=_("Millilitres"), required=False, widget=forms.NumberInput(attrs={"min": 0}))
    nappy = forms.ChoiceField(label=_("Nappy / toilet"), required=False, choices=[("", "—")] + DiaryEntry.Nappy.choices)
    phrase = forms.ChoiceField(label=_("A phrase from the phrasebook"), required=False,
                               help_text=_("Each family reads it in their own language."))
    text = forms.CharField(label=_("Note"), required=False, widget=SHORT,
                           help_text=_("Shown to the family exactly as you type it."))
    is_good_news = forms.BooleanField(label=_("Good news — share it with the family"), required=False)
    staff_only = forms.BooleanField(label=_("Staff only (never shown to families)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phrase"].choices = phrasebook.choices("—")

    def entry_fields(self, setting, day):
        d = self.cleaned_data
        return {
            "occurred_at": combine(setting, day, d["time"]),
            "ends_at": combine(setting, day, d.get("end_time")),
            "what": d.get("what") or "", "amount": d.get("amount") or "", "ml": d.get("ml"),
            "nappy": d.get("nappy") or "", "text": d.get("text") or "", "phrase": d.get("phrase") or "",
            "is_good_news": d.get("is_good_news", False), "staff_only": d.get("staff_only", False),
        }


class EntryAmendForm(EntryForm):
    submit_label = _("Save the change")
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why are you changing it?"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DiaryEntry.Kind.choices  # a photo entry can be amended too
        self.fields["kind"].disabled = True
        self.fields["kind"].required = False


class RetractForm(CrispyForm):
    submit_label = _("Retract the entry")
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why are you retracting it?"), max_length=300, required=False)


COMMENT_MAX = 2000


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=COMMENT_MAX,
        error_messages={
            "required": _("Write your comment before sending."),
            "max_length": _("A comment can be up to %(limit_value)d characters; this one has %(show_value)d. "
                            "Shorten it, or send it as two comments."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_free_text(self)


class PhotoForm(CrispyForm):
    submit_label = _("Add the photo")
    image = PhotoField(label=_("Photo"), camera=True)
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    children = forms.ModelMultipleChoiceField(label=_("Children in the photo"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)
    is_good_news = forms.BooleanField(label=_("Good news"), required=False)
    staff_only = forms.BooleanField(label=_("Staff only (never shown to families)"), required=False)

    def __init__(self, *args, children_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children_qs
        # Django's ImageField uses Pillow too, but its message is generic: ours says what to do.
        self.fields["image"].error_messages["invalid_image"] = _(
            "This file is not an image. Upload a photo (JPEG, PNG, WebP or GIF).")


class HomeObservationForm(CrispyForm):
    submit_label = _("Share with the nursery")
    observed_on = forms.DateField(label=_("When"), widget=DATE)
    text = forms.CharField(label=_("What did you notice?"), widget=forms.Textarea(attrs={"rows": 4}))
    photo = PhotoField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].error_messages["invalid_image"] = _(
            "This file is not an image. Upload a photo (JPEG, PNG, WebP or GIF).")


class ReplyForm(CrispyForm):
    submit_label = _("Acknowledge")
    reply = forms.CharField(label=_("Reply (optional)"), required=False, widget=SHORT)


class AccidentForm(CrispyForm):
    submit_label = _("Record")
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in Accident.Kind.choices if c[0] != "home_injury"])
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    location = forms.CharField(label=_("Where"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    body_area = forms.CharField(label=_("Body area"), required=False, max_length=200)
    first_aid = forms.CharField(label=_("First aid given"), required=False, widget=SHORT)
    witness = forms.CharField(label=_("Witness"), required=False, max_length=200)
    parent_informed_at = forms.DateTimeField(label=_("Parent informed at"), required=False, widget=DATETIME)
    parent_informed_how = forms.CharField(label=_("How (phone, in person...)"), required=False, max_length=200)


class PaperSignatureForm(CrispyForm):
    submit_label = _("Record the paper signature")
    signed_by = forms.CharField(label=_("Signed by"), max_length=200)


class ConsentForm(CrispyForm):
    submit_label = _("Give consent")
    medicine = forms.CharField(label=_("Medicine"), max_length=200)
    dose = forms.CharField(label=_("Dose"), max_length=100, help_text=_("e.g. 5 ml"))
    when = forms.CharField(label=_("When to give it"), max_length=200,
                           help_text=_("e.g. at 12:00, or if temperature is above 38°C, at most every 4 hours"))
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    confirm = forms.BooleanField(label=_("I hold parental responsibility and give my written consent."))


class DoseForm(CrispyForm):
    submit_label = _("Record the dose")
    consent = forms.ModelChoiceField(label=_("Medicine (written consent)"), queryset=None, required=False,
                                     empty_label=_("— no consent on record —"))
    time = forms.TimeField(label=_("Given at"), widget=TIME)
    dose = forms.CharField(label=_("Dose given"), max_length=100)
    witness = forms.CharField(label=_("Witness"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def __init__(self, *args, consents_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents_qs
        if not consents_qs.exists():
            self.fields["consent"].help_text = _("No current consent: a dose cannot be recorded until a parent "
                                                 "with parental responsibility gives one.")


class ActivityForm(CrispyForm):
    submit_label = _("Suggest it to the family")
    title = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(label=_("How to do it at home"), widget=forms.Textarea(attrs={"rows": 3}))


class ActivityResponseForm(CrispyForm):
    submit_label = _("Tell the nursery")
    text = forms.CharField(label=_("How did it go?"), widget=forms.Textarea(attrs={"rows": 3}))


class AbsenceForm(CrispyForm):
    submit_label = _("Tell the setting")
    day = forms.DateField(label=_("Which day?"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.ChoiceField(label=_("Why?"), choices=Absence.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything staff should know?"), required=False, max_length=300,
                           help_text=_("e.g. 'temperature last night', 'back on Monday'."))
