from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tindus.core.collation import french_key, sorted_by_name
from tindus.core.forms import DATE_INPUT

from .compute.segments import BANDS_OF_CLASS
from .models import Audience, Campaign

NAF_PREFIX = re.compile(r"\d{1,2}(\.\d{0,2}[A-Z]?)?")


class CampaignForm(forms.ModelForm):
    audience = forms.ChoiceField(label=_("Who answers"), choices=Audience.choices)

    class Meta:
        model = Campaign
        fields = ["title", "opens_on", "closes_on", "remind_on"]
        widgets = {"opens_on": DATE_INPUT, "closes_on": DATE_INPUT, "remind_on": DATE_INPUT}

    def clean(self) -> dict:
        data = super().clean()
        opens, closes, remind = data.get("opens_on"), data.get("closes_on"), data.get("remind_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The consultation closes before it opens."))
        if remind and data.get("audience") == Audience.EMPLOYEES:
            self.add_error("remind_on", _("Employees answer through shared links: there is no invitation to remind."))
        elif remind and opens and closes and not opens <= remind <= closes:
            self.add_error("remind_on", _("The reminder must fall while the consultation is open, between its dates."))
        return data


class WarehouseInvitationForm(forms.Form):
    """Which establishments of the territory to invite, from SIRENE in the warehouse."""

    naf_prefix = forms.CharField(label=_("NAF code or its beginning"), required=False, max_length=6,
                                 help_text=_("e.g. 25 for metal products, 25.62A for machining."))  # fmt: skip
    size = forms.ChoiceField(label=_("Size"), required=False)
    epci = forms.ChoiceField(label=_("EPCI"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    employers_only = forms.BooleanField(label=_("Employers only"), required=False, initial=True)

    def __init__(self, *args, territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communes = sorted_by_name(territory.communes.select_related("epci"))
        everything = [("", _("all"))]
        self.fields["size"].choices = everything + [(c, c) for c in BANDS_OF_CLASS]
        epcis = {c.epci.siren: c.epci.name for c in communes if c.epci}
        self.fields["epci"].choices = everything + sorted(epcis.items(), key=lambda item: french_key(item[1]))
        self.fields["commune"].choices = everything + [(c.code, f"{c.name} ({c.code})") for c in communes]

    def clean_naf_prefix(self) -> str:
        value = self.cleaned_data["naf_prefix"].strip().upper()
        if value and not NAF_PREFIX.fullmatch(value):
            raise forms.ValidationError(_("Give a NAF code or its beginning, e.g. 25, 25.6 or 25.62A."))
        return value


class InviteForm(forms.Form):
    siret = forms.CharField(label=_("SIRET"), max_length=20)
    email = forms.EmailField(label=_("Email"), required=False)


class InvitationFileForm(forms.Form):
    file = forms.FileField(label=_("CSV file (columns siret and email)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class PublicationForm(forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, auto_id="publication-%s", **kwargs)  # ids of its own on the results page

    class Meta:
        model = Campaign
        fields = ["published_to"]
        widgets = {"published_to": forms.RadioSelect}
