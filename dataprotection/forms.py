from django import forms
from django.utils.translation import gettext_lazy as _

from families.forms import CrispyForm
from families.models import Carer, Child
from families.validators import validate_single_line

from . import held
from .models import REASON_MAX, AnonymisedRow, SafeguardingReview, SubjectAccessRequest


def _not_erased(queryset, model):
    """Children and carers erased under retention stay only as anonymised rows for the reports: not offered here."""
    return queryset.exclude(pk__in=AnonymisedRow.objects.filter(model=model).values("object_id"))

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # a date input reads ISO dates only


class SubjectAccessStartForm(CrispyForm):
    """A manager records a request made on paper or in person."""

    submit_label = _("Record the request and prepare the copy")

    child = forms.ModelChoiceField(label=_("Child"), queryset=Child.objects.none())
    requester = forms.ModelChoiceField(label=_("Who asked"), queryset=Carer.objects.none())
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    copy = forms.ChoiceField(label=_("Copy"), choices=SubjectAccessRequest.Copy.choices,
                             initial=SubjectAccessRequest.Copy.FAMILY)

    def __init__(self, *args, setting, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _not_erased(Child.objects.filter(setting=setting), "families.Child")
        self.fields["requester"].queryset = _not_erased(Carer.objects.filter(setting=setting), "families.Carer")
        self.fields["received_on"].initial = today


class SafeguardingDecisionForm(CrispyForm):
    submit_label = _("Save the decision")

    decision = forms.ChoiceField(label=_("Decision"), choices=SafeguardingReview.Decision.choices,
                                 widget=forms.RadioSelect)
    note = forms.CharField(label=_("Why (kept with the request)"), required=False, max_length=REASON_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RetentionPeriodsForm(CrispyForm):
    submit_label = _("Save the periods")

    def __init__(self, *args, periods, leaver_access_days, **kwargs):
        super().__init__(*args, **kwargs)
        for code, record_type in held.RECORD_TYPES.items():
            self.fields[code] = forms.IntegerField(
                label=record_type.label, help_text=record_type.basis_label, min_value=1, max_value=100,
                initial=periods[code])
        self.fields["leaver_access_days"] = forms.IntegerField(
            label=_("Days a family keeps read access after their child leaves"), min_value=0, max_value=730,
            initial=leaver_access_days)


class LegalHoldForm(CrispyForm):
    submit_label = _("Place the hold")

    child = forms.ModelChoiceField(label=_("Child"), queryset=Child.objects.none())
    record_type = forms.ChoiceField(label=_("Records"), required=False)
    reason = forms.CharField(label=_("Why (e.g. an open safeguarding matter, a claim)"), max_length=300,
                             validators=[validate_single_line])

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _not_erased(Child.objects.filter(setting=setting), "families.Child")
        self.fields["record_type"].choices = [("", _("Every record of this child"))] + [
            (code, t.label) for code, t in held.RECORD_TYPES.items()]


class ConfirmErasureForm(CrispyForm):
    submit_label = _("Erase these records")

    confirm = forms.BooleanField(label=_("I have reviewed the list: erase these records for good."))
