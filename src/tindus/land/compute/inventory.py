"""The CNIG « Sites économiques » model as plain dataclasses: poles, zones, land units, establishments.

The four classes are built from the shipped Table Schemas (every field of the standard, nothing else):
attribute names are the GeoPackage template's field names (the schema name in lower case, ``-`` → ``_``:
``SIRET`` → ``siret``, ``ban-id`` → ``ban_id``), values typed (``str``, ``float``, ``int`` for ``%Y`` years,
``datetime.date``, ``(lon, lat)`` for geopoints), ``None`` when empty. The layer's geometry (Lambert-93
metres, a shapely geometry) is ``geometry``.

Relations as the standard draws them: a zone (``SITE-ECO``) may belong to a pole (``pole_id``); a land unit
(``TERRAIN-ECO``) to one zone (``site_id``); an establishment (``ETABLISSEMENT``, key ``SIRET``) lists the
units it uses in ``terr_id`` (pipe-joined: one SIRET on several units), and several establishments may use
one unit. A unit whose establishments are partly closed is **partly vacant** (:meth:`Inventory.occupancy`).

:func:`check` holds the rules beyond the Table Schema, each problem naming its layer, feature and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from tindus.identifiers import siren_valid, siret_valid

from .geometry import check_geometries, units_outside_zones
from .lambert93 import transform
from .problems import Problem, gettext_noop
from .schema import format_value, load_schema

GEOMETRY_FIELD = {
    "POLE-ECO": "pole_geompoint",
    "SITE-ECO": "site_geomsurf",
    "TERRAIN-ECO": "terr_geomsurf",
    "ETABLISSEMENT": "etab_geompoint",
}
ID_FIELD = {"POLE-ECO": "pole_id", "SITE-ECO": "site_id", "TERRAIN-ECO": "terr_id", "ETABLISSEMENT": "SIRET"}
POSITIVE_SURFACES = {
    "SITE-ECO": ("site_surf_brute",),
    "TERRAIN-ECO": ("terr_surf_brute",),
    "POLE-ECO": ("pole_surface",),
}
PYTHON_TYPES = {"string": "str", "number": "float", "integer": "int", "geopoint": "tuple[float, float]"}


def attribute(name: str) -> str:
    """The attribute (and GeoPackage field) name of a schema field."""
    return name.lower().replace("-", "_")


class Feature:
    """What the four classes share: their layer, identifier, and record in the standard's field names."""

    LAYER: ClassVar[str]

    @property
    def key(self) -> str:
        return getattr(self, attribute(ID_FIELD[self.LAYER])) or ""

    def record(self) -> dict[str, object]:
        """Schema field name → value (the layer's geometry under its schema name)."""
        out = {}
        for field in load_schema(self.LAYER).fields:
            if field.name == GEOMETRY_FIELD[self.LAYER]:
                out[field.name] = self.geometry
            else:
                out[field.name] = getattr(self, attribute(field.name))
        return out

    def text_row(self) -> dict[str, str]:
        """The feature as the standard's CSV writes it: every field as text, the geometry as GeoJSON in
        Lambert-93, or for a ``geopoint`` field as ``lon, lat`` in degrees."""
        row = {}
        for field in load_schema(self.LAYER).fields:
            if field.name == GEOMETRY_FIELD[self.LAYER]:
                value = self.geometry
                if field.type == "geopoint" and value is not None:
                    point = transform(value, inverse=True)
                    value = (point.x, point.y)
            else:
                value = getattr(self, attribute(field.name))
            row[field.name] = format_value(field, value)
        return row

    @classmethod
    def from_record(cls, record: dict[str, object], geometry: Any = None) -> Feature:
        """From a typed record (:func:`~.schema.validate_rows`); ``geometry`` overrides the record's."""
        geometry_field = GEOMETRY_FIELD[cls.LAYER]
        values = {attribute(k): v for k, v in record.items() if k != geometry_field and attribute(k) in cls.ATTRS}
        return cls(**values, geometry=geometry if geometry is not None else record.get(geometry_field))


