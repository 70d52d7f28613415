import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .languages import picker_choices
from .limits import cap_free_text
from .models import (
    LIFT_REASON_MAX,
    RIGHTS_FIELDS,
    AuthorisedCollector,
    Carer,
    CarerLink,
    Child,
    Household,
    Membership,
    Room,
)
from .services import DETAIL_FIELDS
from .uploads import PhotoField


class LimitedInput:
    """Caps every field (families/limits.py) after each form class's own __init__, so fields a subclass adds
    in its __init__ are capped too."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None:
            return

        @functools.wraps(init)
        def capped_init(self, *args, **kwargs):
            init(self, *args, **kwargs)
            cap_free_text(self)

        cls.__init__ = capped_init


class CrispyForm(LimitedInput, forms.Form):
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class CrispyModelForm(LimitedInput, forms.ModelForm):
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGE_CHOICES = settings.LANGUAGES


class ChildForm(CrispyModelForm):
    class Meta:
        model = Child
        fields = [
            "legal_first_name", "legal_last_name", "preferred_name", "date_of_birth", "start_date", "leave_date",
            "room", "photo", "photo_consent", "home_languages", "dietary_notes", "allergy_notes", "medical_notes",
        ]
        widgets = {
            "date_of_birth": DATE, "start_date": DATE, "leave_date": DATE,
            "dietary_notes": forms.Textarea(attrs={"rows": 2}),
            "allergy_notes": forms.Textarea(attrs={"rows": 2}),
            "medical_notes": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"photo": PhotoField}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(setting=setting)

    def _post_clean(self):
        # Model validation happens in services.child_save, which reports field by field.
        pass


RIGHTS_WIDGETS = {"restriction_note": forms.Textarea(attrs={"rows": 2})}


class CarerForm(CrispyModelForm):
    """A family adult and their link to the child. Rights are offered only to a manager (`with_rights`)."""

    class Meta:
        model = CarerLink
        fields = list(DETAIL_FIELDS + RIGHTS_FIELDS)
        widgets = RIGHTS_WIDGETS

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    preferred_channel = forms.ChoiceField(label=_("Preferred contact"), choices=Carer.Channel.choices)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    needs_interpreter = forms.BooleanField(
        label=_("Needs an interpreter for meetings"), required=False,
        help_text=_("Shown on meeting invitations and to staff, so an interpreter can be booked."))
    household = forms.ModelChoiceField(label=_("Household"), queryset=Household.objects.none(), required=False)
    new_household_address = forms.CharField(
        label=_("...or a new home address"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )
    new_household_postcode = forms.CharField(label=_("Postcode of the new home"), max_length=12, required=False)
    lift_reason = forms.CharField(
        label=_("Why the restriction is lifted"), required=False, max_length=LIFT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when you untick 'restricted'. It stays in the record's history."),
    )
    lift_confirmed = forms.BooleanField(
        label=_("I confirm: lift the restriction, so this person sees the child's record again"), required=False
    )

    CARER_FIELDS = ["full_name", "email", "phone", "preferred_channel", "preferred_language", "needs_interpreter",
                    "household"]

    def __init__(self, *args, setting, carer=None, with_rights=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_rights = with_rights
        self.fields["household"].queryset = Household.objects.filter(setting=setting)
        restricted_now = self.instance.pk is not None and self.instance.is_restricted
        layout = [
            Fieldset(_("Who they are"), "full_name", "email", "phone", "preferred_channel", "preferred_language",
                     "needs_interpreter"),
            Fieldset(_("Home"), "household", "new_household_address", "new_household_postcode"),
            Fieldset(_("What they are to the child"), "relationship", "child_calls_them"),
        ]
        if with_rights:
            layout += [
                Fieldset(_("Rights (a manager's decision)"), "parental_responsibility", "lives_with_child",
                         "may_collect", "emergency_contact"),
                Fieldset(_("What they see and do in Triangle"), "can_see_diary", "can_contribute",
                         "can_see_concerns", "is_restricted", "restriction_note",
                         *(["lift_reason", "lift_confirmed"] if restricted_now else [])),
            ]
        # A field not offered is not there at all: a POST that adds it changes nothing.
        offered = set(RIGHTS_FIELDS) if with_rights else set()
        if restricted_now and with_rights:
            offered |= {"lift_reason", "lift_confirmed"}
        for name in set(RIGHTS_FIELDS) | {"lift_reason", "lift_confirmed"}:
            if name not in offered:
                del self.fields[name]
        self.helper.layout = Layout(*layout)
        if carer is not None:
            for name in self.CARER_FIELDS:
                self.initial.setdefault(name, getattr(carer, name if name != "household" else "household_id"))

    def clean(self):
        data = super().clean()
        if data.get("new_household_address") and not data.get("new_household_postcode"):
            self.add_error("new_household_postcode", _("Add the postcode of the new home."))
        return data

    def _post_clean(self):
        pass

    def carer_fields(self):
        return {name: self.cleaned_data[name] for name in self.CARER_FIELDS}

    def link_fields(self):
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}

    def rights(self):
        """The rights as ticked, or None when the form did not offer them."""
        if not self.with_rights:
            return None
        return {name: self.cleaned_data[name] for name in RIGHTS_FIELDS}

    def lift(self):
        return {"lift_reason": self.cleaned_data.get("lift_reason", ""),
                "lift_confirmed": bool(self.cleaned_data.get("lift_confirmed"))}


class LinkExistingCarerForm(CrispyModelForm):
    """Link an adult already known to the setting (a sibling's parent, say) to this child: a manager's decision."""

    class Meta:
        model = CarerLink
        fields = list(DETAIL_FIELDS + RIGHTS_FIELDS)
        widgets = RIGHTS_WIDGETS

    carer = forms.ModelChoiceField(label=_("Carer"), queryset=Carer.objects.none())

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carer"].queryset = Carer.objects.filter(setting=setting)
        self.order_fields(["carer"])

    def _post_clean(self):
        pass

    def link_fields(self):
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}

    def rights(self):
        return {name: self.cleaned_data[name] for name in RIGHTS_FIELDS}


class InviteCarerForm(CrispyForm):
    submit_label = _("Send invitation")
    email = forms.EmailField(label=_("Email"))


class KeyPersonForm(CrispyForm):
    submit_label = _("Assign key person")
    staff = forms.ModelChoiceField(label=_("Key person"), queryset=Membership.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    replace_current = forms.BooleanField(label=_("Replace the current key person"), required=False)

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Membership.objects.filter(setting=setting, is_active=True).select_related(
            "user"
        )
        self.fields["staff"].label_from_instance = lambda m: m.user.get_full_name()


class CollectorForm(CrispyForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    relationship = forms.CharField(label=_("Relationship to the child"), max_length=100)
    photo = PhotoField(label=_("Photo"), required=False)
    collection_password = forms.CharField(
        label=_("Collection password"),
        help_text=_("A word or phrase the collector says at the door; at least %(n)d characters.")
        % {"n": AuthorisedCollector.MIN_PASSWORD_LENGTH},
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["collection_password"].required = False
            self.fields["collection_password"].help_text = _("Leave empty to keep the current password.")


class StaffInviteForm(CrispyForm):
    submit_label = _("Send invitation")
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    is_dsl = forms.BooleanField(label=_("Designated safeguarding lead"), required=False)
    rooms = forms.ModelMultipleChoiceField(
        label=_("Rooms"), queryset=Room.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rooms"].queryset = Room.objects.filter(setting=setting)


class MembershipForm(CrispyModelForm):
    class Meta:
        model = Membership
        fields = ["role", "is_dsl", "job_title", "rooms", "is_active"]
        widgets = {"rooms": forms.CheckboxSelectMultiple}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rooms"].queryset = Room.objects.filter(setting=setting)


class RoomForm(CrispyModelForm):
    class Meta:
        model = Room
        fields = ["name", "age_range", "capacity"]

    def _post_clean(self):
        pass


class AcceptInvitationForm(CrispyForm):
    submit_label = _("Create my account")
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def __init__(self, *args, email, needs_password=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        if not needs_password:
            del self.fields["password1"]
            del self.fields["password2"]

    def clean(self):
        from django.contrib.auth import password_validation

        data = super().clean()
        if "password1" in self.fields and data.get("password1"):
            if data.get("password1") != data.get("password2"):
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    password_validation.validate_password(data["password1"])
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data


class MyProfileForm(CrispyForm):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    language = forms.ChoiceField(label=_("Language for pages and messages"), choices=picker_choices)
    photo = PhotoField(
        label=_("Your photo"), required=False,
        help_text=_("Families see the photo of their child's key person."),
    )
