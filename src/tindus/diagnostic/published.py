"""What the protected tables let a report show of a zone, and the indicators computed on that alone.

A zone is read through the geographies of the publication system: an official territory or an EPCI
is one of them; a custom territory is the sum of the EPCIs it touches (the statistical secrecy of
official tables allows no other cut: a territory minus one commune would give that commune away), and
a sum is published only where each of its terms is. Every function here returns ``"s"`` where the
figure would rest on a masked cell, and computes indicators that mix several cells (Krugman index,
shift-share) with the masked cells taken together as one group, whose total the published cells
already give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .compute import indicators as ind
from .compute.publication import FRANCE, TOTAL
from .compute.secrecy import SECRET
from .protected import ProtectedYear, PublishedYear

MASKED_GROUP = "__masked__"
SCOPE_SECTIONS = {"industry": ("B", "C", "D", "E"), "manufacturing": ("C",)}


@dataclass(frozen=True)
class Place:
    """A zone as geographies of the system: one official geography, or the sum of several EPCIs."""

    geos: tuple[str, ...]

    def value(self, year: ProtectedYear | PublishedYear, naf: str) -> float | str | None:
        values = [year.value(g, naf) for g in self.geos]
        if not values or any(v is None for v in values):
            return None
        if any(v == SECRET for v in values):
            return SECRET
        return float(sum(values))

    def vector(self, year: ProtectedYear | PublishedYear, nafs: Iterable[str]) -> dict[str, float | str]:
        out = {}
        for naf in nafs:
            value = self.value(year, naf)
            if value not in (None, 0.0):
                out[naf] = value
        return out


def scope_node(scope: str) -> str:
    return TOTAL if scope == "industry" else "sec:C"


def a38_nodes(naf_rows: Iterable[tuple], scope: str) -> list[str]:
    """The A38 nodes of the scope, from (sous-classe, section, division, A10, A17, A38) rows."""
    wanted = SCOPE_SECTIONS[scope]
    return sorted({f"A38:{row[5]}" for row in naf_rows if row[1] in wanted})


def known(*values) -> bool:
    return all(v is not None and v != SECRET for v in values)


def ratio(numerator, denominator) -> float | str | None:
    if not known(numerator, denominator):
        return SECRET if SECRET in (numerator, denominator) else None
    return numerator / denominator if denominator else None


def grouped(vector: dict[str, float | str], whole, hidden: Iterable[str] = ()) -> dict[str, float] | None:
    """The vector with its masked cells, and the cells of ``hidden``, as one group worth the published
    total minus the rest (``None`` when the total itself is masked)."""
    if not known(whole):
        return None
    hidden = set(hidden) | _hidden(vector)
    out = {k: float(v) for k, v in vector.items() if k not in hidden}
    if hidden:
        out[MASKED_GROUP] = max(float(whole) - sum(out.values()), 0.0)
    return out


def _hidden(*vectors: dict) -> set[str]:
    return {k for vector in vectors for k, v in vector.items() if v == SECRET}


def krugman(zone: dict, zone_total, reference: dict, reference_total, *, rest: bool = False) -> float | str | None:
    """Krugman index on the published cells, the sectors masked on either side taken as one group."""
    hidden = _hidden(zone, reference)
    z, r = grouped(zone, zone_total, hidden), grouped(reference, reference_total, hidden)
    if z is None or r is None:
        return SECRET
    return ind.krugman_rest(z, r) if rest else ind.krugman_index(z, r)


def shift_share_total(start: dict, start_total, end: dict, end_total, ref_start: dict, ref_end: dict):
    """Shift-share of the whole scope with the sectors masked in either year as one group."""
    hidden = _hidden(start, end)
    z0, z1 = grouped(start, start_total, hidden), grouped(end, end_total, hidden)
    if z0 is None or z1 is None:
        return None
    r0 = {k: float(v) for k, v in ref_start.items() if v != SECRET and k not in hidden}
    r1 = {k: float(v) for k, v in ref_end.items() if v != SECRET and k not in hidden}
    if hidden:
        r0[MASKED_GROUP] = sum(float(ref_start.get(k, 0)) for k in hidden if ref_start.get(k) != SECRET)
        r1[MASKED_GROUP] = sum(float(ref_end.get(k, 0)) for k in hidden if ref_end.get(k) != SECRET)
    return ind.shift_share_total(ind.shift_share(z0, z1, r0, r1))


def france() -> Place:
    return Place((FRANCE,))


def regions(codes: Iterable[str]) -> Place:
    return Place(tuple(f"region:{c}" for c in codes))
