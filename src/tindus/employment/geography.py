"""Where a territory and each of its EPCI are, for the needs table: their communes, their anchor points
(where training nearby is measured from) and the share of each employment basin that counts for them.

- **Anchor points**: the centres of the area's communes (the shipped commune outlines,
  :func:`tindus.synergies.places.commune_centres`); where outlines are missing (outside the départements
  the repository ships), the official territory's outline: its mean point and 32 of its vertices.
- **Straddling basins**: a basin with communes on both sides of the area's edge counts for a share of it,
  by the chosen method: the share of the basin's **population** living inside (COG populations of the
  referentials, the default), of its **establishments** (active employers in the warehouse; when the
  warehouse holds none of the basin, population is used and the page says so), or of its **communes**.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tindus.referentials.models import Commune, Outline
from tindus.synergies.places import commune_centres
from tindus.territories.models import Groupement, Territory
from tindus.warehouse.queries import WarehouseUnavailableError, establishments_in
from tindus.warehouse.services import get_warehouse

from .compute.basins import TerritoryBasins, territory_basins
from .reference import basin_communes, basin_map

METHODS = {
    "population": gettext_lazy("population"),
    "establishments": gettext_lazy("establishments"),
    "communes": gettext_lazy("communes"),
}
DEFAULT_METHOD = "population"
OUTLINE_POINTS = 32


@dataclass(frozen=True)
class Area:
    """The territory itself or one of its EPCI."""

    key: str  # "territoire" or the EPCI's SIREN
    name: str
    kind: str  # "territory" or "epci"
    communes: frozenset[str]
    anchors: np.ndarray = field(compare=False)  # (k, 2): latitude, longitude
    anchors_from: str = ""  # "communes", "outline" or "" (none)


def _outline_points(territory: Territory) -> np.ndarray:
    if not territory.wave:
        return np.zeros((0, 2))
    layer = Outline.Layer.TERRITORY_WAVE1 if territory.wave == 1 else Outline.Layer.TERRITORY_WAVE2
    outline = Outline.objects.filter(layer=layer, code=territory.official_id).first()
    if outline is None:
        return np.zeros((0, 2))
    geometry = outline.geometry
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    points = np.array([(lat, lon) for polygon in polygons for ring in polygon for lon, lat, *_ in ring])
    step = max(1, len(points) // OUTLINE_POINTS)
    return np.vstack([points.mean(axis=0), points[::step][:OUTLINE_POINTS]])


def _anchors(codes: Iterable[str], centres: dict[str, tuple[float, float]], fallback: np.ndarray) -> tuple:
    points = [centres[c] for c in sorted(codes) if c in centres]
    if points:
        return np.array(points, dtype=np.float64), "communes"
    if len(fallback):
        return fallback, "outline"
    return np.zeros((0, 2)), ""


def areas_of(territory: Territory) -> list[Area]:
    """The territory first, then each of its EPCI by name."""
    communes = list(territory.communes.select_related("epci").only("code", "epci__siren"))
    codes = frozenset(c.code for c in communes)
    centres = commune_centres(codes)
    outline = _outline_points(territory)
    anchors, source = _anchors(codes, centres, outline)
    areas = [Area("territoire", territory.name, "territory", codes, anchors, source)]
    epcis = territory.groupements.filter(nature=Groupement.Nature.EPCI).order_by("name")
    for epci in epcis:
        inside = frozenset(c.code for c in communes if c.epci_id and c.epci.siren == epci.siren)
        if not inside:
            continue
        points, source = _anchors(inside, centres, outline)
        areas.append(Area(epci.siren, epci.name, "epci", inside, points, source))
    return areas


@dataclass
class Apportioning:
    """Each area's basins and shares, the method that gave them, and what the page must say about it."""

    basins: list[TerritoryBasins]
    method: str
    notes: list[str] = field(default_factory=list)


def _population_shares(territory: Territory, areas: Sequence[Area], touched: set[int]) -> list[dict[int, float]]:
    codes = {c for b in touched for c in basin_communes().get(b, ())}
    population = dict(
        Commune.objects.filter(vintage=territory.cog_vintage, kind=Commune.Kind.CURRENT, code__in=codes)
        .exclude(population=None)
        .values_list("code", "population")
    )
    return _shares(areas, touched, population)


def _shares(areas: Sequence[Area], touched: set[int], weight: dict[str, float]) -> list[dict[int, float]]:
    total = {b: sum(weight.get(c, 0) for c in basin_communes().get(b, ())) for b in touched}
    found = []
    for area in areas:
        inside: dict[int, float] = {}
        for commune in area.communes:
            basin = basin_map().commune_basin.get(commune)
            if basin is not None:
                inside[basin] = inside.get(basin, 0) + weight.get(commune, 0)
        found.append({b: inside.get(b, 0) / total[b] for b in inside if total.get(b)})
    return found


def _establishment_weights(touched: set[int]) -> dict[str, float]:
    codes = {c for b in touched for c in basin_communes().get(b, ())}
    try:
        listed = establishments_in(get_warehouse(), codes, limit=1_000_000)
    except WarehouseUnavailableError:
        return {}
    counts: dict[str, float] = {}
    for establishment in listed:
        counts[establishment.commune] = counts.get(establishment.commune, 0) + 1
    return counts


def apportion(territory: Territory, areas: Sequence[Area], method: str = DEFAULT_METHOD) -> Apportioning:
    """The basins of every area, straddling ones apportioned by ``method`` (see the module docstring)."""
    plain = [territory_basins(a.communes, basin_map()) for a in areas]
    straddling = {b for t in plain for b in t.straddling}
    if method == "communes" or not straddling:
        return Apportioning(plain, "communes" if straddling else "whole")
    notes = []
    if method == "establishments":
        counts = _establishment_weights(straddling)
        empty = [b for b in straddling if not sum(counts.get(c, 0) for c in basin_communes().get(b, ()))]
        if not empty:
            shares = _shares(areas, straddling, counts)
            return Apportioning(_with(areas, shares, plain, "establishments"), "establishments")
        notes.append(
            _("The warehouse holds no establishment of basin(s) %(basins)s: the population share is used instead.")
            % {"basins": ", ".join(str(b) for b in sorted(empty))}
        )
    shares = _population_shares(territory, areas, straddling)
    return Apportioning(_with(areas, shares, plain, "population"), "population", notes)


def _with(areas, shares, plain, method) -> list[TerritoryBasins]:
    found = []
    for area, share, basins in zip(areas, shares, plain, strict=True):
        given = {b.code: share.get(b.code, b.share) for b in basins.basins if b.straddling}
        found.append(territory_basins(area.communes, basin_map(), given, method))
    return found
