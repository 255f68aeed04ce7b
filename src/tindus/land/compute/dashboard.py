"""The land overview's aggregations, as plain arithmetic on rows (no Django): vacancy per EPCI, the vacancy
band a zone is coloured with, and the surface available by vocation.

An EPCI's vacancy is **summed, not averaged**: vacant units of its zones over their units of known status
(a zone of 200 units weighs 100 times one of 2), with the unknown units counted alongside; its bounds run
over all units, as a zone's do (:mod:`.vacancy`).

A unit is **available** when its commercialisation stage (``terr_stade_comm``) is « en vente » or « en vente
avec contraintes »; a unit « réservé par option » or by a deliberation of the EPCI is not (it is promised),
nor one « non commercialisé » (the owner does not sell).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

AVAILABLE_STAGES = ("en vente", "en vente avec contraintes")

# Upper limits (%, excluded) of the vacancy bands the map colours zones with; the last band has none.
BANDS = (5.0, 10.0, 20.0)
UNKNOWN_BAND = "s"


def band(rate: float | None) -> str:
    """``"1"``…``"4"`` from the lowest vacancy to the highest, ``"s"`` when no unit's status is known."""
    if rate is None:
        return UNKNOWN_BAND
    for index, limit in enumerate(BANDS, start=1):
        if rate < limit:
            return str(index)
    return str(len(BANDS) + 1)


def band_labels() -> list[tuple[str, float | None, float | None]]:
    """(band, from %, below %) of each band, the unknown one last with no bounds."""
    edges = (0.0, *BANDS)
    out: list[tuple[str, float | None, float | None]] = []
    for index, low in enumerate(edges, start=1):
        high = BANDS[index - 1] if index <= len(BANDS) else None
        out.append((str(index), low, high))
    out.append((UNKNOWN_BAND, None, None))
    return out


@dataclass(frozen=True)
class ZoneFigures:
    """What the overview needs of one zone's vacancy: the rest stays with the zone."""

    epci_siren: str
    epci_name: str
    units: int
    vacant: int
    known: int
    unknown: int


@dataclass
class EpciVacancy:
    siren: str
    name: str
    zones: int = 0
    units: int = 0
    vacant: int = 0
    known: int = 0
    unknown: int = 0

    @property
    def rate(self) -> float | None:
        """Vacant / known units of all its zones, in %."""
        return 100 * self.vacant / self.known if self.known else None

    @property
    def bounds(self) -> tuple[float, float] | None:
        if not self.units:
            return None
        return 100 * self.vacant / self.units, 100 * (self.vacant + self.unknown) / self.units

    @property
    def band(self) -> str:
        return band(self.rate)


def per_epci(zones: Iterable[ZoneFigures]) -> list[EpciVacancy]:
    """One row per EPCI (by SIREN, else by name; zones without either together under ``""``), by name."""
    rows: dict[str, EpciVacancy] = {}
    for zone in zones:
        key = zone.epci_siren or zone.epci_name
        row = rows.setdefault(key, EpciVacancy(zone.epci_siren, zone.epci_name))
        row.name = row.name or zone.epci_name
        row.zones += 1
        row.units += zone.units
        row.vacant += zone.vacant
        row.known += zone.known
        row.unknown += zone.unknown
    return sorted(rows.values(), key=lambda r: (not (r.siren or r.name), r.name.lower(), r.siren))


@dataclass
class VocationSurface:
    vocation: str  # the standard's value; "" for offers outside any zone
    zones: int = 0
    gross: float = 0.0
    units_available: int = 0
    units_surface: float = 0.0
    offers: int = 0
    offers_surface: float = 0.0


@dataclass(frozen=True)
class UnitRow:
    vocation: str
    stage: str
    surface: float


@dataclass(frozen=True)
class OfferRow:
    vocation: str  # the vocation of the zone the offer lies in, "" outside the zones
    surface: float


@dataclass
class Availability:
    rows: list[VocationSurface] = field(default_factory=list)

    @property
    def units_available(self) -> int:
        return sum(r.units_available for r in self.rows)

    @property
    def units_surface(self) -> float:
        return sum(r.units_surface for r in self.rows)

    @property
    def offers(self) -> int:
        return sum(r.offers for r in self.rows)

    @property
    def offers_surface(self) -> float:
        return sum(r.offers_surface for r in self.rows)


def available_by_vocation(
    zones: Iterable[tuple[str, float]], units: Iterable[UnitRow], offers: Iterable[OfferRow], order: Iterable[str]
) -> Availability:
    """Zones as ``(vocation, gross surface)``; units of every stage (only the available ones are counted);
    available offers. Rows in ``order`` (the vocations' list), then any other, offers outside zones last."""
    rows: dict[str, VocationSurface] = {}
    for vocation, gross in zones:
        row = rows.setdefault(vocation, VocationSurface(vocation))
        row.zones += 1
        row.gross += gross
    for unit in units:
        if unit.stage in AVAILABLE_STAGES:
            row = rows.setdefault(unit.vocation, VocationSurface(unit.vocation))
            row.units_available += 1
            row.units_surface += unit.surface
    for offer in offers:
        row = rows.setdefault(offer.vocation, VocationSurface(offer.vocation))
        row.offers += 1
        row.offers_surface += offer.surface
    rank = {v: i for i, v in enumerate(order)}
    ordered = sorted(rows.values(), key=lambda r: (r.vocation == "", rank.get(r.vocation, len(rank)), r.vocation))
    return Availability(ordered)
