"""The indicators of an industrial diagnostic, each defined once, on plain mappings.

A *vector* maps a key (a sector code, an establishment…) to a non-negative quantity (jobs or
establishments). ``Z`` is the zone (territory, EPCI) and ``R`` the reference (France, a région).
Each function's docstring is its exact definition; ``DEFINITIONS`` gives the ids used in exports.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Key = Hashable
Vector = Mapping[Key, float]

DEFINITIONS = {
    "share": "s_i = x_i / Σ_j x_j",
    "lq": "LQ_i = (z_i / Z) / (r_i / R)",
    "lq_rest": "LQ*_i = (z_i / Z) / ((r_i − z_i) / (R − Z)), the zone against the rest of the reference",
    "krugman": "K = Σ_i |z_i / Z − r_i / R| (0: same structure as the reference, 2: nothing in common)",
    "krugman_rest": "K* = ½ Σ_i |z_i / Z − (r_i − z_i) / (R − Z)| (0 to 1), against the rest of the reference",
    "lq_total": "LQ_i = (z_i / E_z) / (r_i / E_r), E = all private salaried jobs",
    "lq_scope": "LQ_i = (z_i / Z) / (r_i / R), Z and R = jobs of the scope",
    "growth": "Δ = x_end − x_start; annualised rate = (x_end / x_start)^(1 / years) − 1",
    "shift_share": "Δz_i = z0_i·g (national) + z0_i·(g_i − g) (sector mix) + local residual; g = R1/R0 − 1, "
    "g_i = r1_i/r0_i − 1",
    "top_share": "share of the k largest units in the total",
    "herfindahl": "H = Σ_u s_u² over units (1: one unit holds everything)",
    "creation_rate": "creations in year y / active establishments at the end of year y − 1",
    "closure_rate": "closures in year y / active establishments at the end of year y − 1",
    "rank": "position among the compared zones, 1 = highest value",
}


def total(vector: Vector) -> float:
    return float(sum(vector.values()))


def shares(vector: Vector) -> dict[Key, float]:
    """s_i = x_i / Σ x (all zero when the total is zero)."""
    whole = total(vector)
    return {k: (v / whole if whole else 0.0) for k, v in vector.items()}


def location_quotient(zone: Vector, reference: Vector) -> dict[Key, float | None]:
    """LQ_i = (z_i / Z) / (r_i / R); None where the sector is absent from the reference (undefined)."""
    z_total, r_total = total(zone), total(reference)
    out: dict[Key, float | None] = {}
    for key in set(zone) | set(reference):
        r = reference.get(key, 0)
        if not r or not r_total or not z_total:
            out[key] = None if not r or not r_total else 0.0
            continue
        out[key] = (zone.get(key, 0) / z_total) / (r / r_total)
    return out


def location_quotient_rest(zone: Vector, reference: Vector) -> dict[Key, float | None]:
    """LQ*_i = (z_i / Z) / ((r_i − z_i) / (R − Z)) (Observatoire des territoires): the zone against
    the rest of the reference. None where the rest has none of the sector or is empty."""
    z_total, r_total = total(zone), total(reference)
    rest_total = r_total - z_total
    out: dict[Key, float | None] = {}
    for key in set(zone) | set(reference):
        z = zone.get(key, 0)
        rest = reference.get(key, 0) - z
        if rest <= 0 or rest_total <= 0 or not z_total:
            out[key] = None if rest <= 0 or rest_total <= 0 else 0.0
            continue
        out[key] = (z / z_total) / (rest / rest_total)
    return out


def krugman_index(zone: Vector, reference: Vector) -> float:
    """K = Σ_i |z_i / Z − r_i / R|: 0 when the zone has the reference's structure, 2 at most."""
    zs, rs = shares(zone), shares(reference)
    return sum(abs(zs.get(k, 0.0) - rs.get(k, 0.0)) for k in set(zs) | set(rs))


def krugman_rest(zone: Vector, reference: Vector) -> float:
    """K* = ½ Σ_i |z_i / Z − (r_i − z_i) / (R − Z)| (Observatoire des territoires): the zone against
    the rest of the reference, 0 to 1."""
    rest = {k: reference.get(k, 0.0) - zone.get(k, 0.0) for k in set(zone) | set(reference)}
    zs, rs = shares(zone), shares({k: max(v, 0.0) for k, v in rest.items()})
    return 0.5 * sum(abs(zs.get(k, 0.0) - rs.get(k, 0.0)) for k in set(zs) | set(rs))


def location_quotient_on(zone: Vector, zone_base: float, reference: Vector, reference_base: float) -> dict:
    """LQ_i = (z_i / Z_base) / (r_i / R_base), on a chosen base: the zone's and the reference's total
    employment (INSEE's usual base) or their total of the scope. None where r_i or a base is zero."""
    out: dict[Key, float | None] = {}
    for key in set(zone) | set(reference):
        r = reference.get(key, 0)
        if not r or not reference_base or not zone_base:
            out[key] = None
            continue
        out[key] = (zone.get(key, 0) / zone_base) / (r / reference_base)
    return out


