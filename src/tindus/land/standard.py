"""The territory's inventory (Django models) ↔ the CNIG « Sites économiques » model (:mod:`.compute.inventory`).

:func:`inventory_of` reads poles, zones, land units and the **confirmed** occupants (as ``ETABLISSEMENT``,
their units in ``terr_id`` as a pipe list) into a :class:`~.compute.inventory.Inventory`, ready for the cores'
exports. A field comes from the model's column of the same name (``site_nom``…, or the occupant's
``siret``/``name``/``naf``/``active``/``closed_on``/longitude and latitude), else from ``extra`` (text as the
standard's CSV writes it), parsed by the Table Schema's types; what neither holds is filled where Tindus
knows it (EPCI and commune names from the reference data, an occupant's SIREN, commune, activity and size
from the warehouse). A value that does not parse is kept as text, so that the export's validation names it.
Synthetic zones and occupants say « synthétique » in their producer field (``source_producteur``,
``etab_source_info``).

:func:`save_inventory` writes an inventory to the models, all or nothing, updating features by their
identifiers: promoted fields to their columns, every other field of the standard to ``extra``. A round trip
(:func:`save_inventory` then :func:`inventory_of`) gives back every field of the standard.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import shapely
from auditlog.context import set_actor
from django.db import transaction
from shapely.geometry import mapping, shape

from tindus.referentials.models import Commune, Epci
from tindus.territories.models import Territory

from .compute.inventory import CLASSES, GEOMETRY_FIELD, Inventory, unit_ids
from .compute.lambert93 import transform
from .compute.problems import Problem, gettext_noop, refuse
from .compute.schema import CellError, format_value, load_schema, parse_value
from .models import LandUnit, Occupant, Pole, Zone

LAYERS = ("POLE-ECO", "SITE-ECO", "TERRAIN-ECO", "ETABLISSEMENT")
# Schema fields kept in a column of the same name.
COLUMNS = {
    "POLE-ECO": ("pole_id", "pole_nom", "pole_vocadomi"),
    "SITE-ECO": (
        "site_id", "site_nom", "site_type", "site_vocadomi", "site_etat", "site_surf_brute", "site_surf_utile",
        "site_epci_siren", "site_epci_nom", "site_comm_insee", "site_comm_nom", "site_moa_type", "site_moa_nom",
        "site_identif_date", "site_actu_date",
    ),
    "TERRAIN-ECO": (
        "terr_id", "terr_refcad", "terr_surf_brute", "terr_maitrise_fonc", "terr_stade_amngt", "terr_stade_comm",
        "terr_etat_occup", "terr_usage", "terr_identif_date", "terr_actu_date",
    ),
    "ETABLISSEMENT": (),
}  # fmt: skip
# Occupant columns named otherwise: schema field → column.
OCCUPANT_COLUMNS = {"SIRET": "siret", "etab_raison_sociale": "name", "etab_activite_code": "naf"}
# Fields held by relations or other columns (never copied to ``extra`` as such).
RELATIONS = {
    "POLE-ECO": {"pole_geompoint"},
    "SITE-ECO": {"pole_id", "site_geomsurf"},
    "TERRAIN-ECO": {"site_id", "terr_geomsurf"},
    "ETABLISSEMENT": {"terr_id", "etab_fermeture_date"},
}
# The standard gives surfaces in hectares; Tindus's columns hold square metres (what a plot is sold by).
HECTARES = {"site_surf_brute", "site_surf_utile", "terr_surf_brute"}
M2_PER_HECTARE = 10_000
SERVICE_PREFIX = "reseau_"
SYNTHETIC = "synthétique"
NO_POLE = "sans objet"
UNDISCLOSED = "[ND]"  # INSEE's mark for an establishment whose identity may not be disclosed
SIZE_BANDS = {
    "NN": "unité non employeuse", "00": "0 salarié", "01": "1 ou 2 salariés", "02": "3 à 5 salariés",
    "03": "6 à 9 salariés", "11": "10 à 19 salariés", "12": "20 à 49 salariés", "21": "50 à 99 salariés",
    "22": "100 à 199 salariés", "31": "200 à 249 salariés", "32": "250 à 499 salariés",
    "41": "500 à 999 salariés", "42": "1 000 à 1 999 salariés", "51": "2 000 à 4 999 salariés",
    "52": "5 000 à 9 999 salariés", "53": "10 000 salariés et plus",
}  # fmt: skip
# An occupant's stored point matches its longitude and latitude within this many degrees (≈ 1 m).
SAME_POINT_DEG = 1e-5


# ---------------------------------------------------------------------------------------------- reading


def inventory_of(territory: Territory) -> Inventory:
    """The territory's inventory in the standard's model (see the module)."""
    poles = list(Pole.objects.filter(territory=territory).order_by("pole_id"))
    zones = list(Zone.objects.filter(territory=territory).select_related("pole").order_by("site_id"))
    units = list(LandUnit.objects.filter(zone__territory=territory).select_related("zone").order_by("terr_id"))
    occupants = list(
        Occupant.objects.filter(zone__territory=territory, state=Occupant.State.CONFIRMED)
        .select_related("zone")
        .prefetch_related("units")
        .order_by("siret", "zone__site_id")
    )
    names = _Names(
        [z.site_epci_siren for z in zones] + [o.extra.get("epci_siren", "") for o in occupants],
        [z.site_comm_insee for z in zones] + [o.extra.get("comm_insee", "") for o in occupants],
        territory,
    )
    return Inventory(
        poles=[_feature("POLE-ECO", _pole_row(p), _pole_geometry(p)) for p in poles],
        zones=[_feature("SITE-ECO", _zone_row(z, names), _shape(z.geometry)) for z in zones],
        units=[_feature("TERRAIN-ECO", _unit_row(u), _shape(u.geometry)) for u in units],
        establishments=_establishments(occupants, names),
    )


def _feature(layer: str, row: dict[str, str], geometry: Any) -> Any:
    """The core's feature from text cells, typed by the schema; a cell that does not parse stays text."""
    values: dict[str, object] = {}
    for spec in load_schema(layer).fields:
        if spec.name == GEOMETRY_FIELD[layer]:
            continue
        text = (row.get(spec.name) or "").strip()
        if text in load_schema(layer).missing_values:
            values[spec.name] = None
            continue
        try:
            values[spec.name] = parse_value(spec, text)
        except CellError:
            values[spec.name] = text
    return CLASSES[layer].from_record(values, geometry)


