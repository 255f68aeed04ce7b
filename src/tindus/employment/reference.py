"""The shipped reference files of the employment cores, read once per process.

They change only with a new release of Tindus: the commune → basin table, the FAP 2021 and FAP 2009 trees,
the DARES tension indicators and the documented correspondence of the 22 domains.
"""

from __future__ import annotations

from functools import lru_cache

from .compute.basins import BasinMap, read_basin_map
from .compute.fap import (
    DATA,
    DomainLink,
    DomainTension,
    Fap2009,
    Fap2021,
    TensionRow,
    domain_tensions,
    read_correspondence,
    read_fap2009,
    read_fap2021,
    read_tensions,
)

BASIN_FILE = DATA / "bassin_emploi.csv.gz"
SHIPPED_BMO = {2024: DATA / "bmo_2024_open_data.csv.gz", 2025: DATA / "bmo_2025_open_data.csv.gz"}


@lru_cache(maxsize=1)
def basin_map() -> BasinMap:
    return read_basin_map(BASIN_FILE)


@lru_cache(maxsize=1)
def basin_communes() -> dict[int, tuple[str, ...]]:
    """Each basin's commune codes (of every vintage the table lists)."""
    found: dict[int, list[str]] = {}
    for commune, basin in basin_map().commune_basin.items():
        found.setdefault(basin, []).append(commune)
    return {basin: tuple(sorted(codes)) for basin, codes in found.items()}


@lru_cache(maxsize=1)
def fap2021() -> Fap2021:
    return read_fap2021()


@lru_cache(maxsize=1)
def fap2009() -> Fap2009:
    return read_fap2009()


@lru_cache(maxsize=1)
def tension_rows() -> tuple[TensionRow, ...]:
    return tuple(read_tensions(fap2009=fap2009()))


@lru_cache(maxsize=1)
def domain_links() -> dict[str, DomainLink]:
    return read_correspondence()


@lru_cache(maxsize=256)
def tensions_at(place: tuple[str, str]) -> dict[str, DomainTension]:
    """Each FAP 2009 domain's tension at ``("dep", "21")``, ``("reg", "27")`` or ``("nat", "")``."""
    return domain_tensions(tension_rows(), fap2009(), place)
