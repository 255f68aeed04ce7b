"""How well the knowledge base generalises: each documented pattern is held out in turn and looked for, in a
synthetic territory among decoys, with what remains (:func:`leave_one_out`, :func:`recall_at`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from .candidates import Establishment
from .core import discover
from .io_table import IOTable, load_io_table
from .knowledge import Pattern
from .nomenclatures import naf_subclasses, normalise_naf

TERRITORY_CENTRE = (47.32, 5.04)  # Dijon: any French point would do
TERRITORY_RADIUS_KM = 25.0
EMPLOYER_BANDS = ("01", "02", "03", "11", "12", "21", "22")


@dataclass(frozen=True)
class HeldOut:
    """What became of one held-out pattern: its rank among the proposals (None: not proposed)."""

    pattern_id: str
    rank: int | None  # among all the territory's proposals
    provider_rank: int | None  # among the proposals naming the held-out provider: what its company sees
    kind: str | None  # kind of the first proposal linking the pair
    covered: bool  # another documented pattern links the two synthetic establishments' sectors
    n_proposals: int


def _point(rng: random.Random) -> tuple[float, float]:
    radius = TERRITORY_RADIUS_KM * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = TERRITORY_CENTRE[0] + radius * math.cos(angle) / 111.2
    lon = TERRITORY_CENTRE[1] + radius * math.sin(angle) / (111.2 * math.cos(math.radians(TERRITORY_CENTRE[0])))
    return lat, lon


def synthetic_territory(pattern: Pattern, decoys: int = 200, seed: int = 0) -> list[Establishment]:
    """A provider of the pattern's provider sector, a receiver of its receiver sector and ``decoys``
    establishments of other sous-classes, scattered over a 25 km radius (seeded)."""
    rng = random.Random(f"{seed}:{pattern.id}")
    codes = naf_subclasses()
    p_prefix, r_prefix = normalise_naf(pattern.provider_naf), normalise_naf(pattern.receiver_naf)
    provider_codes = [c for c in codes if normalise_naf(c).startswith(p_prefix)]
    receiver_codes = [c for c in codes if normalise_naf(c).startswith(r_prefix)]
    if not provider_codes or not receiver_codes:
        raise ValueError(f"pattern {pattern.id} (line {pattern.line}): a sector matches no NAF sous-classe")
    others = [c for c in codes if not normalise_naf(c).startswith((p_prefix, r_prefix))]

    def make(siret: str, name: str, naf: str) -> Establishment:
        lat, lon = _point(rng)
        return Establishment(siret, name, naf, "", lat, lon, rng.choice(EMPLOYER_BANDS))

    people = [
        make("P", "Fournisseur retenu", rng.choice(provider_codes)),
        make("R", "Receveur retenu", rng.choice(receiver_codes)),
    ]
    people += [make(f"D{i:03d}", f"Leurre {i}", rng.choice(others)) for i in range(decoys)]
    return people


def leave_one_out(
    patterns: Sequence[Pattern],
    *,
    decoys: int = 200,
    seed: int = 0,
    io_table: IOTable | None = None,
    use_io: bool = True,
) -> list[HeldOut]:
    """Hold out each pattern in turn and look for its (provider, receiver) pair with the rest.

    The territory holds one provider of the held-out provider sector, one receiver of its receiver
    sector and ``decoys`` establishments of other sectors, which compete with their own proposals.
    Discovery runs with the remaining patterns, the analogies and (``use_io``) the input-output step.
    """
    if use_io and io_table is None:
        io_table = load_io_table()
    results = []
    for held in patterns:
        rest = [p for p in patterns if p is not held]
        people = synthetic_territory(held, decoys, seed)
        provider, receiver = people[0], people[1]
        covered = any(
            normalise_naf(provider.naf).startswith(normalise_naf(p.provider_naf))
            and normalise_naf(receiver.naf).startswith(normalise_naf(p.receiver_naf))
            for p in rest
        )
        proposals = discover(people, rest, io_table if use_io else None, k=None)
        rank = provider_rank = kind = None
        own = 0
        for position, proposal in enumerate(proposals, start=1):
            if any(e.siret == provider.siret for e in proposal.providers):
                own += 1
            if proposal.involves(provider.siret, receiver.siret):
                rank, provider_rank, kind = position, own, proposal.kind
                break
        results.append(HeldOut(held.id, rank, provider_rank, kind, covered, len(proposals)))
    return results


def recall_at(results: Sequence[HeldOut], k: int, *, view: str = "territory") -> float:
    """Share of held-out pairs found in the first ``k`` proposals of the territory (``view="territory"``)
    or of the held-out provider's own list (``view="provider"``)."""
    if not results:
        return 0.0
    ranks = [r.rank if view == "territory" else r.provider_rank for r in results]
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(results)


def evaluate_leave_one_out(patterns: Sequence[Pattern], k: int = 10, **options) -> float:
    """Leave-one-out recall@k of the discovery step on the documented patterns (see :func:`leave_one_out`)."""
    return recall_at(leave_one_out(patterns, **options), k)