def _model(class_name: str, layer: str, doc: str) -> type:
    fields = []
    for field in load_schema(layer).fields:
        if field.name == GEOMETRY_FIELD[layer]:
            continue
        kind = "int" if field.format == "%Y" else "datetime.date" if field.type == "date" else None
        kind = kind or PYTHON_TYPES.get(field.type, "object")
        fields.append((attribute(field.name), f"{kind} | None", dataclasses.field(default=None)))
    fields.append(("geometry", "BaseGeometry | None", dataclasses.field(default=None, repr=False)))
    cls = dataclasses.make_dataclass(class_name, fields, bases=(Feature,), kw_only=True, eq=False)
    cls.LAYER = layer
    cls.ATTRS = frozenset(name for name, _, _ in fields)
    cls.__doc__ = doc
    cls.__module__ = __name__
    return cls


Pole = _model("Pole", "POLE-ECO", "A group of zones (POLE-ECO).")
Zone = _model("Zone", "SITE-ECO", "An economic activity zone or site (SITE-ECO), its perimeter a (multi)polygon.")
LandUnit = _model("LandUnit", "TERRAIN-ECO", "A land unit of a zone (TERRAIN-ECO), on one or more cadastral parcels.")
Establishment = _model("Establishment", "ETABLISSEMENT", "An occupant (ETABLISSEMENT), by its SIRET.")
CLASSES = {"POLE-ECO": Pole, "SITE-ECO": Zone, "TERRAIN-ECO": LandUnit, "ETABLISSEMENT": Establishment}


def unit_ids(establishment: Establishment) -> tuple[str, ...]:
    """The units an establishment uses (its ``terr_id`` pipe list)."""
    return tuple(p.strip() for p in (establishment.terr_id or "").split("|") if p.strip())


@dataclass(frozen=True)
class Occupancy:
    """Who uses a unit, by the establishments the inventory links to it."""

    unit_id: str
    active: tuple[str, ...]
    closed: tuple[str, ...]

    @property
    def state(self) -> str:
        """``occupied``, ``partly vacant`` (some occupants closed, some not), ``vacated`` (all closed), ``none``."""
        if self.active and self.closed:
            return "partly vacant"
        if self.active:
            return "occupied"
        return "vacated" if self.closed else "none"


def is_closed(establishment: Establishment) -> bool:
    return establishment.etab_actif == "non" or establishment.etab_fermeture_date is not None


