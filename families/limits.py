"""Length caps for everything people type, applied by the base forms (families.forms.CrispyForm/CrispyModelForm).

A field that sets its own max_length keeps it. A textarea gets no HTML maxlength (a browser would silently cut
a paste: nothing a user wrote is lost); it gets data-maxlength, which static/js/counter.js turns into a live
"n characters left", and the server refuses anything longer with a message next to the field.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .params import EARLIEST_DAY, LATEST_DAY, day_in_range
from .validators import SingleLineValidator

LINE_MAX = 200
TEXT_MAX = 5000
INT_MAX = 2**31 - 1

TOO_LONG = _("Keep this to %(limit_value)d characters; it has %(show_value)d. Nothing was saved yet: shorten it "
             "and send again.")


def _is_textarea(field) -> bool:
    return isinstance(field.widget, forms.Textarea)


@deconstructible
class DayInRangeValidator:
    """0001-01-01 or 9999-12-31 mean nothing in a nursery, and a day's arithmetic near them overflows."""

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime) else value
        if day is not None and not day_in_range(day):
            raise ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                params={"first": date_format(EARLIEST_DAY, "DATE_FORMAT"), "last": date_format(LATEST_DAY, "DATE_FORMAT")},
                code="day_out_of_range",
            )

    def __eq__(self, other):
        return isinstance(other, DayInRangeValidator)


def cap_free_text(form) -> None:
    """Caps on every text field, and a sane range on every date field, of `form`."""
    for field in form.fields.values():
        if isinstance(field, forms.IntegerField) and not isinstance(field.widget, forms.HiddenInput):
            # Beyond a PostgreSQL integer the save would fail with a 500; say so next to the field instead.
            if field.max_value is None:
                field.max_value = INT_MAX
                field.validators.append(MaxValueValidator(INT_MAX))
            if field.min_value is None:
                field.min_value = -INT_MAX
                field.validators.append(MinValueValidator(-INT_MAX))
        if isinstance(field, (forms.DateField, forms.DateTimeField)) and not any(isinstance(v, DayInRangeValidator) for v in field.validators):
            field.validators.append(DayInRangeValidator())
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
            continue
        textarea = _is_textarea(field)
        if field.max_length is None:
            field.max_length = TEXT_MAX if textarea else LINE_MAX
            field.validators.append(MaxLengthValidator(field.max_length))
        field.error_messages.setdefault("max_length", TOO_LONG)  # wins over the validator's own message
        if textarea:
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-maxlength"] = str(field.max_length)
        else:
            field.widget.attrs["maxlength"] = str(field.max_length)
            if not any(isinstance(v, SingleLineValidator) for v in field.validators):
                field.validators.append(SingleLineValidator())
