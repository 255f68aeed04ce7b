"""Impact of implemented synergies: tonnes diverted from disposal, CO2e avoided, euros saved.

Each implemented synergy is described by a :class:`SynergyFlow` (what moves, how far, what it replaced on
both sides and what it cost or saved); :func:`compute` turns it into an :class:`Impact` and
:func:`roll_up` adds impacts up, per territory or for any group of synergies.

The greenhouse-gas balance is the avoided emissions minus the induced ones::

    CO2e avoided = t × (EF_disposal + EF_virgin) + MWh × EF_energy + m3 × EF_water
                   − t × km × EF_transport − t × EF_reprocessing

and the money balance follows the same shape::

    euros saved = t × disposal fee + t × virgin price + MWh × energy price + m3 × water price
                  − t × km × transport cost − t × reprocessing cost + other declared savings

Emission factors come from an editable table (``synergies/data/emission_factors.csv``, described in
``synergies/data/README.md``), each with its source and vintage so that every figure shown can be cited. Costs
that nobody declared stay unknown: the euros are then computed from the known parts only, and
:attr:`Impact.missing` says, in French, what is missing. The method and its limits are written in
``synergies/IMPACT_METHOD.md``.

Plain Python, no Django import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from .tables import at_line, checked_rows

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # src/tindus/synergies/data
FACTORS_PATH = DATA_DIR / "emission_factors.csv"

COLUMNS = ("key", "kind", "label_fr", "value", "unit", "source", "vintage", "notes")
KINDS = ("disposal", "virgin", "transport", "reprocessing")

UNIT_TONNE = "kg CO2e/t"
UNIT_TKM = "kg CO2e/t.km"
UNIT_MWH = "kg CO2e/MWh"
UNIT_M3 = "kg CO2e/m3"
UNITS_BY_KIND: dict[str, tuple[str, ...]] = {
    "disposal": (UNIT_TONNE,),
    "virgin": (UNIT_TONNE, UNIT_MWH, UNIT_M3),
    "transport": (UNIT_TKM,),
    "reprocessing": (UNIT_TONNE,),
}

DEFAULT_TRANSPORT = "route_poids_lourd_moyen"
DEFAULT_ENERGY = "chaleur_gaz_naturel"
DEFAULT_WATER = "eau_potable_reseau"

KEY_FORMAT = re.compile(r"[a-z0-9_]+")
VINTAGE_FORMAT = re.compile(r"(19|20)\d\d")

# What the result says when a part of the balance could not be computed (shown as is to French users).
MISSING_DISPOSAL_COST = "coût d'élimination évité inconnu"
MISSING_VIRGIN_PRICE = "prix de la matière vierge inconnu"
MISSING_ENERGY_PRICE = "prix de l'énergie évitée inconnu"
MISSING_WATER_PRICE = "prix de l'eau évitée inconnu"
MISSING_TRANSPORT_COST = "coût du transport inconnu"
MISSING_REPROCESSING_COST = "coût de préparation de la matière inconnu"
MISSING_DISTANCE = "distance de transport inconnue : émissions et coût du transport non comptés"
MISSING_OTHER_SAVINGS = "économies de la mutualisation non déclarées"
NOTE_NOT_DIVERTED = "aucune filière d'élimination antérieure déclarée : tonnes non comptées comme détournées"

_TONNE_KG = 1000.0


@dataclass(frozen=True)
class EmissionFactor:
    """One row of the emission-factor table; ``value`` is in ``unit`` (kg CO2e per t, t.km, MWh or m3)."""

    key: str
    kind: str
    label_fr: str
    value: float
    unit: str
    source: str
    vintage: str
    notes: str = ""


@dataclass(frozen=True)
class SynergyFlow:
    """One implemented synergy, over a year.

    ``disposal_route`` is what the provider did with the resource before (a ``disposal`` factor key such
    as ``stockage_isdnd``), empty when nothing was disposed of (heat that was vented, a by-product already
    sold, a pooling). ``virgin_material`` is what the receiver no longer buys (a ``virgin`` factor per
    tonne), empty for pooling. Costs are in euros excluding VAT; ``None`` means "not known", which is
    different from zero.
    """

    tonnes_per_year: float = 0.0
    disposal_route: str = ""
    virgin_material: str = ""
    distance_km: float | None = None
    transport: str = DEFAULT_TRANSPORT
    reprocessing: str = ""
    energy_mwh_per_year: float = 0.0
    energy: str = DEFAULT_ENERGY
    water_m3_per_year: float = 0.0
    water: str = DEFAULT_WATER
    disposal_cost_eur_per_t: float | None = None
    virgin_price_eur_per_t: float | None = None
    energy_price_eur_per_mwh: float | None = None
    water_price_eur_per_m3: float | None = None
    transport_cost_eur_per_tkm: float | None = None
    reprocessing_cost_eur_per_t: float | None = None
    other_savings_eur: float | None = None

    def __post_init__(self) -> None:
        for name in ("tonnes_per_year", "energy_mwh_per_year", "water_m3_per_year"):
            _check_quantity(name, getattr(self, name))
        for name in (
            "distance_km",
            "disposal_cost_eur_per_t",
            "virgin_price_eur_per_t",
            "energy_price_eur_per_mwh",
            "water_price_eur_per_m3",
            "transport_cost_eur_per_tkm",
            "reprocessing_cost_eur_per_t",
        ):
            value = getattr(self, name)
            if value is not None:
                _check_quantity(name, value)
        if self.other_savings_eur is not None and not math.isfinite(self.other_savings_eur):
            raise ValueError(f"other_savings_eur must be a finite number, not {self.other_savings_eur!r}")


@dataclass
class Impact:
    """Result for one synergy or a roll-up.

    Emissions are in tonnes of CO2e per year, money in euros per year. The ``co2e_*`` and ``euros_*``
    parts are all positive: the transport and reprocessing ones are subtracted from the avoided ones to
    give :attr:`co2e_avoided_t` and :attr:`euros_saved`, which can be negative (a long trip can cost more
    CO2e than the exchange saves).
    """

    flows: int = 0
    tonnes_exchanged: float = 0.0
    tonnes_diverted: float = 0.0
    co2e_avoided_t: float = 0.0
    co2e_avoided_disposal_t: float = 0.0
    co2e_avoided_virgin_t: float = 0.0
    co2e_avoided_energy_t: float = 0.0
    co2e_avoided_water_t: float = 0.0
    co2e_transport_t: float = 0.0
    co2e_reprocessing_t: float = 0.0
    euros_saved: float = 0.0
    euros_disposal: float = 0.0
    euros_virgin: float = 0.0
    euros_energy: float = 0.0
    euros_water: float = 0.0
    euros_transport: float = 0.0
    euros_reprocessing: float = 0.0
    euros_other: float = 0.0
    factors_used: list[EmissionFactor] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def euros_complete(self) -> bool:
        """True when every part of the money balance was known."""
        return not any(m in _EURO_MISSING for m in self.missing)

    def co2e_breakdown(self) -> dict[str, float]:
        """Signed parts of the CO2e balance (t CO2e/year), in the order of the formula."""
        return {
            "avoided_disposal": self.co2e_avoided_disposal_t,
            "avoided_virgin": self.co2e_avoided_virgin_t,
            "avoided_energy": self.co2e_avoided_energy_t,
            "avoided_water": self.co2e_avoided_water_t,
            "transport": -self.co2e_transport_t,
            "reprocessing": -self.co2e_reprocessing_t,
        }

    def euros_breakdown(self) -> dict[str, float]:
        """Signed parts of the money balance (euros/year), in the order of the formula."""
        return {
            "disposal": self.euros_disposal,
            "virgin": self.euros_virgin,
            "energy": self.euros_energy,
            "water": self.euros_water,
            "transport": -self.euros_transport,
            "reprocessing": -self.euros_reprocessing,
            "other": self.euros_other,
        }


_EURO_MISSING = frozenset(
    {
        MISSING_DISPOSAL_COST,
        MISSING_VIRGIN_PRICE,
        MISSING_ENERGY_PRICE,
        MISSING_WATER_PRICE,
        MISSING_TRANSPORT_COST,
        MISSING_REPROCESSING_COST,
        MISSING_OTHER_SAVINGS,
    }
)


def _check_quantity(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number ≥ 0, not {value!r}")


# --- the emission-factor table -----------------------------------------------------------------------------


def load_factors(path: Path | str = FACTORS_PATH) -> dict[str, EmissionFactor]:
    """Read and check the emission-factor table; a bad row raises ``ValueError`` naming file and line."""
    factors: dict[str, EmissionFactor] = {}
    for line, row in checked_rows(path, COLUMNS, "key"):
        try:
            factor = _parse_row(row)
        except ValueError as error:
            raise at_line(path, line, str(error)) from None
        factors[factor.key] = factor
    return factors


def _parse_row(row: Mapping[str, str]) -> EmissionFactor:
    key = row["key"]
    if not KEY_FORMAT.fullmatch(key):
        raise ValueError(f"key {key!r} must be lower-case letters, digits and underscores")
    kind = row["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    if not row["label_fr"]:
        raise ValueError("label_fr is empty")
    try:
        value = float(row["value"])
    except ValueError:
        raise ValueError(f"value {row['value']!r} is not a number (use a dot as decimal separator)") from None
    if not math.isfinite(value):
        raise ValueError(f"value {row['value']!r} is not a finite number")
    if value < 0:
        raise ValueError(f"value {value:g} is negative: factors are emissions ≥ 0, the formula gives the signs")
    unit = row["unit"]
    if unit not in UNITS_BY_KIND[kind]:
        raise ValueError(f"unit {unit!r} does not fit a {kind} factor (expected {' or '.join(UNITS_BY_KIND[kind])})")
    if not row["source"]:
        raise ValueError("source is empty: every factor names the publication it comes from")
    if not VINTAGE_FORMAT.fullmatch(row["vintage"]):
        raise ValueError(f"vintage {row['vintage']!r} is not a year such as 2023")
    return EmissionFactor(
        key=key,
        kind=kind,
        label_fr=row["label_fr"],
        value=value,
        unit=unit,
        source=row["source"],
        vintage=row["vintage"],
        notes=row["notes"],
    )


@lru_cache(maxsize=1)
def _shipped_factors() -> Mapping[str, EmissionFactor]:
    return load_factors(FACTORS_PATH)


def default_factors() -> dict[str, EmissionFactor]:
    """The shipped table (read once), as a fresh dict the caller may change."""
    return dict(_shipped_factors())


def factors_of_kind(factors: Mapping[str, EmissionFactor], kind: str, unit: str | None = None) -> list[EmissionFactor]:
    """Factors of one kind (and unit), in table order: the choices a form offers."""
    return [f for f in factors.values() if f.kind == kind and (unit is None or f.unit == unit)]


def _factor(factors: Mapping[str, EmissionFactor], key: str, kind: str, unit: str) -> EmissionFactor:
    factor = factors.get(key)
    if factor is None:
        raise ValueError(f"unknown emission factor '{key}'")
    if factor.kind != kind or factor.unit != unit:
        raise ValueError(f"emission factor '{key}' is a {factor.kind} factor in {factor.unit}, not {kind} in {unit}")
    return factor


# --- computing -----------------------------------------------------------------------------------------------


def compute(flow: SynergyFlow, factors: Mapping[str, EmissionFactor] | None = None) -> Impact:
    """Impact of one synergy over a year, with the factors used and what could not be counted."""
    factors = _shipped_factors() if factors is None else factors
    t = flow.tonnes_per_year
    impact = Impact(flows=1, tonnes_exchanged=t)
    used: list[EmissionFactor] = []

    def cite(key: str, kind: str, unit: str, quantity: float) -> EmissionFactor:
        factor = _factor(factors, key, kind, unit)
        if quantity > 0 and factor not in used:
            used.append(factor)
        return factor

    def money(price: float | None, quantity: float, missing: str) -> float:
        if quantity <= 0:
            return 0.0
        if price is None:
            impact.missing.append(missing)
            return 0.0
        return quantity * price

    if flow.disposal_route:
        disposal = cite(flow.disposal_route, "disposal", UNIT_TONNE, t)
        impact.tonnes_diverted = t
        impact.co2e_avoided_disposal_t = t * disposal.value / _TONNE_KG
        impact.euros_disposal = money(flow.disposal_cost_eur_per_t, t, MISSING_DISPOSAL_COST)
    elif t > 0:
        impact.notes.append(NOTE_NOT_DIVERTED)

    if flow.virgin_material:
        virgin = cite(flow.virgin_material, "virgin", UNIT_TONNE, t)
        impact.co2e_avoided_virgin_t = t * virgin.value / _TONNE_KG
        impact.euros_virgin = money(flow.virgin_price_eur_per_t, t, MISSING_VIRGIN_PRICE)

    if flow.energy_mwh_per_year > 0:
        energy = cite(flow.energy, "virgin", UNIT_MWH, flow.energy_mwh_per_year)
        impact.co2e_avoided_energy_t = flow.energy_mwh_per_year * energy.value / _TONNE_KG
        impact.euros_energy = money(flow.energy_price_eur_per_mwh, flow.energy_mwh_per_year, MISSING_ENERGY_PRICE)

    if flow.water_m3_per_year > 0:
        water = cite(flow.water, "virgin", UNIT_M3, flow.water_m3_per_year)
        impact.co2e_avoided_water_t = flow.water_m3_per_year * water.value / _TONNE_KG
        impact.euros_water = money(flow.water_price_eur_per_m3, flow.water_m3_per_year, MISSING_WATER_PRICE)

    if t > 0:
        if flow.distance_km is None:
            impact.missing.append(MISSING_DISTANCE)
        elif flow.distance_km > 0:
            tkm = t * flow.distance_km
            transport = cite(flow.transport, "transport", UNIT_TKM, tkm)
            impact.co2e_transport_t = tkm * transport.value / _TONNE_KG
            impact.euros_transport = money(flow.transport_cost_eur_per_tkm, tkm, MISSING_TRANSPORT_COST)

    if flow.reprocessing:
        reprocessing = cite(flow.reprocessing, "reprocessing", UNIT_TONNE, t)
        impact.co2e_reprocessing_t = t * reprocessing.value / _TONNE_KG
        impact.euros_reprocessing = money(flow.reprocessing_cost_eur_per_t, t, MISSING_REPROCESSING_COST)

    if flow.other_savings_eur is not None:
        impact.euros_other = flow.other_savings_eur
    elif t == 0 and flow.energy_mwh_per_year == 0 and flow.water_m3_per_year == 0:
        impact.missing.append(MISSING_OTHER_SAVINGS)

    impact.factors_used = used
    _totals(impact)
    return impact


def _totals(impact: Impact) -> None:
    impact.co2e_avoided_t = sum(impact.co2e_breakdown().values())
    impact.euros_saved = sum(impact.euros_breakdown().values())


_SUMMED = tuple(f.name for f in fields(Impact) if f.type in ("int", "float") or f.type in (int, float))


def roll_up(impacts: Iterable[Impact]) -> Impact:
    """Sum of several impacts (a territory, a programme); factors, missing parts and notes are listed once."""
    total = Impact()
    for impact in impacts:
        for name in _SUMMED:
            setattr(total, name, getattr(total, name) + getattr(impact, name))
        _extend_unique(total.factors_used, impact.factors_used)
        _extend_unique(total.missing, impact.missing)
        _extend_unique(total.notes, impact.notes)
    _totals(total)
    return total


def _extend_unique(target: list, items: Iterable) -> None:
    for item in items:
        if item not in target:
            target.append(item)
