"""Forms of a territory's side of the programme."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SharingSettings


class SharingForm(forms.ModelForm):
    """One level per kind of content; a value outside the levels is refused at its field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, auto_id="sharing-%s", **kwargs)
        for kind in SharingSettings.KINDS:
            field = self.fields[kind]
            field.error_messages["invalid_choice"] = _("Choose one of the three levels offered.")
            field.error_messages["required"] = _("Choose a level.")

    class Meta:
        model = SharingSettings
        fields = list(SharingSettings.KINDS)
        widgets = {kind: forms.RadioSelect for kind in SharingSettings.KINDS}
