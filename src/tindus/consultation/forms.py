from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tindus.core.forms import DATE_INPUT

from .models import Audience, Campaign


class CampaignForm(forms.ModelForm):
    audience = forms.ChoiceField(label=_("Who answers"), choices=Audience.choices)

    class Meta:
        model = Campaign
        fields = ["title", "opens_on", "closes_on"]
        widgets = {"opens_on": DATE_INPUT, "closes_on": DATE_INPUT}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The consultation closes before it opens."))
        return data
