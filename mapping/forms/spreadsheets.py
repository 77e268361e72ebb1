from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from mapping.spreadsheets import (
    CHOICES,
    IMPORT_EXTENSIONS,
    TARGETS,
    TARGETS_BY_KEY,
    max_bytes,
    too_big_message,
)
from mapping.spreadsheets.limits import max_rows


class ImportUploadForm(forms.Form):
    """The upload: checked for its name and size only. The file is read by a background job
    (mapping/spreadsheets/jobs.py), which refuses what cannot be imported, with the reason,
    on the import's page."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        validators=[FileExtensionValidator(allowed_extensions=IMPORT_EXTENSIONS)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file or an Excel workbook (.xlsx) of at most %(size)s and %(rows)s rows, "
            "with the column headings in the first row: one organisation or one contact "
            "person a row."
        ) % {
            "size": filesizeformat(max_bytes()),
            "rows": number_format(max_rows(), force_grouping=True),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in IMPORT_EXTENSIONS
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.data_bytes = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before reading, so that a huge file is never read into memory.
        if upload.size > max_bytes():
            raise forms.ValidationError(too_big_message(), code="too_big")
        self.data_bytes = upload.read()
        return upload


DEFAULT_LABELS = {
    "sector": _("Sector"),
    "kind": _("Kind"),
    "se_status": _("Social-economy status"),
}


class ImportColumnsForm(forms.Form):
    """For each column of the file, the portal field it fills; and defaults for new rows.
    `sheet` is what the reading job kept of the file (stored.SheetSummary)."""

    def __init__(self, *args, sheet, column_map, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        columns = (column_map or {}).get("columns") or []
        defaults = (column_map or {}).get("defaults") or {}
        choices = [("", _("Ignore this column")), *((t.key, t.label) for t in TARGETS)]
        names = []
        for index, heading in enumerate(sheet.headers):
            name = f"column_{index}"
            samples = sheet.samples(index)
            self.fields[name] = forms.ChoiceField(
                label=_("Column “%(heading)s”") % {"heading": heading},
                choices=choices,
                required=False,
                initial=columns[index] if index < len(columns) else "",
                help_text=(
                    _("For example: %(values)s") % {"values": "; ".join(samples)}
                    if samples
                    else _("The column is empty.")
                ),
            )
            names.append(name)
        for field_name, enum in CHOICES.items():
            if field_name == "se_status":
                empty = _("Not a social-economy enterprise, unless the file says")
                options = [("", empty), *enum.choices[1:]]
            else:
                options = [("", _("None: the file must say")), *enum.choices]
            self.fields[f"default_{field_name}"] = forms.ChoiceField(
                label=DEFAULT_LABELS[field_name],
                choices=options,
                required=False,
                initial=defaults.get(field_name, ""),
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("What each column of the file holds"), *names),
            Fieldset(
                _("For new organisations, where the file does not say"),
                *(f"default_{name}" for name in CHOICES),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for index in range(len(self.sheet.headers)):
            key = cleaned.get(f"column_{index}")
            if key:
                chosen.setdefault(key, []).append(index)
        for key, indexes in chosen.items():
            if len(indexes) > 1:
                for index in indexes:
                    self.add_error(
                        f"column_{index}",
                        _("Only one column can fill “%(field)s”.")
                        % {"field": TARGETS_BY_KEY[key].label},
                    )
        if "name" not in chosen:
            raise forms.ValidationError(
                _(
                    "Choose the column that holds the organisation's name: the import cannot "
                    "do without it."
                ),
                code="no_name",
            )
        return cleaned

    def column_map(self):
        data = self.cleaned_data
        return {
            "columns": [data.get(f"column_{i}") or "" for i in range(len(self.sheet.headers))],
            "defaults": {
                name: data[f"default_{name}"] for name in CHOICES if data.get(f"default_{name}")
            },
        }