def _text(layer: str, name: str, value: object) -> str:
    return format_value(load_schema(layer).field(name), value)


def _columns_row(layer: str, obj: Any) -> dict[str, str]:
    row = {name: str(value) for name, value in (obj.extra or {}).items() if value is not None}
    for name in COLUMNS[layer]:
        value = getattr(obj, name)
        if name in HECTARES and value not in (None, ""):
            value = round(value / M2_PER_HECTARE, 6)
        row[name] = "" if value in (None, "") else _text(layer, name, value)
    return row


def _pole_row(pole: Pole) -> dict[str, str]:
    return _columns_row("POLE-ECO", pole)


def _pole_geometry(pole: Pole) -> Any:
    if pole.longitude is None or pole.latitude is None:
        return None
    return transform(shapely.Point(pole.longitude, pole.latitude))


def _labelled(text: str, default: str) -> str:
    """A producer's text that says the data is synthetic."""
    text = text.strip()
    if SYNTHETIC in text.lower():
        return text
    return f"{text} ({SYNTHETIC})" if text else f"{default} ({SYNTHETIC})"


def _zone_row(zone: Zone, names: _Names) -> dict[str, str]:
    row = _columns_row("SITE-ECO", zone)
    row["pole_id"] = zone.pole.pole_id if zone.pole_id else (row.get("pole_id") or NO_POLE)
    services = set(zone.services or ())
    for spec in load_schema("SITE-ECO").fields:
        if spec.name.startswith(SERVICE_PREFIX):
            if spec.name in services:
                row[spec.name] = "oui"
            elif row.get(spec.name) == "oui":  # a service the team removed since
                row[spec.name] = "non"
    if not row.get("site_epci_nom"):
        row["site_epci_nom"] = names.epci(row.get("site_epci_siren", ""))
    if not row.get("site_comm_nom"):
        row["site_comm_nom"] = names.commune(row.get("site_comm_insee", ""))
    if zone.synthetic:
        row["source_producteur"] = _labelled(row.get("source_producteur", ""), "Tindus")
    return row


