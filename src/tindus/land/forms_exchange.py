"""Forms of the offers and needs pages: a plot or premises offered, a company's need (its own establishment
for a company representative), a need from a synergy pooling, and a match's move along the pipeline."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tindus.plan.forms import check_siret
from tindus.synergies.models import Kind as OpportunityKind
from tindus.synergies.models import Opportunity
from tindus.territories.models import Territory

from .models import LandNeed, LandOffer, LandUnit, OfferMatch
from .models.exchange import SERVICES, Property, Transaction

POSITIVE = _("The surface must be above zero.")


def commune_choices(territory: Territory) -> list[tuple[str, str]]:
    return [
        (code, f"{name} ({code})") for code, name in territory.communes.order_by("name").values_list("code", "name")
    ]


def _services_field(label) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=SERVICES, required=False, widget=forms.CheckboxSelectMultiple)


def _positive(value: float | None) -> float | None:
    if value is not None and value <= 0:
        raise forms.ValidationError(POSITIVE)
    return value


class OfferForm(forms.ModelForm):
    class Meta:
        model = LandOffer
        fields = ["title", "kind", "transaction", "commune", "surface", "price_min", "price_max", "services", "unit",
                  "brownfield", "description", "status"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"] = forms.ChoiceField(label=_("Commune"), choices=commune_choices(territory))
        self.fields["services"] = _services_field(_("Services"))
        self.fields["unit"].queryset = LandUnit.objects.filter(zone__territory=territory).select_related("zone")
        self.fields["unit"].help_text = _("The land unit of a zone of the territory, if the offer is on one.")
        self.fields["brownfield"].queryset = territory.brownfields.all()
        self.fields["brownfield"].help_text = _("The brownfield of the territory, if the offer is on one.")
        self.fields["surface"].validators = []

    def clean_surface(self) -> float | None:
        return _positive(self.cleaned_data.get("surface"))

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price must not be below the lowest."))
        return data


class NeedForm(forms.ModelForm):
    """A need: the company (the team any; a company representative its own establishment only), what, how
    large, for how much, where and with which services."""

    class Meta:
        model = LandNeed
        fields = ["siret", "company_name", "kind", "transaction", "surface_min", "surface_max", "budget_max",
                  "communes", "services", "description", "status"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, territory: Territory, sirets: frozenset[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sirets = sirets
        self.fields["communes"] = forms.MultipleChoiceField(
            label=_("Wished communes"), choices=commune_choices(territory), required=False,
            help_text=_("None: anywhere in the territory."),
        )  # fmt: skip
        self.fields["services"] = _services_field(_("Services needed"))
        self.fields["surface_min"].validators = []
        if sirets is not None:
            self.fields["siret"] = forms.ChoiceField(label=_("Establishment"), choices=[(s, s) for s in sorted(sirets)])

    def clean_siret(self) -> str:
        siret = check_siret(self.cleaned_data.get("siret") or "")
        if self.sirets is not None and siret not in self.sirets:
            raise forms.ValidationError(_("You may declare needs for your own establishment only."))
        return siret

    def clean_surface_min(self) -> float | None:
        return _positive(self.cleaned_data.get("surface_min"))

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("surface_min"), data.get("surface_max")
        if low is not None and high is not None and high < low:
            self.add_error("surface_max", _("The largest surface must not be below the smallest."))
        return data


class PoolingNeedForm(forms.Form):
    """A premises or land need of a synergy pooling (a shared warehouse…): the pooling and what it needs."""

    opportunity = forms.ModelChoiceField(label=_("Pooling"), queryset=Opportunity.objects.none())
    kind = forms.ChoiceField(label=_("What"), choices=Property.choices, initial=Property.PREMISES)
    transaction = forms.ChoiceField(label=_("Transaction"), choices=Transaction.choices, initial=Transaction.EITHER)
    surface_min = forms.FloatField(label=_("Surface from (m²)"))
    surface_max = forms.FloatField(label=_("Surface up to (m²)"), required=False)

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        kwargs.setdefault("prefix", "pooling")
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = pooling_opportunities(territory)

    def clean_surface_min(self) -> float | None:
        return _positive(self.cleaned_data.get("surface_min"))

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("surface_min"), data.get("surface_max")
        if low is not None and high is not None and high < low:
            self.add_error("surface_max", _("The largest surface must not be below the smallest."))
        return data


def pooling_opportunities(territory: Territory):
    """The territory's pooling opportunities still open (not dropped)."""
    return territory.synergy_opportunities.filter(kind=OpportunityKind.POOLING).exclude(status="abandoned")


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=OfferMatch.Stage.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
