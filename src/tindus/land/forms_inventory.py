"""Forms of the inventory pages: a zone (SITE-ECO) and a land unit (TERRAIN-ECO) with their drawn or pasted
outline, an occupant added by SIRET, the decision on a proposed occupant, a unit's CFE status, the CFE import.

An outline is typed, pasted or written by the drawing script in one text field: GeoJSON (a geometry, a
Feature or a one-feature collection) or WKT, in degrees (longitude, latitude) or in Lambert-93 metres. It is
stored in Lambert-93 and checked by the land cores (validity with GEOS's reason, kind, extent; a unit inside
its zone within 1 m).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import shapely
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely import wkt
from shapely.geometry import mapping, shape

from tindus.identifiers import siret_valid
from tindus.territories.models import Groupement, Territory

from .compute.geometry import check_geometries, units_outside_zones
from .compute.lambert93 import transform
from .compute.schema import load_schema
from .models import CfeStatus, LandUnit, Zone
from .vacancy import reference_year

SERVICES = [
    ("reseau_eau_potable", gettext_lazy("drinking water")),
    ("reseau_eau_pluviale", gettext_lazy("rainwater network")),
    ("reseau_assainissement", gettext_lazy("sewerage")),
    ("reseau_gaz", gettext_lazy("gas")),
    ("reseau_electrique", gettext_lazy("electricity")),
    ("reseau_fibre_optique", gettext_lazy("optical fibre")),
    ("reseau_fret_ferroviaire", gettext_lazy("rail siding")),
    ("reseau_fluvial", gettext_lazy("river quay")),
    ("desserte_tc", gettext_lazy("public transport")),
]
OUTLINE_HELP = gettext_lazy(
    "Click on the map to place the corners, or paste a GeoJSON geometry or WKT text (longitude and latitude in "
    "degrees, or Lambert-93 metres)."
)


def enum_choices(layer: str, name: str) -> list[tuple[str, str]]:
    """The standard's values of a field (French words of the CNIG schema), as choices."""
    return [(value, value) for value in load_schema(layer).field(name).enum or ()]


def read_outline(text: str):
    """A shapely geometry in Lambert-93 from GeoJSON or WKT text, in degrees or metres."""
    text = text.strip()
    try:
        if text.startswith("{"):
            data = json.loads(text)
            if data.get("type") == "FeatureCollection":
                features = data.get("features") or []
                if len(features) != 1:
                    raise forms.ValidationError(_("Give one outline only (this collection has %(n)d).") % {
                        "n": len(features)})  # fmt: skip
                data = features[0]
            if data.get("type") == "Feature":
                data = data.get("geometry") or {}
            geometry = shape(data)
        else:
            geometry = wkt.loads(text)
    except forms.ValidationError:
        raise
    except Exception:  # noqa: BLE001 - json, shapely and GEOS raise several kinds on malformed text
        raise forms.ValidationError(
            _("This is neither GeoJSON nor WKT that can be read: check the brackets and the coordinates.")
        ) from None
    if geometry.is_empty:
        raise forms.ValidationError(_("The outline is empty."))
    x0, y0, x1, y1 = geometry.bounds
    if x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90:
        geometry = transform(geometry)
    return geometry


class OutlineField(forms.CharField):
    """The outline of a zone or unit as text; cleaned to a valid shapely geometry in Lambert-93."""

    widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "outline-text"})

    def __init__(self, layer: str, **kwargs) -> None:
        self.layer = layer
        kwargs.setdefault("help_text", OUTLINE_HELP)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        geometry = read_outline(text)
        problems = check_geometries(self.layer, ["-"], [geometry])
        if problems:
            raise forms.ValidationError([p.explain(_) for p in problems])
        if geometry.area <= 0:
            raise forms.ValidationError(_("The outline encloses no surface."))
        return geometry


