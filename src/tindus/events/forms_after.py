"""The short feedback one side gives on a meeting after it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from .models import Feedback, Outcome


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["outcome", "synergy_category", "note"]
        widgets = {"outcome": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Outcome.choices  # no empty choice among the radio buttons
        self.fields["synergy_category"].help_text = _("Required when a synergy was identified.")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == Outcome.SYNERGY and not data.get("synergy_category"):
            self.add_error("synergy_category", _("Say which kind of synergy was identified."))
        elif data.get("outcome") and data.get("outcome") != Outcome.SYNERGY:
            data["synergy_category"] = ""
        return data
