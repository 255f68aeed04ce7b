"""The filters of the steering's list of projects: each bad value refused at its field, in French."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.plan.models import Status

from .models import Theme
from .projects import NO_THEME, UNKNOWN_SECTOR, Filters

AMOUNT_MAX = Decimal("1e12")
_SPACES = re.compile(r"[\s\u00a0\u202f€]+")


class AmountField(forms.Field):
    """An amount in euros, written the French way or not: « 15 000 », « 15000,50 », « 15 000 € »."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter an amount in euros, e.g. 15 000."),
        "negative": gettext_lazy("An amount cannot be negative."),
        "too_large": gettext_lazy("This amount is too large."),
    }

    def to_python(self, value: object) -> Decimal | None:
        text = _SPACES.sub("", str(value or "")).replace(",", ".")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if amount < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if amount > AMOUNT_MAX:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount


class ProjectFilterForm(forms.Form):
    """GET filters; the choices of funders, sectors, communes and territories are those found in the list."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200,
                        help_text=gettext_lazy("Title, porteur or summary."))  # fmt: skip
    theme = forms.ChoiceField(label=gettext_lazy("Common theme"), required=False)
    statut = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    financeur = forms.ChoiceField(label=gettext_lazy("Funder"), required=False)
    montant_min = AmountField(label=gettext_lazy("Funding from (€)"), required=False)
    montant_max = AmountField(label=gettext_lazy("Funding up to (€)"), required=False)
    secteur = forms.ChoiceField(label=gettext_lazy("Porteur's sector"), required=False)
    commune = forms.ChoiceField(label=gettext_lazy("Commune"), required=False)
    territoire = forms.ChoiceField(label=gettext_lazy("Territory"), required=False)

    def __init__(self, data, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data, auto_id="filtre-%s")
        every = [("", _("all"))]
        self.fields["theme"].choices = [*every, *Theme.choices, (NO_THEME, _("theme not mapped"))]
        self.fields["statut"].choices = [*every, *Status.choices]
        self.fields["financeur"].choices = [*every, *choices["financeur"]]
        self.fields["secteur"].choices = [*every, *choices["sector"], (UNKNOWN_SECTOR, _("unknown sector"))]
        self.fields["commune"].choices = [*every, *choices["commune"]]
        self.fields["territoire"].choices = [*every, *choices["territory"]]
        for name in ("theme", "statut", "financeur", "secteur", "commune", "territoire"):
            self.fields[name].error_messages["invalid_choice"] = _("This value is not among the choices offered.")

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("montant_min"), data.get("montant_max")
        if low is not None and high is not None and low > high:
            self.add_error("montant_max", _("The upper amount is below the lower one."))
        return data

    def filters(self) -> Filters:
        """The valid filters (a field with an error is left out: the list is not filtered by it)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        territory = data.get("territoire")
        return Filters(
            text=data.get("q", "") or "",
            theme=data.get("theme", "") or "",
            status=data.get("statut", "") or "",
            financeur=data.get("financeur", "") or "",
            amount_min=data.get("montant_min"),
            amount_max=data.get("montant_max"),
            sector=data.get("secteur", "") or "",
            commune=data.get("commune", "") or "",
            territory=int(territory) if territory else None,
        )