def outline_text(geometry: dict) -> str:
    """A stored Lambert-93 geometry as GeoJSON in degrees, for the text field (6 decimals ≈ 10 cm)."""
    degrees = shapely.set_precision(transform(shape(geometry), inverse=True), 1e-6)
    return json.dumps(mapping(degrees))


def check_surface(value: float | None) -> float | None:
    if value is not None and value <= 0:
        raise forms.ValidationError(_("A surface must be above zero."))
    return value


def not_in_future(value: dt.date | None) -> dt.date | None:
    if value is not None and value > dt.date.today():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class ZoneForm(forms.ModelForm):
    """A zone's fields required by the standard, its networks and its perimeter."""

    perimeter = OutlineField("SITE-ECO", label=gettext_lazy("Perimeter"))
    services = forms.MultipleChoiceField(
        label=gettext_lazy("Networks and services"), choices=SERVICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Zone
        fields = [
            "site_nom", "site_vocadomi", "site_type", "site_etat", "site_comm_insee", "site_epci_siren",
            "site_moa_type", "site_moa_nom", "site_surf_brute", "site_surf_utile", "site_identif_date", "services",
        ]  # fmt: skip
        widgets = {"site_identif_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["site_type"] = forms.ChoiceField(
            label=_("Kind of site"), choices=enum_choices("SITE-ECO", "site_type")
        )
        self.fields["site_etat"] = forms.ChoiceField(label=_("State"), choices=enum_choices("SITE-ECO", "site_etat"))
        self.fields["site_moa_type"] = forms.ChoiceField(
            label=_("Kind of manager"), choices=enum_choices("SITE-ECO", "site_moa_type")
        )
        communes = territory.communes.order_by("name").values_list("code", "name")
        self.fields["site_comm_insee"] = forms.ChoiceField(
            label=_("Main commune"), choices=[("", "—")] + [(c, f"{n} ({c})") for c, n in communes]
        )
        self.epcis = dict(
            territory.groupements.filter(nature=Groupement.Nature.EPCI).order_by("name").values_list("siren", "name")
        )
        self.fields["site_epci_siren"] = forms.ChoiceField(
            label=_("EPCI in charge"), choices=[("", "—")] + list(self.epcis.items())
        )
        self.fields["site_moa_nom"].required = True
        self.fields["site_surf_utile"].required = True  # the standard requires it
        self.fields["site_surf_utile"].help_text = _(
            "The part meant for the establishments (without roads, green areas…)."
        )
        self.fields["site_surf_brute"].required = False
        self.fields["site_surf_brute"].help_text = _("Computed from the perimeter when left empty.")
        self.fields["site_identif_date"].initial = dt.date.today()
        if self.instance.pk:
            self.fields["perimeter"].initial = outline_text(self.instance.geometry)
        self.order_fields(["site_nom", "perimeter"])

    def clean_site_surf_brute(self):
        return check_surface(self.cleaned_data.get("site_surf_brute"))

    def clean_site_surf_utile(self):
        return check_surface(self.cleaned_data.get("site_surf_utile"))

    def clean_site_identif_date(self):
        return not_in_future(self.cleaned_data.get("site_identif_date"))

    def clean(self):
        data = super().clean()
        geometry = data.get("perimeter")
        if geometry is not None and data.get("site_surf_brute") is None and "site_surf_brute" not in self.errors:
            data["site_surf_brute"] = round(geometry.area, 1)
            self.instance.site_surf_brute = data["site_surf_brute"]
        gross, useful = data.get("site_surf_brute"), data.get("site_surf_utile")
        if gross and useful and useful > gross:
            self.add_error("site_surf_utile", _("The useful surface exceeds the gross surface."))
        return data

    def save(self, commit: bool = True) -> Zone:
        zone = super().save(commit=False)
        data = self.cleaned_data
        zone.territory = self.territory
        zone.geometry = json.loads(json.dumps(mapping(data["perimeter"])))
        zone.site_surf_brute = data["site_surf_brute"]
        zone.site_epci_nom = self.epcis.get(zone.site_epci_siren, "")
        zone.site_comm_nom = dict(self.fields["site_comm_insee"].choices)[zone.site_comm_insee].rsplit(" (", 1)[0]
        zone.site_actu_date = dt.date.today()
        if not zone.site_id:
            zone.site_id = next_identifier(Zone.objects.filter(territory=self.territory), "site_id",
                                           f"{zone.site_comm_insee}_SITE-ECO_")  # fmt: skip
        if commit:
            zone.save()
        return zone


def next_identifier(queryset, field: str, prefix: str) -> str:
    """``prefix`` followed by the next free 5-digit number among ``queryset``'s identifiers (the standard's
    form, « 21425_SITE-ECO_00001 »)."""
    numbers = [int(m.group(1)) for value in queryset.values_list(field, flat=True)
               if (m := re.search(r"(\d+)$", value))]  # fmt: skip
    return f"{prefix}{max(numbers, default=0) + 1:05d}"


class UnitForm(forms.ModelForm):
    """A land unit's fields required by the standard, its owner (for the consultation) and its outline."""

    outline = OutlineField("TERRAIN-ECO", label=gettext_lazy("Outline"))

    class Meta:
        model = LandUnit
        fields = [
            "terr_refcad", "terr_surf_brute", "terr_maitrise_fonc", "terr_stade_amngt", "terr_stade_comm",
            "terr_etat_occup", "terr_usage", "terr_identif_date", "owner_name", "owner_address", "owner_email",
        ]  # fmt: skip
        widgets = {
            "terr_identif_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "owner_address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, zone: Zone, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        for name in ("terr_maitrise_fonc", "terr_stade_amngt", "terr_stade_comm", "terr_etat_occup", "terr_usage"):
            model_field = LandUnit._meta.get_field(name)
            self.fields[name] = forms.ChoiceField(
                label=str(model_field.verbose_name).capitalize(), choices=enum_choices("TERRAIN-ECO", name),
                initial=model_field.default if isinstance(model_field.default, str) else None,
            )  # fmt: skip
        self.fields["terr_refcad"].help_text = _(
            "Cadastral parcels separated by « | », each as 14 characters: commune, prefix, section, number "
            "(21425000AB0012)."
        )
        self.fields["terr_surf_brute"].required = False
        self.fields["terr_surf_brute"].help_text = _("Computed from the outline when left empty.")
        self.fields["terr_identif_date"].initial = dt.date.today()
        if self.instance.pk:
            self.fields["outline"].initial = outline_text(self.instance.geometry)
        self.order_fields(["terr_refcad", "outline"])

    def clean_terr_refcad(self):
        value = re.sub(r"[\s,;]+", "|", self.cleaned_data.get("terr_refcad", "").strip().upper()).strip("|")
        pattern = load_schema("TERRAIN-ECO").field("terr_refcad").pattern
        if value and not pattern.fullmatch(value):
            raise forms.ValidationError(
                _("« %(value)s » is not a list of cadastral references (such as 21425000AB0012|21425000AB0013).")
                % {"value": value}
            )
        return value

    def clean_terr_surf_brute(self):
        return check_surface(self.cleaned_data.get("terr_surf_brute"))

    def clean_terr_identif_date(self):
        return not_in_future(self.cleaned_data.get("terr_identif_date"))

    def clean(self):
        data = super().clean()
        geometry = data.get("outline")
        if geometry is None:
            return data
        problems = units_outside_zones({self.zone.site_id: shape(self.zone.geometry)}, ["-"], [self.zone.site_id],
                                       [geometry])  # fmt: skip
        if problems:
            self.add_error(
                "outline",
                _(
                    "This outline goes beyond the zone « %(zone)s » (%(area).0f m² outside it, "
                    "tolerance %(tolerance)g m)."
                )
                % {"zone": self.zone.site_nom, **{k: problems[0].params[k] for k in ("area", "tolerance")}},
            )
        if data.get("terr_surf_brute") is None and "terr_surf_brute" not in self.errors:
            data["terr_surf_brute"] = round(geometry.area, 1)
        return data

    def save(self, commit: bool = True) -> LandUnit:
        unit = super().save(commit=False)
        unit.zone = self.zone
        unit.geometry = json.loads(json.dumps(mapping(self.cleaned_data["outline"])))
        unit.terr_surf_brute = self.cleaned_data["terr_surf_brute"]
        unit.terr_actu_date = dt.date.today()
        if not unit.terr_id:
            units = LandUnit.objects.filter(zone__territory=self.zone.territory)
            unit.terr_id = next_identifier(units, "terr_id", f"{self.zone.site_comm_insee}_TERRAIN-ECO_")
        if commit:
            unit.save()
        return unit


class OccupantAddForm(forms.Form):
    """An establishment added by hand to a zone: its SIRET, checked and found in the warehouse."""

    siret = forms.CharField(label=gettext_lazy("SIRET"), max_length=20)
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Land units it uses"), queryset=LandUnit.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, zone: Zone, find, **kwargs) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.find = find
        self.found = None
        self.fields["units"].queryset = zone.units.all()

    def clean_siret(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["siret"])
        if not siret_valid(value):
            raise forms.ValidationError(
                _("« %(value)s » is not a valid SIRET (14 digits, Luhn check).") % {"value": value}
            )
        if self.zone.occupants.filter(siret=value).exists():
            raise forms.ValidationError(_("This establishment is already listed in the zone."))
        self.found = self.find(value)
        if self.found is None:
            raise forms.ValidationError(
                _("No establishment with the SIRET %(value)s in the warehouse (SIRENE).") % {"value": value}
            )
        return value


class DecisionForm(forms.Form):
    """The team's decision on a listed occupant, and the units it uses."""

    decision = forms.ChoiceField(
        choices=[
            ("confirmed", gettext_lazy("confirm")),
            ("rejected", gettext_lazy("reject")),
            ("proposed", gettext_lazy("back to proposed")),
        ]  # fmt: skip
    )
    units = forms.ModelMultipleChoiceField(queryset=LandUnit.objects.none(), required=False)

    def __init__(self, *args, zone: Zone, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = zone.units.all()


IN_USE_CHOICES = [
    ("yes", gettext_lazy("used by a CFE-liable activity")),
    ("no", gettext_lazy("not used by a CFE-liable activity")),
]


class CfeForm(forms.ModelForm):
    """A unit's CFE status with its evidence (the input of the legal vacancy rate)."""

    in_use = forms.TypedChoiceField(
        label=gettext_lazy("Use on the reference date"), choices=IN_USE_CHOICES, coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )  # fmt: skip

    class Meta:
        model = CfeStatus
        fields = ["in_use", "last_use_end", "occupied_since", "evidence"]
        widgets = {"last_use_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reference = dt.date(reference_year(), 1, 1)
        if self.instance.pk:
            self.initial["in_use"] = "yes" if self.instance.in_use else "no"
        self.fields["last_use_end"].help_text = _(
            "Empty when the unit is in use, or was never used by a CFE-liable activity."
        )
        self.fields["evidence"].help_text = _(
            "What the status rests on: « rôle de CFE 2025 », « owner's answer of 3 March »…"
        )
        self.fields["evidence"].error_messages["required"] = _("A status needs its evidence.")

    def clean_last_use_end(self):
        return not_in_future(self.cleaned_data.get("last_use_end"))

    def clean(self):
        data = super().clean()
        end = data.get("last_use_end")
        if data.get("in_use") and end is not None:
            self.add_error("last_use_end", _("A unit in use has no end of use: leave the date empty."))
        elif end is not None and end > self.reference:
            self.add_error(
                "last_use_end",
                _("The use ended after the reference date (%(date)s): on that date the unit was in use.")
                % {"date": self.reference.strftime("%d/%m/%Y")},
            )
        return data


class CfeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("The five columns described above, separated by « ; », UTF-8."),
    )
