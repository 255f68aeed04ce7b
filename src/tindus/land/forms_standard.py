"""Forms of the CNIG import and export: the export's format, the files of an import."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .standard_files import FORMATS

EXTENSIONS = {".gpkg", ".csv", ".zip"}
UPLOAD_MAX_BYTES = 100 * 1024 * 1024


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[(f, f) for f in FORMATS])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "A GeoPackage in the standard's template, or the standard's CSV files (one per class: several files, "
            "or a zip of them)."
        ),
    )
    synthetic = forms.BooleanField(label=_("These data are synthetic (a demonstration, a test)"), required=False)

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        for upload in uploads:
            suffix = Path(upload.name).suffix.lower()
            if suffix not in EXTENSIONS:
                raise forms.ValidationError(
                    _("Files of type “%(suffix)s” are not accepted here. Accepted: %(accepted)s."),
                    params={"suffix": suffix or "?", "accepted": ", ".join(sorted(EXTENSIONS))},
                )
            if upload.size > UPLOAD_MAX_BYTES:
                raise forms.ValidationError(
                    _("This file weighs %(size)s; the limit is %(limit)s."),
                    params={"size": filesizeformat(upload.size), "limit": filesizeformat(UPLOAD_MAX_BYTES)},
                )
        return uploads
