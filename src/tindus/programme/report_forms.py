"""The form that starts a yearly programme report: the year (checked against the scope's data) and the
format(s)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.referentials.models import Region

from .compute.report import FIRST_YEAR
from .report import year_error

FORMAT_CHOICES = [("pdf", gettext_lazy("PDF (for reading and printing)")), ("xlsx", gettext_lazy("XLSX (spreadsheet)"))]


class ReportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))
    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Format"),
        choices=FORMAT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["pdf"],
        error_messages={"required": gettext_lazy("Choose at least one format.")},
    )

    def __init__(self, *args, region: Region | None, today: dt.date, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.region, self.today, self.years = region, today, years
        field = self.fields["year"]
        field.widget.attrs.update(min=FIRST_YEAR, max=today.year, inputmode="numeric")
        if years:
            # The last complete year with data, for the annual review; else the current one.
            field.initial = max((y for y in years if y < today.year), default=years[-1])
            field.help_text = _("Years with shared data: %(years)s.") % {"years": ", ".join(map(str, years))}
        else:
            field.help_text = _("No territory of this scope has shared dated data yet.")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        error = year_error(year, self.region, self.today, self.years)
        if error:
            raise forms.ValidationError(error)
        return year
