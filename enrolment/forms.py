from django import forms
from django.utils.translation import gettext_lazy as _

from families.forms import CrispyForm

from . import columns


class UploadForm(CrispyForm):
    submit_label = _("Read the file")
    file = forms.FileField(label=_("Spreadsheet (CSV or Excel .xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}))


class MappingForm(CrispyForm):
    """For each column Triangle did not recognise: which of the sheet's fields it holds, or none."""

    submit_label = _("Use these columns")

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = {}
        for kind, sheet in batch.sheets.items():
            choices = [("", _("Leave this column out"))] + [
                (column.field, column.label) for column in columns.COLUMNS[kind]]
            chosen = batch.mapping.get(kind, {})
            for index, header in enumerate(sheet["headers"]):
                if not header or header in batch.recognised.get(kind, {}):
                    continue
                name = f"{kind}__{index}"
                self.fields[name] = forms.ChoiceField(
                    label=_("“%(column)s” (sheet “%(sheet)s”)") % {"column": header[:100], "sheet": sheet["name"][:100]},
                    choices=choices, required=False, initial=chosen.get(header, ""))
                self.columns[name] = (kind, header)

    def mapping(self):
        chosen = {}
        for name, (kind, header) in self.columns.items():
            chosen.setdefault(kind, {})[header] = self.cleaned_data.get(name, "")
        return chosen
