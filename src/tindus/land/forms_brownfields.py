"""Forms of the brownfields pages: a brownfield's status, pollution, surfaces, owner and zone (checked against
the Friches standard's lists), and the upload of a Cartofriches export."""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils.translation import gettext_lazy as _

from tindus.territories.models import Territory

from .compute.friches import CATPRO
from .compute.schema import load_schema
from .models import Brownfield


def enum_choices(name: str) -> list[tuple[str, str]]:
    """The values the Friches schema allows for a field, as they are written (French)."""
    return [(value, value) for value in load_schema("friches").field(name).enum or ()]


@lru_cache(maxsize=1)
def owner_codes() -> frozenset[str]:
    return frozenset(line.split(";")[0] for line in CATPRO.read_text(encoding="utf-8").splitlines()[1:])


class BrownfieldForm(forms.ModelForm):
    class Meta:
        model = Brownfield
        fields = ["site_statut", "sol_pollution_existe", "unite_fonciere_surface", "bati_surface", "proprio_nom",
                  "proprio_type", "zone"]  # fmt: skip

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site_statut"] = forms.ChoiceField(label=_("status"), choices=enum_choices("site_statut"))
        self.fields["sol_pollution_existe"] = forms.ChoiceField(
            label=_("soil pollution"), choices=enum_choices("sol_pollution_existe")
        )
        self.fields["zone"].queryset = territory.land_zones.all()
        self.fields["zone"].required = False
        self.fields["zone"].help_text = _("The economic activity zone of the territory the brownfield lies in.")
        self.fields["proprio_nom"].help_text = _(
            "Several owners separated by « | ». A natural person's name is not written (the standard does not "
            "carry it)."
        )
        self.fields["proprio_type"].help_text = _(
            "Codes of the Fichiers fonciers (« G1a » a commune…), several separated by « | »."
        )

    def clean_proprio_type(self) -> str:
        value = (self.cleaned_data.get("proprio_type") or "").strip()
        unknown = [code for code in value.split("|") if code and code not in owner_codes()]
        if unknown:
            raise forms.ValidationError(
                _("« %(codes)s »: not an owner type of the Fichiers fonciers list."),
                params={"codes": ", ".join(unknown)},
            )
        return value

    def save(self, commit: bool = True) -> Brownfield:
        row = super().save(commit=False)
        record = dict(row.record)
        for name in self.Meta.fields:
            if name != "zone":
                value = getattr(row, name)
                record[name] = "" if value is None else str(value)
        row.record = record
        if commit:
            row.save()
        return row


class CartofrichesImportForm(forms.Form):
    SELECTIONS = [
        ("communes", _("the brownfields of the territory's communes")),
        ("departements", _("the brownfields of the territory's départements")),
    ]

    file = forms.FileField(
        label=_("Cartofriches export (CSV)"),
        help_text=_("A CSV file in the CNIG « Friches » layout, as Cartofriches exports it (gzipped or not)."),
    )
    selection = forms.ChoiceField(label=_("Import"), choices=SELECTIONS, initial="communes", widget=forms.RadioSelect)
