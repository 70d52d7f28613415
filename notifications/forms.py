from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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