@dataclass
class Inventory:
    """One EPCI's inventory: the four layers, with look-ups along the standard's relations."""

    poles: list = dataclasses.field(default_factory=list)
    zones: list = dataclasses.field(default_factory=list)
    units: list = dataclasses.field(default_factory=list)
    establishments: list = dataclasses.field(default_factory=list)

    def layers(self) -> dict[str, list]:
        return {
            "POLE-ECO": self.poles,
            "SITE-ECO": self.zones,
            "TERRAIN-ECO": self.units,
            "ETABLISSEMENT": self.establishments,
        }  # noqa: E501

    @cached_property
    def _units_by_zone(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for unit in self.units:
            out.setdefault(unit.site_id, []).append(unit)
        return out

    @cached_property
    def _establishments_by_unit(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for establishment in self.establishments:
            for unit in unit_ids(establishment):
                out.setdefault(unit, []).append(establishment)
        return out

    def units_of(self, site_id: str) -> list:
        return self._units_by_zone.get(site_id, [])

    def establishments_on(self, terr_id: str) -> list:
        return self._establishments_by_unit.get(terr_id, [])

    def occupancy(self, terr_id: str) -> Occupancy:
        on = self.establishments_on(terr_id)
        return Occupancy(
            terr_id,
            active=tuple(e.siret for e in on if not is_closed(e)),
            closed=tuple(e.siret for e in on if is_closed(e)),
        )


def check(inventory: Inventory, *, today: dt.date | None = None) -> list[Problem]:
    """The model's rules beyond the Table Schema (which :mod:`.schema` checks): identifiers unique, SIRET and
    SIREN (Luhn, La Poste's exception), SIREN = the SIRET's first 9 digits, surfaces above zero and useful ≤
    gross, no date after ``today``, references to existing poles (when the pole layer is not empty), zones
    and units, geometries (:mod:`.geometry`) and each unit inside its zone."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    for layer, features in inventory.layers().items():
        problems += _duplicates(layer, features)
        problems += check_geometries(layer, [f.key for f in features], [f.geometry for f in features])
        for feature in features:
            problems += _feature_rules(layer, feature, today)
    problems += _references(inventory)
    zones = {z.site_id: z.geometry for z in inventory.zones if z.geometry is not None}
    units = inventory.units
    problems += units_outside_zones(
        zones, [u.terr_id for u in units], [u.site_id for u in units], [u.geometry for u in units]
    )
    return problems


def _duplicates(layer: str, features: Iterable[Feature]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for feature in features:
        if feature.key in seen:
            problems.append(
                Problem(layer, gettext_noop("identifier used twice"), feature=feature.key, field=ID_FIELD[layer])
            )
        seen.add(feature.key)
    return problems


def _feature_rules(layer: str, feature: Feature, today: dt.date) -> list[Problem]:
    problems = []

    def report(field: str, reason: str, **params: object) -> None:
        problems.append(Problem(layer, reason, feature=feature.key, field=field, params=params))

    for name in POSITIVE_SURFACES.get(layer, ()):
        value = getattr(feature, name)
        if value is not None and value <= 0:
            report(name, gettext_noop("a surface must be above zero (%(value)s)"), value=value)
    if layer == "SITE-ECO" and feature.site_surf_utile is not None:
        if feature.site_surf_utile < 0:
            report(
                "site_surf_utile",
                gettext_noop("a surface cannot be negative (%(value)s)"),
                value=feature.site_surf_utile,
            )
        elif feature.site_surf_brute and feature.site_surf_utile > feature.site_surf_brute:
            report("site_surf_utile", gettext_noop("the useful surface exceeds the gross surface"))
    for field in load_schema(layer).fields:
        value = getattr(feature, attribute(field.name), None) if field.name != GEOMETRY_FIELD[layer] else None
        if isinstance(value, dt.date) and value > today:
            report(field.name, gettext_noop("date in the future (%(date)s)"), date=value.isoformat())
        elif field.format == "%Y" and isinstance(value, int) and value > today.year:
            report(field.name, gettext_noop("year in the future (%(date)s)"), date=value)
    if layer == "ETABLISSEMENT":
        if not siret_valid(feature.siret or ""):
            report(
                "SIRET", gettext_noop("« %(value)s » is not a valid SIRET (14 digits, Luhn check)"), value=feature.siret
            )
        if feature.siren and not siren_valid(feature.siren) and feature.siren != "356000000":
            report(
                "SIREN", gettext_noop("« %(value)s » is not a valid SIREN (9 digits, Luhn check)"), value=feature.siren
            )
        elif feature.siren and feature.siret and not feature.siret.startswith(feature.siren):
            report("SIREN", gettext_noop("the SIREN is not the first 9 digits of the SIRET"))
    return problems


def _references(inventory: Inventory) -> list[Problem]:
    problems = []
    poles = {p.pole_id for p in inventory.poles}
    zones = {z.site_id for z in inventory.zones}
    units = {u.terr_id for u in inventory.units}
    for zone in inventory.zones if poles else ():
        if zone.pole_id and zone.pole_id not in poles:
            problems.append(_dangling("SITE-ECO", zone.site_id, "pole_id", zone.pole_id, "POLE-ECO"))
    for unit in inventory.units:
        if unit.site_id not in zones:
            problems.append(_dangling("TERRAIN-ECO", unit.terr_id, "site_id", unit.site_id, "SITE-ECO"))
    for establishment in inventory.establishments:
        for terr_id in unit_ids(establishment):
            if terr_id not in units:
                problems.append(_dangling("ETABLISSEMENT", establishment.siret, "terr_id", terr_id, "TERRAIN-ECO"))
    return problems


def _dangling(layer: str, feature: str, field: str, value: str, target: str) -> Problem:
    return Problem(
        layer,
        gettext_noop("« %(value)s » refers to nothing in %(target)s"),
        feature=feature,
        field=field,
        params={"value": value, "target": target},
    )