def _unit_row(unit: LandUnit) -> dict[str, str]:
    row = _columns_row("TERRAIN-ECO", unit)
    row["site_id"] = unit.zone.site_id
    return row


def _shape(geometry: dict | None) -> Any:
    if not geometry:
        return None
    try:
        return shape(geometry)
    except Exception:  # noqa: BLE001 - a malformed stored geometry is named by the export's validation
        return None


def _establishments(occupants: list[Occupant], names: _Names) -> list:
    """One ``ETABLISSEMENT`` per SIRET (an occupant listed in several zones gathers its units)."""
    by_siret: dict[str, list[Occupant]] = {}
    for occupant in occupants:
        by_siret.setdefault(occupant.siret, []).append(occupant)
    facts = _warehouse_facts(by_siret)
    out = []
    for siret, group in by_siret.items():
        first = group[0]
        row = {name: str(value) for name, value in (first.extra or {}).items() if value is not None}
        row["SIRET"] = siret
        row["etab_raison_sociale"] = first.name or row.get("etab_raison_sociale") or ""
        row["etab_activite_code"] = first.naf or row.get("etab_activite_code") or ""
        stored = [u for u in (row.get("terr_id") or "").split("|") if u.strip()]
        linked = sorted({u.terr_id for o in group for u in o.units.all()})
        row["terr_id"] = "|".join(stored) if sorted(stored) == linked else "|".join(linked)
        row["etab_actif"] = _active_text(row.get("etab_actif"), first.active)
        row["etab_fermeture_date"] = first.closed_on.isoformat() if first.closed_on else ""
        _fill_establishment(row, facts.get(siret), names, synthetic=any(o.zone.synthetic for o in group))
        out.append(_feature("ETABLISSEMENT", row, _occupant_geometry(first, row.get("etab_geompoint", ""))))
    return out


def _active_text(stored: str | None, active: bool) -> str:
    if stored == "" and active:
        return ""  # left empty in the file it came from
    return "oui" if active else "non"


def _occupant_geometry(occupant: Occupant, stored: str) -> Any:
    geometry = None
    if stored:
        try:
            geometry = parse_value(load_schema("ETABLISSEMENT").field("etab_geompoint"), stored)
        except CellError:
            geometry = None
    if occupant.longitude is None or occupant.latitude is None:
        return geometry
    if geometry is not None:
        centre = transform(geometry.centroid, inverse=True)
        if abs(centre.x - occupant.longitude) < SAME_POINT_DEG and abs(centre.y - occupant.latitude) < SAME_POINT_DEG:
            return geometry
    return transform(shapely.Point(occupant.longitude, occupant.latitude))


