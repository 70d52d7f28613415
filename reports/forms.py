from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from families.models import Membership
from families.params import EARLIEST_DAY, LATEST_DAY, day_in_range

from . import periods
from .numbers import day_text

PERIOD_CHOICES = [
    ("term", _("This term")),
    ("week", _("This week")),
    ("last_term", _("Last term")),
    ("custom", _("Custom dates")),
]


class ReportFilterForm(forms.Form):
    """Scope (setting, room or key person) and period. Read from the query string, so reports can be bookmarked."""

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False, initial="term")
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # Plain choices loaded once (one query each), not ModelChoiceFields that query again while rendering.
    room = forms.ChoiceField(
        label=_("Room"), required=False,
        error_messages={"invalid_choice": _("That room is not one of the rooms you can report on: it may belong to "
                                            "another setting, or you may not work in it.")},
    )
    key_person = forms.ChoiceField(
        label=_("Key person"), required=False,
        error_messages={"invalid_choice": _("That key person is not one you can report on.")},
    )

    def __init__(self, *args, membership, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.rooms = {str(room.pk): room for room in rooms}
        if membership.is_manager:
            staff = Membership.objects.filter(setting_id=membership.setting_id, is_active=True)
        else:
            staff = Membership.objects.filter(
                setting_id=membership.setting_id, is_active=True, rooms__in=rooms.values("pk")
            ).distinct()
        self.staff = {str(m.pk): m for m in staff.select_related("user").order_by("user__full_name", "pk")}
        everything = _("The whole setting") if membership.is_manager else _("All my rooms")
        self.fields["room"].choices = [("", everything)] + [(k, r.name) for k, r in self.rooms.items()]
        self.fields["key_person"].choices = [("", _("Everyone"))] + [(k, str(m.user)) for k, m in self.staff.items()]

    def clean_room(self):
        return self.rooms.get(self.cleaned_data.get("room") or "")

    def clean_key_person(self):
        return self.staff.get(self.cleaned_data.get("key_person") or "")

    def clean(self):
        data = super().clean()
        kind = data.get("period") or "term"
        data["period"] = kind
        if kind != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day is not None and not day_in_range(day):
                self.add_error(name, _("Choose a date between %(first)s and %(last)s.") % {
                    "first": date_format(EARLIEST_DAY, "DATE_FORMAT"), "last": date_format(LATEST_DAY, "DATE_FORMAT")})
                data[name] = None
        start, end = data.get("start"), data.get("end")
        if not start and "start" not in self.errors:
            self.add_error("start", _("Choose the first day of the period."))
        if not end and "end" not in self.errors:
            self.add_error("end", _("Choose the last day of the period."))
        if start and end:
            if end < start:
                self.add_error("end", _("The period ends before it starts: choose an end date on or after %(start)s.")
                               % {"start": day_text(start)})
            elif (end - start).days + 1 > periods.max_period_days():
                self.add_error("end", _("A report covers at most 2 years: choose an end date within 2 years of the start."))
        return data
