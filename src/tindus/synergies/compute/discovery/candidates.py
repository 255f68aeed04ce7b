"""Candidate establishments and pairs: who, in one territory, could exchange with whom, and how well placed
each pair is (road-distance proxy, decaying with the kind of resource, and the size of the two firms).

Shared by the three kinds of proposal; :func:`_score` turns the best pair and the number of pairs, with
the weight of the evidence, into a proposal's score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .nomenclatures import normalise_naf

ROAD_FACTOR = 1.3  # straight line → road distance, the usual French rural-periurban detour ratio
EARTH_RADIUS_KM = 6371.0088
# Distance (km) over which the proximity factor falls to 1/e: heat and water travel badly.
DISTANCE_SCALE_KM = {"energie": 8.0, "eau": 8.0, "locaux": 10.0, "equipements": 15.0, "matieres": 40.0}
DEFAULT_SCALE_KM = 30.0
UNKNOWN_PROXIMITY = 0.5  # an establishment without coordinates
MAX_PAIRS_SHOWN = 10

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


class _PrefixIndex:
    """Establishments by every prefix of their normalised NAF code."""

    def __init__(self, establishments: Sequence[Establishment]):
        self.by_prefix: dict[str, list[Establishment]] = {}
        for e in establishments:
            code = normalise_naf(e.naf)
            for n in range(2, len(code) + 1):
                self.by_prefix.setdefault(code[:n], []).append(e)

    def match(self, prefix: str) -> list[Establishment]:
        return self.by_prefix.get(normalise_naf(prefix), [])


def _size_factor(employees: np.ndarray) -> np.ndarray:
    return 0.5 + 0.5 * np.minimum(1.0, np.log1p(employees) / math.log1p(250))


def _pairs(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    category: str,
    max_km: float,
    exclude: np.ndarray | None = None,
) -> tuple[list[Pair], int, float, float | None]:
    """Candidate pairs (best first, capped), their number, the best pair score and the shortest distance."""
    if not providers or not receivers:
        return [], 0, 0.0, None

    def coords(side: Sequence[Establishment]) -> np.ndarray:
        return np.radians(
            np.array([[e.lat if e.lat is not None else np.nan, e.lon if e.lon is not None else np.nan] for e in side])
        )

    p, r = coords(providers), coords(receivers)
    dlat = r[None, :, 0] - p[:, None, 0]
    dlon = r[None, :, 1] - p[:, None, 1]
    h = np.sin(dlat / 2) ** 2 + np.cos(p[:, None, 0]) * np.cos(r[None, :, 0]) * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))) * ROAD_FACTOR
    known = ~np.isnan(distance)
    scale = DISTANCE_SCALE_KM.get(category, DEFAULT_SCALE_KM)
    proximity = np.where(known, np.exp(-np.nan_to_num(distance) / scale), UNKNOWN_PROXIMITY)
    size_p = _size_factor(np.array([HEADCOUNT.get(e.employees, 0) for e in providers], dtype=float))
    size_r = _size_factor(np.array([HEADCOUNT.get(e.employees, 0) for e in receivers], dtype=float))
    score = proximity * np.sqrt(size_p[:, None] * size_r[None, :])
    valid = ~(known & (distance > max_km))
    p_sirets = np.array([e.siret for e in providers], dtype=object)
    r_sirets = np.array([e.siret for e in receivers], dtype=object)
    valid &= p_sirets[:, None] != r_sirets[None, :]
    if exclude is not None:
        valid &= ~exclude
    n = int(valid.sum())
    if not n:
        return [], 0, 0.0, None
    masked = np.where(valid, score, -1.0)
    flat = np.argsort(-masked, axis=None, kind="stable")[: min(n, MAX_PAIRS_SHOWN)]
    pairs = []
    for index in flat:
        i, j = divmod(int(index), len(receivers))
        d = float(distance[i, j]) if known[i, j] else None
        pairs.append(Pair(providers[i].siret, receivers[j].siret, d, float(score[i, j])))
    distances = distance[valid & known]
    shortest = float(distances.min()) if distances.size else None
    return pairs, n, float(masked.max()), shortest


def _candidates(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    category: str,
    max_km: float,
    exclude: np.ndarray | None = None,
) -> tuple[tuple[Establishment, ...], tuple[Establishment, ...], list[Pair], int, float, float | None] | None:
    pairs, n, best, shortest = _pairs(providers, receivers, category, max_km, exclude)
    if not n:
        return None
    # Establishments in the order of their best pair; the others that have a pair follow.
    order_p = list(dict.fromkeys([p.provider_siret for p in pairs]))
    order_r = list(dict.fromkeys([p.receiver_siret for p in pairs]))
    by_siret = {e.siret: e for e in (*providers, *receivers)}
    others_p = [e.siret for e in providers if e.siret not in order_p]
    others_r = [e.siret for e in receivers if e.siret not in order_r]
    ps = tuple(by_siret[s] for s in dict.fromkeys(order_p + others_p))
    rs = tuple(by_siret[s] for s in dict.fromkeys(order_r + others_r))
    return ps, rs, pairs, n, best, shortest


def _score(prior: float, best_pair: float, n_pairs: int) -> float:
    return round(prior * best_pair * (1 + 0.1 * math.log(n_pairs)), 6)
