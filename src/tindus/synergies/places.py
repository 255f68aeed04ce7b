"""Where the companies of a territory are: their SIRENE record in the warehouse and their commune's centre.

Distances between companies are computed from the centre of their communes' outlines (a road-distance
proxy is applied by the matcher): precise enough to tell a neighbour from a firm 40 km away, and it needs
nothing but the shipped outlines.
"""

from __future__ import annotations

from collections.abc import Iterable

from tindus.referentials.models import Outline
from tindus.territories.models import Territory
from tindus.warehouse.queries import (
    ListedEstablishment,
    Provenance,
    WarehouseUnavailableError,
    establishments_by_siret,
    establishments_in,
    establishments_provenance,
)
from tindus.warehouse.services import get_warehouse
from tindus.warehouse.version_cache import cached_by_version

from .compute import declarations as core


def commune_centres(codes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Commune code → (latitude, longitude) of the centre of its outline's bounding box."""
    outlines = Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=set(codes)).only(
        "code", "west", "south", "east", "north"
    )
    return {o.code: ((o.south + o.north) / 2, (o.west + o.east) / 2) for o in outlines}


def territory_communes(territory: Territory) -> set[str]:
    return set(territory.communes.values_list("code", flat=True))


def establishments(sirets: Iterable[str]) -> dict[str, ListedEstablishment]:
    """The warehouse's records of these SIRETs (empty when the warehouse is not built yet)."""
    wanted = sorted(set(sirets))
    if not wanted:
        return {}

    def read() -> dict[str, ListedEstablishment]:
        try:
            return establishments_by_siret(get_warehouse(), wanted)
        except WarehouseUnavailableError:
            return {}

    return dict(cached_by_version("synergies.places", tuple(wanted), read))  # a copy: the cached one stays as read


def sirene_provenance() -> Provenance | None:
    try:
        return establishments_provenance(get_warehouse())
    except WarehouseUnavailableError:
        return None


def territory_listing(territory: Territory, limit: int = 50_000) -> list[ListedEstablishment]:
    """The territory's active employer establishments (empty when the warehouse is not built yet)."""
    try:
        return establishments_in(get_warehouse(), territory_communes(territory), limit=limit)
    except WarehouseUnavailableError:
        return []


def companies_for(declarations: Iterable, authorised: set[str] | None = None) -> list[core.Company]:
    """One :class:`core.Company` per SIRET of these declaration rows, placed at its commune's centre.

    ``authorised`` are the SIRETs authorised to receive hazardous waste (any of their declarations says so).
    """
    rows = list(declarations)
    centres = commune_centres(r.commune for r in rows)
    companies: dict[str, core.Company] = {}
    authorised = authorised if authorised is not None else {r.siret for r in rows if r.authorised_hazardous}
    for r in rows:
        if r.siret in companies:
            continue
        lat, lon = centres.get(r.commune, (float("nan"), float("nan")))
        companies[r.siret] = core.Company(r.siret, r.company_name, r.commune, lat, lon, r.naf, r.siret in authorised)
    return list(companies.values())
