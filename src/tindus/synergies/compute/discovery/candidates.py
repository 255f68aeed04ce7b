"""Candidate establishments and pairs: what the warehouse knows of an establishment, and a pair of them
(its road distance and placement are computed by :mod:`.placement`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ROAD_FACTOR = 1.3  # straight line → road distance, the usual French rural-periurban detour ratio
EARTH_RADIUS_KM = 6371.0088

# Midpoint headcount of each SIRENE band.
HEADCOUNT = {"NN": 0, "00": 0, "01": 1.5, "02": 4, "03": 7.5, "11": 15, "12": 35, "21": 75, "22": 150,
             "31": 225, "32": 375, "41": 750, "42": 1500, "51": 3500, "52": 7500, "53": 10000}  # fmt: skip


@dataclass(frozen=True)
class Establishment:
    """What the warehouse knows of an establishment: enough to propose, nothing confidential."""

    siret: str
    name: str
    naf: str
    commune: str = ""
    lat: float | None = None
    lon: float | None = None
    employees: str = ""  # SIRENE headcount band (« tranche d'effectifs »)


@dataclass(frozen=True)
class Pair:
    provider_siret: str
    receiver_siret: str
    distance_km: float | None  # road-distance proxy, None when a side has no coordinates
    score: float


def as_establishment(item: Establishment | Sequence | Mapping) -> Establishment:
    """Accept an :class:`Establishment`, a tuple ``(siret, name, naf, commune, lat, lon, employees)``
    (trailing fields optional) or a mapping with those keys."""
    if isinstance(item, Establishment):
        return item
    if isinstance(item, Mapping):
        values = {k: item[k] for k in Establishment.__dataclass_fields__ if k in item}
    else:
        values = dict(zip(Establishment.__dataclass_fields__, item, strict=False))
    for key in ("lat", "lon"):
        if values.get(key) in ("", None):
            values[key] = None
        else:
            values[key] = float(values[key])
    return Establishment(**{k: (v if k in ("lat", "lon") else str(v or "")) for k, v in values.items()})
