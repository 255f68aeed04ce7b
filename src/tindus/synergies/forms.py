"""Forms of the synergies pages. A declaration is checked field by field by the plain-Python core
(:func:`tindus.synergies.compute.declarations.validate`) and by the warehouse for its company; nothing is saved
while a message remains."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tindus.consultation.invitations import check_siret
from tindus.core.collation import french_key
from tindus.territories.models import Territory

from .compute import declarations as core
from .models import AbandonReason, Declaration, EmissionFactor, Opportunity, Status
from .names import company_choice, label_of, warehouse_records
from .places import establishments, territory_communes

UNIT_CHOICES = [("", "—")] + [(u, core.UNIT_LABELS.get(u, u)) for u in core.UNIT_FAMILIES]
FREQUENCY_CHOICES = [("", "—")] + [(f, f) for f in core.FREQUENCIES]
STATE_CHOICES = [("", "—")] + [(s, s) for s in core.STATES]


EWC_MAX_TYPED = 20  # « 12 01 03 * » with spaces to spare; stored as six digits


class DeclarationForm(forms.ModelForm):
    """``sirets``: the companies the user may declare for (None: any company of the territory).

    The waste code is typed as the list writes it (« 12 01 03 », « 16 06 01* »), stored as six digits; a
    message about it quotes what was typed. The plain-Python checks speak only about fields that passed
    their own (a required field says it is required, not that its value is unknown).
    """

    siret = forms.CharField(
        label=_("Company SIRET"), max_length=20, help_text=_("14 digits; the company must be in the territory.")
    )
    ewc = forms.CharField(
        label=capfirst(Declaration._meta.get_field("ewc").verbose_name), max_length=EWC_MAX_TYPED, required=False,
        widget=forms.TextInput(attrs={"list": "ewc-codes", "autocomplete": "off"}),
        help_text=_("As in the European List of Waste: 12 01 01, or 16 06 01* for a hazardous waste."),
    )  # fmt: skip
    unit = forms.ChoiceField(label=capfirst(_("unit")), choices=UNIT_CHOICES, required=False)
    frequency = forms.ChoiceField(label=capfirst(_("frequency")), choices=FREQUENCY_CHOICES, required=False)
    state = forms.ChoiceField(label=capfirst(_("physical state")), choices=STATE_CHOICES, required=False)

    class Meta:
        model = Declaration
        fields = ["siret", "direction", "category", "text", "ewc", "rome", "equipment", "quantity", "unit", "frequency",
                  "hazardous", "state", "temperature_c", "authorised_hazardous", "confidentiality"]  # fmt: skip
        widgets = {"quantity": forms.NumberInput(attrs={"step": "any"})}

    def __init__(self, *args, territory: Territory, sirets: frozenset[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.territory, self.sirets = territory, sirets
        self.establishment = None
        self.ewc_starred = False
        if self.instance.pk and self.instance.ewc:
            self.initial["ewc"] = core.ewc_display(self.instance.ewc, self.instance.hazardous)
        if sirets is not None:
            records = warehouse_records(sirets)
            choices = sorted(((s, company_choice(records.get(s), s)) for s in sirets), key=lambda c: french_key(c[1]))
            self.fields["siret"] = forms.ChoiceField(label=_("Company"), choices=choices)

    def clean_siret(self) -> str:
        siret = self.cleaned_data["siret"].replace(" ", "")
        if self.sirets is not None and siret not in self.sirets:
            raise forms.ValidationError(_("You may only declare for your own company."))
        found = establishments([siret]) if siret.isdigit() else {}
        problem = check_siret(siret, found, territory_communes(self.territory))
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:] + ".")
        self.establishment = found[siret]
        self.company_name = label_of(warehouse_records([siret]).get(siret), found[siret].name)
        return siret

    def clean_ewc(self) -> str:
        typed = self.cleaned_data["ewc"].strip()
        if not typed:
            return ""
        parsed = core.parse_ewc(typed)
        if parsed is None:
            raise forms.ValidationError(
                _("« %(typed)s » is not a waste code: six digits, written 12 01 03, or 12 01 03* for a hazardous "
                  "waste."), params={"typed": typed}, code="malformed")  # fmt: skip
        code, starred = parsed
        reference = core.ewc_reference()
        if code not in reference:
            raise forms.ValidationError(
                _("« %(typed)s » is not in the European List of Waste."), params={"typed": typed}, code="unknown"
            )
        if starred and not reference[code][1]:
            raise forms.ValidationError(
                _("« %(typed)s »: this code is not a hazardous waste in the European List of Waste; write it "
                  "without the star."), params={"typed": typed}, code="not_hazardous")  # fmt: skip
        self.ewc_starred = starred
        return code

    def clean_rome(self) -> str:
        return " ".join(self.cleaned_data["rome"].replace(",", " ").upper().split())

    def clean(self) -> dict:
        data = super().clean()
        if self.ewc_starred:  # « 16 06 01* » says the waste is hazardous
            data["hazardous"] = True
        draft = core.Declaration(
            id="new", company=data.get("siret") or "", direction=data.get("direction") or "",
            category=data.get("category") or "", text=data.get("text") or "", ewc=data.get("ewc") or "",
            rome=tuple((data.get("rome") or "").split()), equipment=data.get("equipment") or "",
            quantity=data.get("quantity"), unit=data.get("unit") or "", frequency=data.get("frequency") or "",
            hazardous=bool(data.get("hazardous")), state=data.get("state") or "",
            temperature_c=data.get("temperature_c"), confidentiality=data.get("confidentiality") or "",
        )  # fmt: skip
        companies = {draft.company} if "siret" in data else set()  # the company's own message is already there
        known = core.ewc_reference()
        for field, message in core.validate(draft, known, companies, core.dangerous_ewc_codes()).items():
            name = "siret" if field == "company" else field
            if name in self.errors:  # its own message (required, malformed…) says it better
                continue
            self.add_error(name if name in self.fields else None, message)
        return data

    def save(self, commit: bool = True) -> Declaration:
        declaration = super().save(commit=False)
        declaration.territory = self.territory
        if self.establishment is not None:
            e = self.establishment
            declaration.company_name = self.company_name
            declaration.commune, declaration.naf = e.commune, e.naf
        if commit:
            declaration.save()
        return declaration


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.ChoiceField(label=_("Reason for abandoning"), choices=[("", "—")] + AbandonReason.choices,
                               required=False)  # fmt: skip
    note = forms.CharField(label=_("Details"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == Status.ABANDONED and not data.get("reason"):
            self.add_error("reason", _("Say why the opportunity is abandoned."))
        if data.get("status") != Status.ABANDONED and data.get("reason"):
            self.add_error("reason", _("A reason is given only when the opportunity is abandoned."))
        return data


class ImpactForm(forms.ModelForm):
    """What an implemented synergy exchanges, to compute its impact; each field may stay unknown."""

    class Meta:
        model = Opportunity
        fields = ["tonnes_per_year", "disposal_route", "virgin_material", "distance_km", "reprocessing",
                  "energy_mwh_per_year", "water_m3_per_year", "disposal_cost_eur_per_t", "virgin_price_eur_per_t",
                  "transport_cost_eur_per_tkm", "reprocessing_cost_eur_per_t", "other_savings_eur"]  # fmt: skip

    def __init__(self, *args, factors: list[EmissionFactor], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, kinds in (("disposal_route", {"disposal"}), ("virgin_material", {"virgin"}),
                            ("reprocessing", {"reprocessing"})):  # fmt: skip
            choices = [("", "—")] + [(f.key, f.label) for f in factors if f.kind in kinds and f.unit == "kg CO2e/t"]
            self.fields[name] = forms.ChoiceField(label=self.fields[name].label, choices=choices, required=False)
        for field in self.fields.values():
            if isinstance(field, forms.FloatField):
                field.widget.attrs.update({"step": "any", "min": "0"})

    def clean(self) -> dict:
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, float) and value < 0:
                self.add_error(name, _("This amount cannot be negative."))
        return data


class EmissionFactorForm(forms.ModelForm):
    class Meta:
        model = EmissionFactor
        fields = ["value", "source", "vintage", "notes"]
        widgets = {"value": forms.NumberInput(attrs={"step": "any", "min": "0"})}

    def clean_value(self) -> float:
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError(_("An emission factor cannot be negative."))
        return value

    def clean_source(self) -> str:
        source = self.cleaned_data["source"].strip()
        if not source:
            raise forms.ValidationError(_("Every factor keeps its source."))
        return source


class ConfirmForm(forms.Form):
    """A company of a discovery hypothesis confirms what it offers or needs: it becomes a declaration."""

    siret = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("What the company confirms"), max_length=500)
    quantity = forms.FloatField(label=capfirst(_("quantity")), required=False,
                                widget=forms.NumberInput(attrs={"step": "any"}))  # fmt: skip
    unit = forms.ChoiceField(label=capfirst(_("unit")), choices=UNIT_CHOICES, required=False)
    frequency = forms.ChoiceField(label=capfirst(_("frequency")), choices=FREQUENCY_CHOICES, required=False)