def _fill_establishment(row: dict[str, str], fact: dict | None, names: _Names, *, synthetic: bool) -> None:
    """The required fields a confirmed occupant lacks, from the warehouse and the reference data."""
    fact = fact or {}
    siret = row["SIRET"]

    def fill(name: str, value: object) -> None:
        if not row.get(name) and value not in (None, ""):
            row[name] = value if isinstance(value, str) else _text("ETABLISSEMENT", name, value)

    fill("SIREN", siret[:9])
    fill("etab_raison_sociale", fact.get("name") or UNDISCLOSED)
    fill("etab_nom", row.get("etab_raison_sociale"))
    fill("etab_nat_juridique", fact.get("legal_category"))
    fill("comm_insee", fact.get("commune"))
    fill("comm_nom", fact.get("commune_name") or names.commune(row.get("comm_insee", "")))
    fill("epci_siren", fact.get("epci") or names.epci_of_commune(row.get("comm_insee", "")))
    fill("epci_nom", names.epci(row.get("epci_siren", "")))
    fill("etab_siege", None if fact.get("head_office") is None else ("oui" if fact["head_office"] else "non"))
    fill("etab_creation_date", fact.get("created"))
    # An establishment closed long ago may carry only a code of an older NAF (« 71.1Z », NAFRev1): SIRENE's
    # own code is kept, and the label says which nomenclature it belongs to.
    if not row.get("etab_activite_code") and fact.get("naf_raw"):
        row["etab_activite_code"] = fact["naf_raw"]
        fill(
            "etab_activite_libelle", f"code {fact['naf_raw']} de la nomenclature {fact.get('naf_nomenclature') or '?'}"
        )
    fill("etab_activite_libelle", fact.get("naf_label"))
    band = fact.get("size_band") or ""
    fill("etab_effectif_code", band)
    fill("etab_effectif_libelle", SIZE_BANDS.get(band, ""))
    # « NN » (no staff band known) comes without a year in SIRENE: the year it holds for is the stock's.
    stock_year = (fact.get("vintage") or "")[:4]
    fill(
        "etab_effectif_annee", fact.get("size_year") or (stock_year if band == "NN" and stock_year.isdigit() else None)
    )
    source = fact.get("source") or ""
    if source:
        vintage = fact.get("vintage") or ""
        fill("etab_source_info", f"SIRENE ({source}{', ' + vintage if vintage else ''})")
    if synthetic or fact.get("synthetic"):
        row["etab_source_info"] = _labelled(row.get("etab_source_info", ""), "SIRENE")


def _warehouse_facts(sirets: Iterable[str]) -> dict[str, dict]:
    """What the warehouse knows of these SIRETs (empty when it is not built)."""
    wanted = sorted(set(sirets))
    if not wanted:
        return {}
    from tindus.warehouse.services import get_warehouse

    try:
        con = get_warehouse().connect(read_only=True)
    except Exception:  # noqa: BLE001 - no warehouse yet: nothing to fill from
        return {}
    try:
        rows = con.execute(
            "SELECT e.siret, CASE WHEN e.public THEN coalesce(e.name, l.name, '') ELSE '' END, l.legal_category, "
            "e.commune_current, e.commune_name, e.epci, e.naf_label, e.size_band, e.size_year, e.created, "
            "e.head_office, e.synthetic, i.source, i.vintage, e.naf_raw, e.naf_nomenclature FROM v_establishment e "
            "LEFT JOIN legal_unit l ON l.siren = e.siren LEFT JOIN import_log i ON i.id = e.import_id "
            "WHERE e.siret IN (SELECT unnest(?::VARCHAR[]))",
            [wanted],
        ).fetchall()
    except Exception:  # noqa: BLE001 - a warehouse without its tables yet
        return {}
    finally:
        con.close()
    keys = ("name", "legal_category", "commune", "commune_name", "epci", "naf_label", "size_band", "size_year",
            "created", "head_office", "synthetic", "source", "vintage", "naf_raw", "naf_nomenclature")  # fmt: skip
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}


class _Names:
    """EPCI and commune names (the reference data's latest vintage, the territory's for communes)."""

    def __init__(self, epcis: Iterable[str], communes: Iterable[str], territory: Territory) -> None:
        self._epci = {
            e.siren: e.name for e in Epci.objects.filter(siren__in={s for s in epcis if s}).order_by("vintage")
        }
        rows = Commune.objects.filter(code__in={c for c in communes if c}, kind=Commune.Kind.CURRENT)
        rows = rows.select_related("epci").order_by("vintage")
        self._commune = {c.code: c.name for c in rows}
        self._commune_epci = {c.code: c.epci.siren for c in rows if c.epci}
        self.territory = territory

    def epci(self, siren: str) -> str:
        if siren and siren not in self._epci:
            found = Epci.objects.filter(siren=siren).order_by("-vintage").first()
            self._epci[siren] = found.name if found else ""
        return self._epci.get(siren, "")

    def commune(self, code: str) -> str:
        if code and code not in self._commune:
            found = Commune.objects.filter(code=code, kind=Commune.Kind.CURRENT).order_by("-vintage").first()
            self._commune[code] = found.name if found else ""
        return self._commune.get(code, "")

    def epci_of_commune(self, code: str) -> str:
        return self._commune_epci.get(code, "")