def location_quotient_rest_on(zone: Vector, zone_base: float, reference: Vector, reference_base: float) -> dict:
    """LQ*_i = (z_i / Z_base) / ((r_i − z_i) / (R_base − Z_base)): the zone against the rest of the reference."""
    out: dict[Key, float | None] = {}
    rest_base = reference_base - zone_base
    for key in set(zone) | set(reference):
        rest = reference.get(key, 0) - zone.get(key, 0)
        if rest <= 0 or rest_base <= 0 or not zone_base:
            out[key] = None
            continue
        out[key] = (zone.get(key, 0) / zone_base) / (rest / rest_base)
    return out


@dataclass(frozen=True)
class Growth:
    start: float
    end: float
    years: int

    @property
    def change(self) -> float:
        return self.end - self.start

    @property
    def annual_rate(self) -> float | None:
        """(end / start)^(1 / years) − 1; None when the start is zero or no time passed."""
        if self.start <= 0 or self.years <= 0 or self.end < 0:
            return None
        return (self.end / self.start) ** (1 / self.years) - 1


@dataclass(frozen=True)
class ShiftShare:
    change: float
    national: float
    mix: float
    local: float


def shift_share(zone_start: Vector, zone_end: Vector, ref_start: Vector, ref_end: Vector) -> dict[Key, ShiftShare]:
    """Decompose each sector's change Δz_i = z1_i − z0_i into

    - national effect ``z0_i · g`` with ``g = R1 / R0 − 1`` (the reference's overall growth),
    - sector-mix effect ``z0_i · (g_i − g)`` with ``g_i = r1_i / r0_i − 1`` (``g_i = g`` where the
      reference had none of the sector at the start),
    - local effect: the rest, ``Δz_i − national − mix`` (= ``z0_i · (l_i − g_i)`` when ``z0_i > 0``).

    The three effects add up to the observed change exactly, sector by sector and in total.
    """
    r0, r1 = total(ref_start), total(ref_end)
    g = (r1 / r0 - 1) if r0 else 0.0
    out: dict[Key, ShiftShare] = {}
    for key in set(zone_start) | set(zone_end):
        z0, z1 = zone_start.get(key, 0.0), zone_end.get(key, 0.0)
        ref0 = ref_start.get(key, 0.0)
        g_i = (ref_end.get(key, 0.0) / ref0 - 1) if ref0 else g
        national = z0 * g
        mix = z0 * (g_i - g)
        change = z1 - z0
        out[key] = ShiftShare(change, national, mix, change - national - mix)
    return out


def shift_share_total(parts: Mapping[Key, ShiftShare]) -> ShiftShare:
    return ShiftShare(
        sum(p.change for p in parts.values()),
        sum(p.national for p in parts.values()),
        sum(p.mix for p in parts.values()),
        sum(p.local for p in parts.values()),
    )


def top_share(values: Iterable[float], k: int) -> float:
    """Share of the k largest values in the total (0 for an empty or zero total)."""
    ordered = sorted((v for v in values if v > 0), reverse=True)
    whole = sum(ordered)
    return sum(ordered[:k]) / whole if whole else 0.0


def herfindahl(values: Iterable[float]) -> float:
    """H = Σ s_u² with s_u = v_u / Σ v (0 for an empty total)."""
    values = [v for v in values if v > 0]
    whole = sum(values)
    return sum((v / whole) ** 2 for v in values) if whole else 0.0


def rate(events: float, stock: float) -> float | None:
    """events / stock; None when the stock is zero."""
    return events / stock if stock else None


def rank(values: Mapping[Key, float | None], key: Key) -> tuple[int, int] | None:
    """(position of ``key`` with 1 = highest, number of zones with a value); None if ``key`` has none."""
    known = {k: v for k, v in values.items() if v is not None}
    if key not in known:
        return None
    higher = sum(1 for v in known.values() if v > known[key])
    return higher + 1, len(known)


@dataclass(frozen=True)
class Specialisation:
    key: Key
    weight: float  # share of the zone's total (e.g. of industrial jobs)
    lq: float | None


def specific_sectors(zone: Vector, reference: Vector, min_weight: float = 0.05, min_lq: float = 1.5,
                     limit: int = 5) -> list[Specialisation]:  # fmt: skip
    """Sectors that both weigh (share ≥ ``min_weight``) and are specific (LQ ≥ ``min_lq``), heaviest first."""
    weights, lqs = shares(zone), location_quotient(zone, reference)
    found = [
        Specialisation(k, w, lqs.get(k)) for k, w in weights.items() if w >= min_weight and (lqs.get(k) or 0) >= min_lq
    ]
    return sorted(found, key=lambda s: (-s.weight, repr(s.key)))[:limit]


def dominant_sectors(zone: Vector, limit: int = 5) -> list[tuple[Key, float]]:
    """The heaviest sectors of the zone with their share."""
    return sorted(shares(zone).items(), key=lambda kv: (-kv[1], repr(kv[0])))[:limit]
