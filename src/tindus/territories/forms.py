import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tindus.referentials.models import Commune, Epci

from .models import Comment, Territory
from .perimeters import CUSTOM_COG_VINTAGE


def _tokens(value: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", value or "") if t]


class CustomTerritoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Presentation"), widget=forms.Textarea, required=False)
    epci_sirens = forms.CharField(
        label=_("EPCI (SIREN)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The 9-digit SIREN of each intercommunality, one per line or separated by commas."),
    )
    commune_codes = forms.CharField(
        label=_("Single communes (INSEE code)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Communes added one by one, 5-character INSEE codes (e.g. 25411)."),
    )

    def clean_epci_sirens(self) -> list[Epci]:
        sirens = _tokens(self.cleaned_data["epci_sirens"])
        malformed = [s for s in sirens if not re.fullmatch(r"\d{9}", s)]
        if malformed:
            raise forms.ValidationError(_("Not a 9-digit SIREN: %(values)s"), params={"values": ", ".join(malformed)})
        found = {e.siren: e for e in Epci.objects.filter(vintage=CUSTOM_COG_VINTAGE, siren__in=sirens)}
        unknown = [s for s in sirens if s not in found]
        if unknown:
            raise forms.ValidationError(
                _("No EPCI with SIREN %(values)s in COG %(vintage)s."),
                params={"values": ", ".join(unknown), "vintage": CUSTOM_COG_VINTAGE},
            )
        return list(dict.fromkeys(found[s] for s in sirens))

    def clean_commune_codes(self) -> list[Commune]:
        codes = [c.upper() for c in _tokens(self.cleaned_data["commune_codes"])]
        found = {
            c.code: c
            for c in Commune.objects.filter(vintage=CUSTOM_COG_VINTAGE, kind=Commune.Kind.CURRENT, code__in=codes)
        }
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("No commune with INSEE code %(values)s in COG %(vintage)s."),
                params={"values": ", ".join(unknown), "vintage": CUSTOM_COG_VINTAGE},
            )
        return list(dict.fromkeys(found[c] for c in codes))

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("epci_sirens") and not data.get("commune_codes"):
            raise forms.ValidationError(_("Give at least one EPCI or one commune."))
        return data


class StartFromOfficialForm(forms.Form):
    wave = forms.TypedChoiceField(label=_("Wave"), choices=Territory.Wave.choices, coerce=int)
    official_id = forms.CharField(label=_("ANCT id"), max_length=10, help_text=_("For example ti-2704."))

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["territory"] = Territory.objects.get(
                kind=Territory.Kind.OFFICIAL, wave=data["wave"], official_id=data["official_id"].strip()
            )
        except Territory.DoesNotExist:
            raise forms.ValidationError(
                _("No Territoire d'industrie %(id)s in wave %(wave)s."),
                params={"id": data["official_id"], "wave": data["wave"]},
            ) from None
        return data


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class PresentationForm(forms.ModelForm):
    """What the team writes about its territory (shown on the public page)."""

    class Meta:
        model = Territory
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