# ---------------------------------------------------------------------------------------------- writing


@dataclass
class Saved:
    """What :func:`save_inventory` did, per layer: features created and updated."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYERS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYERS, 0))

    def count(self, layer: str, created: bool) -> None:
        (self.created if created else self.updated)[layer] += 1

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def _extra(layer: str, feature: Any, skip: Iterable[str]) -> dict[str, str]:
    """The feature's other fields as text (empty ones left out)."""
    row = feature.text_row()
    skip = set(skip) | set(COLUMNS[layer]) | RELATIONS[layer]
    return {name: text for name, text in row.items() if text and name not in skip}


def _column_values(layer: str, feature: Any) -> dict[str, object]:
    from .compute.inventory import attribute

    values = {}
    for name in COLUMNS[layer]:
        value = getattr(feature, attribute(name))
        if name in HECTARES and value is not None:
            value = value * M2_PER_HECTARE
        values[name] = "" if value is None and name not in NULLABLE else value
    return values


NULLABLE = {"site_surf_utile"}


def save_inventory(territory: Territory, inventory: Inventory, *, synthetic: bool = False, user: Any = None) -> Saved:
    """Write ``inventory`` to the territory's models in one transaction (see the module); what was done.

    Features are matched by identifier (a unit by its ``terr_id`` in any of the territory's zones, moved to
    the zone the file gives); establishments become **confirmed** occupants of the zone of their units."""
    refuse(_dangling(territory, inventory))
    saved = Saved()
    actor = set_actor(user) if getattr(user, "is_authenticated", False) else nullcontext()
    with transaction.atomic(), actor:
        poles = {p.pole_id: p for p in Pole.objects.filter(territory=territory)}
        for feature in inventory.poles:
            pole = poles.get(feature.pole_id) or Pole(territory=territory)
            saved.count("POLE-ECO", pole.pk is None)
            for name, value in _column_values("POLE-ECO", feature).items():
                setattr(pole, name, value)
            point = transform(feature.geometry, inverse=True) if feature.geometry is not None else None
            pole.longitude, pole.latitude = (point.x, point.y) if point is not None else (None, None)
            pole.extra = _extra("POLE-ECO", feature, ())
            pole.synthetic = pole.synthetic or synthetic
            pole.save()
            poles[pole.pole_id] = pole
        zones = {z.site_id: z for z in Zone.objects.filter(territory=territory)}
        for feature in inventory.zones:
            zone = zones.get(feature.site_id) or Zone(territory=territory)
            saved.count("SITE-ECO", zone.pk is None)
            for name, value in _column_values("SITE-ECO", feature).items():
                setattr(zone, name, value)
            zone.pole = poles.get(feature.pole_id or "")
            extra = _extra("SITE-ECO", feature, ())
            if zone.pole is None and feature.pole_id:
                extra["pole_id"] = feature.pole_id
            zone.services = sorted(k for k, v in extra.items() if k.startswith(SERVICE_PREFIX) and v == "oui")
            zone.extra = {k: v for k, v in extra.items() if k not in zone.services}
            zone.geometry = mapping(feature.geometry)
            zone.synthetic = zone.synthetic or synthetic
            zone.save()
            zones[zone.site_id] = zone
        units = {u.terr_id: u for u in LandUnit.objects.filter(zone__territory=territory).select_related("zone")}
        for feature in inventory.units:
            unit = units.get(feature.terr_id) or LandUnit()
            saved.count("TERRAIN-ECO", unit.pk is None)
            unit.zone = zones[feature.site_id]
            for name, value in _column_values("TERRAIN-ECO", feature).items():
                setattr(unit, name, value)
            unit.extra = _extra("TERRAIN-ECO", feature, ())
            unit.geometry = mapping(feature.geometry)
            unit.save()
            units[unit.terr_id] = unit
        for feature in inventory.establishments:
            _save_establishment(territory, feature, units, saved)
    return saved


