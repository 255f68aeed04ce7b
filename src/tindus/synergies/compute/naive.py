"""The naive all-pairs scorer: the baseline the indexed :class:`~tindus.synergies.compute.matching.Matcher` is measured
against, and its reference in the tests.

For a declaration it scores *every* complementary declaration of the set (the opposite direction, an accepted
category) with the very scoring function of the matcher (:meth:`Features.score_pairs`, vectorised over the
candidates), keeps the eligible ones and takes the top k with :mod:`heapq`. Its cost grows with the square of
the number of declarations; it needs no index.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

import numpy as np

from .declarations import Company, Declaration
from .matching import Features, Match, Rules


class NaiveMatcher:
    """Same interface as :class:`~tindus.synergies.compute.matching.Matcher`, every pair scored."""

    def __init__(
        self,
        companies: Iterable[Company],
        declarations: Iterable[Declaration],
        rules: Rules | None = None,
        features: Features | None = None,
    ):
        self.features = f = features or Features(companies, declarations, rules)
        names = f.category_names
        by_category = {
            (direction, c): np.flatnonzero((f.dirn == direction) & (f.cat == c)) for direction in (0, 1)
            for c in range(len(names))
        }  # fmt: skip
        self._complementary: dict[tuple[int, int], np.ndarray] = {}
        for g, need_category in enumerate(names):
            accepted = [names.index(c) for c in f.rules.accepts.get(need_category, ()) if c in names]
            self._complementary[(0, g)] = np.sort(np.concatenate([by_category[(1, c)] for c in accepted] or [[]]))
        for c, offer_category in enumerate(names):
            needing = [g for g, need in enumerate(names) if offer_category in f.rules.accepts.get(need, ())]
            self._complementary[(1, c)] = np.sort(np.concatenate([by_category[(0, g)] for g in needing] or [[]]))
        for key, value in self._complementary.items():
            self._complementary[key] = value.astype(np.int64)

    def candidates(self, declaration_id: str, k: int = 10) -> list[Match]:
        f = self.features
        q = f.position[declaration_id]
        others = self._complementary[(int(f.dirn[q]), int(f.cat[q]))]
        score, eligible = f.score_pairs(np.full(len(others), q, dtype=np.int64), others)
        best = heapq.nlargest(k, zip(score[eligible].tolist(), (-others[eligible]).tolist(), strict=True))
        decls = f.declarations
        return [Match(decls[q], decls[-c], s, None, f) for s, c in best]

    def all_candidates(self, k: int = 10) -> dict[str, list[Match]]:
        return {d.id: self.candidates(d.id, k) for d in self.features.declarations}
