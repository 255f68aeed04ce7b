"""The discovery step itself: :func:`discover` runs the three kinds of evidence (documented patterns,
analogies, input-output table) over one territory's establishments and ranks what they propose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .analogies import _analogy_proposals
from .candidates import Establishment, _PrefixIndex, as_establishment
from .documented import _pattern_proposals
from .io_table import GOODS_BRANCHES, IOTable, _io_proposals
from .knowledge import Pattern
from .proposals import Proposal


def discover(
    establishments: Iterable[Establishment | Sequence | Mapping],
    patterns: Sequence[Pattern],
    io_table: IOTable | None = None,
    k: int | None = 10,
    *,
    max_km: float = 60.0,
    analogies: bool = True,
    io_products: int = 3,
    io_min_share: float = 0.03,
    io_supply_branches: frozenset[str] = GOODS_BRANCHES,
) -> list[Proposal]:
    """Ranked synergy hypotheses between the establishments of one territory (best first, ``k`` at most).

    ``patterns`` is the knowledge base (:func:`load_patterns`); ``io_table`` (:func:`load_io_table`)
    adds the local-supply step, skipped when None. Pairs farther apart than ``max_km`` by road are
    ignored. ``k=None`` returns every proposal.
    """
    people = [as_establishment(e) for e in establishments]
    by_siret = {e.siret: e for e in people}
    index = _PrefixIndex(people)
    proposals = _pattern_proposals(patterns, index, by_siret, max_km)

    if analogies:
        proposals.extend(_analogy_proposals(patterns, index, by_siret, max_km))
    if io_table is not None:
        proposals.extend(
            _io_proposals(people, io_table, by_siret, max_km, io_products, io_min_share, io_supply_branches)
        )

    order = {"pattern": 0, "analogy": 1, "io": 2}
    proposals.sort(key=lambda p: (-p.score, order[p.kind], p.title))
    return proposals if k is None else proposals[:k]
