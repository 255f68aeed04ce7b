"""How well placed a candidate pair of establishments is: the feasibility of the exchange over its distance,
judged by the kind of resource (heat by its temperature), times the chance that both firms are big enough for
the flow to matter.

Feasibility is 1 up to half of ``d50``, then ``1 / (1 + ((d − d50/2) / (d50/2))²)``, where ``d50``
(:func:`half_distance_km`) is the road distance at which an exchange of that kind is as likely as not to be
worth it: heat travels a few kilometres in a network (less when it is at a low temperature), water and
shared premises a few more, materials tens of kilometres. Within ``d50/2`` the exchange is judged on its
evidence, not ranked down: heat between neighbours is as plausible as any material flow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .candidates import EARTH_RADIUS_KM, HEADCOUNT, ROAD_FACTOR, Establishment, Pair

# Road distance (km) at which feasibility is one half.
HALF_DISTANCE_KM = {"eau": 5.0, "locaux": 5.0, "equipements": 15.0, "matieres": 40.0}
DEFAULT_HALF_DISTANCE_KM = 30.0
HEAT_HALF_DISTANCE_KM = ((60.0, 2.0), (150.0, 4.0))  # below 60 °C: 2 km; below 150 °C: 4 km
HOT_HALF_DISTANCE_KM = 8.0  # steam and heat above 150 °C carry more energy per pipe
UNKNOWN_FEASIBILITY = 0.5  # an establishment without coordinates
FULL_SIZE = 50
MAX_PER_SIDE = 400  # the biggest establishments of each side are paired; the others are listed
MAX_PAIRS_SHOWN = 10


def half_distance_km(category: str, temperature_c: float | None = None) -> float:
    if category == "energie":
        if temperature_c is None:
            return HEAT_HALF_DISTANCE_KM[1][1]
        for limit, km in HEAT_HALF_DISTANCE_KM:
            if temperature_c < limit:
                return km
        return HOT_HALF_DISTANCE_KM
    return HALF_DISTANCE_KM.get(category, DEFAULT_HALF_DISTANCE_KM)


def feasibility(distance_km: float | None, category: str, temperature_c: float | None = None) -> float:
    if distance_km is None:
        return UNKNOWN_FEASIBILITY
    return float(_feasible(np.array(distance_km, dtype=float), half_distance_km(category, temperature_c)))


def _feasible(distance: np.ndarray, d50: float) -> np.ndarray:
    beyond = np.maximum(0.0, distance - d50 / 2) / (d50 / 2)
    return 1.0 / (1.0 + beyond**2)


def size_fit(headcount: np.ndarray) -> np.ndarray:
    """Chance that an establishment of this headcount has a flow worth exchanging: ½ for one person, 1 from
    :data:`FULL_SIZE` employees (a site of that size has regular flows; more staff does not make it likelier)."""
    return 0.5 + 0.5 * np.minimum(1.0, np.log1p(headcount) / math.log1p(FULL_SIZE))


def _biggest(side: Sequence[Establishment]) -> list[Establishment]:
    if len(side) <= MAX_PER_SIDE:
        return list(side)
    return sorted(side, key=lambda e: -HEADCOUNT.get(e.employees, 0))[:MAX_PER_SIDE]


def best_pairs(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    category: str,
    temperature_c: float | None,
    max_km: float,
) -> tuple[list[Pair], int, float, float | None]:
    """(best pairs first, number of candidate pairs, best pair's placement, shortest distance)."""
    providers, receivers = _biggest(providers), _biggest(receivers)
    if not providers or not receivers:
        return [], 0, 0.0, None
    p = np.radians(np.array([[e.lat if e.lat is not None else np.nan, e.lon if e.lon is not None else np.nan]
                             for e in providers], dtype=float))  # fmt: skip
    r = np.radians(np.array([[e.lat if e.lat is not None else np.nan, e.lon if e.lon is not None else np.nan]
                             for e in receivers], dtype=float))  # fmt: skip
    dlat = r[None, :, 0] - p[:, None, 0]
    dlon = r[None, :, 1] - p[:, None, 1]
    h = np.sin(dlat / 2) ** 2 + np.cos(p[:, None, 0]) * np.cos(r[None, :, 0]) * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))) * ROAD_FACTOR
    known = ~np.isnan(distance)
    d50 = half_distance_km(category, temperature_c)
    feasible = np.where(known, _feasible(np.nan_to_num(distance), d50), UNKNOWN_FEASIBILITY)
    size_p = size_fit(np.array([HEADCOUNT.get(e.employees, 0) for e in providers], dtype=float))
    size_r = size_fit(np.array([HEADCOUNT.get(e.employees, 0) for e in receivers], dtype=float))
    score = feasible * np.sqrt(size_p[:, None] * size_r[None, :])
    valid = ~(known & (distance > max_km))
    valid &= (
        np.array([e.siret for e in providers], dtype=object)[:, None]
        != np.array([e.siret for e in receivers], dtype=object)[None, :]
    )
    n = int(valid.sum())
    if not n:
        return [], 0, 0.0, None
    masked = np.where(valid, score, -1.0)
    flat = np.argsort(-masked, axis=None, kind="stable")[: min(n, MAX_PAIRS_SHOWN)]
    pairs = []
    for index in flat:
        i, j = divmod(int(index), len(receivers))
        pairs.append(Pair(providers[i].siret, receivers[j].siret, float(distance[i, j]) if known[i, j] else None,
                          float(score[i, j])))  # fmt: skip
    distances = distance[valid & known]
    return pairs, n, float(masked.max()), float(distances.min()) if distances.size else None