def _dangling(territory: Territory, inventory: Inventory) -> list[Problem]:
    """References to a zone or unit neither in ``inventory`` nor already in the territory's inventory."""
    zones = {z.site_id for z in inventory.zones} | set(
        Zone.objects.filter(territory=territory).values_list("site_id", flat=True)
    )
    units = {u.terr_id for u in inventory.units} | set(
        LandUnit.objects.filter(zone__territory=territory).values_list("terr_id", flat=True)
    )
    problems = []
    for layer, features, field_name, known, target in (
        ("TERRAIN-ECO", inventory.units, "site_id", zones, "SITE-ECO"),
        ("ETABLISSEMENT", inventory.establishments, "terr_id", units, "TERRAIN-ECO"),
    ):
        for feature in features:
            refs = unit_ids(feature) if layer == "ETABLISSEMENT" else (feature.site_id,)
            for ref in refs:
                if ref not in known:
                    problems.append(
                        Problem(layer, gettext_noop("« %(value)s » refers to nothing in %(target)s"),
                                feature=feature.key, field=field_name, params={"value": ref, "target": target})
                    )  # fmt: skip
    return problems


def _save_establishment(territory: Territory, feature: Any, units: dict[str, LandUnit], saved: Saved) -> None:
    own = [units[u] for u in unit_ids(feature)]
    by_zone: dict[int, list[LandUnit]] = {}
    for unit in own:
        by_zone.setdefault(unit.zone_id, []).append(unit)
    extra = _extra("ETABLISSEMENT", feature, OCCUPANT_COLUMNS)
    extra["terr_id"] = feature.terr_id or ""
    extra["etab_actif"] = feature.etab_actif or ""
    name, naf = feature.etab_raison_sociale or "", feature.etab_activite_code or ""
    if len(name) > Occupant._meta.get_field("name").max_length:
        extra["etab_raison_sociale"], name = name, ""
    if len(naf) > Occupant._meta.get_field("naf").max_length:
        extra["etab_activite_code"], naf = naf, ""
    if feature.etab_actif in ("oui", "non"):
        active = feature.etab_actif == "oui"
    else:
        active = feature.etab_fermeture_date is None
    point = None
    if feature.geometry is not None:
        point = transform(feature.geometry.centroid, inverse=True)
    existing = {
        o.zone_id: o
        for o in Occupant.objects.filter(zone__territory=territory, siret=feature.siret).select_related("zone")
    }
    first = True
    for zone_id, members in by_zone.items():
        occupant = existing.pop(zone_id, None) or Occupant(zone_id=zone_id, siret=feature.siret)
        if first:
            saved.count("ETABLISSEMENT", occupant.pk is None)
            first = False
        occupant.name, occupant.naf = name, naf
        occupant.active = active
        occupant.closed_on = feature.etab_fermeture_date
        occupant.state = Occupant.State.CONFIRMED
        occupant.longitude, occupant.latitude = (point.x, point.y) if point is not None else (None, None)
        occupant.extra = extra
        occupant.save()
        occupant.units.set(members)
    for stale in existing.values():  # the file puts it on other zones' units only
        stale.units.clear()
        stale.state = Occupant.State.REJECTED
        stale.save()


def has_synthetic(territory: Territory) -> bool:
    """Whether the territory's inventory holds synthetic data (its exports are labelled so)."""
    return (
        Zone.objects.filter(territory=territory, synthetic=True).exists()
        or Pole.objects.filter(territory=territory, synthetic=True).exists()
    )
