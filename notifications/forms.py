from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import push
from .models import Preference, ReminderSettings


class _TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self):
        super().__init__(format="%H:%M")


class PreferenceForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Same as my profile"))] + list(settings.LANGUAGES))

    class Meta:
        model = Preference
        fields = ["channel", "delivery", "digest_time", "quiet_start", "quiet_end", "language"]
        widgets = {"digest_time": _TimeInput(), "quiet_start": _TimeInput(), "quiet_end": _TimeInput()}
        help_texts = {"quiet_start": _("Times are in your nursery's time zone. Leave both empty for no quiet hours."),
                      "delivery": _("Urgent messages (such as an accident report) are always sent straight away.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["window_start", "window_end", "end_of_day", "request_days_before_due", "chase_every_days",
                  "weekly_day"]
        widgets = {"window_start": _TimeInput(), "window_end": _TimeInput(), "end_of_day": _TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class PushSubscriptionForm(forms.Form):
    """What the browser's PushManager gives for this device (static/js/push.js posts it)."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not push.service_allowed(endpoint):
            raise forms.ValidationError(_("This browser's push service is not one Triangle sends to."))
        return endpoint

    def clean_p256dh(self):
        value = self.cleaned_data["p256dh"]
        if not push.valid_browser_key(value):
            raise forms.ValidationError(_("The browser sent a key Triangle cannot use."))
        return value

    def clean_auth(self):
        value = self.cleaned_data["auth"]
        if not push.valid_auth_secret(value):
            raise forms.ValidationError(_("The browser sent a key Triangle cannot use."))
        return value

