"""Forms of the first-run set-up pages."""

import zoneinfo
from datetime import time

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from . import jurisdictions
from .forms import CrispyForm
from .models import Setting

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class FirstSettingForm(CrispyForm):
    submit_label = _("Create the setting and my account")
    setup_code = forms.CharField(
        label=_("Set-up code"), max_length=40,
        help_text=_("Printed by `manage.py setup_code` on the server, or shown in the server log at start."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    name = forms.CharField(label=_("Name of the setting"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Setting.Kind.choices)
    timezone_name = forms.ChoiceField(label=_("Time zone"), choices=_timezone_choices, initial="Europe/London")
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction profile"), choices=jurisdictions.CHOICES,
                                     initial=jurisdictions.EYFS.code,
                                     help_text=_("Which rules apply: deadlines for accidents, complaints, records."))
    opens_at = forms.TimeField(label=_("Opens at"), initial=time(8, 0), widget=TIME)
    closes_at = forms.TimeField(label=_("Closes at"), initial=time(18, 0), widget=TIME,
                                help_text=_("After this time families write tomorrow morning's handover."))
    manager_name = forms.CharField(label=_("Your name"), max_length=200)
    manager_email = forms.EmailField(label=_("Your email address"), max_length=254)
    password1 = forms.CharField(label=_("Password"), max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1"):
            if data.get("password1") != data.get("password2"):
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    password_validation.validate_password(data["password1"])
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data
