"""Proposals by analogy with the documented patterns, weighted lower: a pattern widened to the neighbouring
activities of its NAF division, and sector A → sector B when A is documented as producing a resource of the
same EWC family (or category) as one B is documented as using. Sector pairs a documented pattern already
links are left to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .candidates import Establishment, _candidates, _PrefixIndex, _score
from .knowledge import Pattern
from .nomenclatures import is_hazardous, naf_label, normalise_naf
from .proposals import (
    HYPOTHESIS,
    SAME_CHAPTER,
    SAME_DIVISION,
    SAME_SUBCHAPTER,
    Proposal,
    _closest_sentence,
    _hazard_note,
    _lower_first,
)


def _resource_classes(pattern: Pattern) -> list[tuple[str, float, str]]:
    """The families a pattern's resource belongs to, with the weight of an analogy through each."""
    if pattern.ewc:
        return [
            (f"ewc:{pattern.ewc[:4]}", SAME_SUBCHAPTER, "subchapter"),
            (f"ewc:{pattern.ewc[:2]}", SAME_CHAPTER, "chapter"),
        ]
    return [(f"cat:{pattern.resource_category}", SAME_CHAPTER, "category")]


@dataclass
class _Analogy:
    provider_naf: str
    receiver_naf: str
    weight: float
    basis: str  # "division", "subchapter", "chapter" or "category"
    support: list[tuple[Pattern, Pattern]]  # (pattern giving the resource, pattern giving the use)


def _analogy_groups(patterns: Sequence[Pattern]) -> list[_Analogy]:
    """Sector pairs suggested by the documented patterns without being documented themselves, best first.

    Two ways: one of a pattern's two sectors widened to its NAF division (same resource, neighbouring
    activities, :data:`SAME_DIVISION`; widening both sides at once proposed reversed flows), and two
    patterns A ≠ B whose resources share an EWC family or a category (A's provider → B's receiver).
    Pairs of sectors that a documented pattern or a stronger analogy already covers (prefixes as broad
    or broader) are dropped.
    """
    groups: dict[tuple[str, str], _Analogy] = {}

    def add(provider: str, receiver: str, weight: float, basis: str, a: Pattern, b: Pattern) -> None:
        group = groups.get((provider, receiver))
        if group is None:
            groups[(provider, receiver)] = _Analogy(provider, receiver, weight, basis, [(a, b)])
            return
        if weight > group.weight:
            group.weight, group.basis = weight, basis
            group.support.insert(0, (a, b))
        else:
            group.support.append((a, b))

    for pattern in patterns:
        wide_p, wide_r = pattern.provider_naf[:2], pattern.receiver_naf[:2]
        if wide_r != pattern.receiver_naf:
            add(pattern.provider_naf, wide_r, SAME_DIVISION, "division", pattern, pattern)
        if wide_p != pattern.provider_naf:
            add(wide_p, pattern.receiver_naf, SAME_DIVISION, "division", pattern, pattern)

    by_class: dict[str, list[Pattern]] = {}
    for p in patterns:
        for cls, _weight, _basis in _resource_classes(p):
            by_class.setdefault(cls, []).append(p)
    for a in patterns:
        seen_b: set[str] = set()
        for cls, weight, basis in _resource_classes(a):  # sub-chapter first: the stronger weight wins
            for b in by_class[cls]:
                if b is a or b.id in seen_b:
                    continue
                seen_b.add(b.id)
                add(a.provider_naf, b.receiver_naf, weight, basis, a, b)

    kept: list[_Analogy] = []
    covering: dict[str, list[str]] = {}  # provider prefix → receiver prefixes already linked (normalised)
    for p in patterns:
        covering.setdefault(normalise_naf(p.provider_naf), []).append(normalise_naf(p.receiver_naf))
    for group in sorted(groups.values(), key=lambda g: (-g.weight, g.provider_naf, g.receiver_naf)):
        gp, gr = normalise_naf(group.provider_naf), normalise_naf(group.receiver_naf)
        if any(gr.startswith(cr) for n in range(2, len(gp) + 1) for cr in covering.get(gp[:n], ())):
            continue
        kept.append(group)
        covering.setdefault(gp, []).append(gr)
    return kept


def _documented_masks(
    patterns: Sequence[Pattern], index: _PrefixIndex
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], int]:
    """Per establishment, bit sets of the patterns it can provide for and receive from (uint64 words)."""
    words = max(1, (len(patterns) + 63) // 64)
    provides: dict[str, np.ndarray] = {}
    receives: dict[str, np.ndarray] = {}
    for i, pattern in enumerate(patterns):
        word, bit = divmod(i, 64)
        for side, prefix in ((provides, pattern.provider_naf), (receives, pattern.receiver_naf)):
            for e in index.match(prefix):
                mask = side.setdefault(e.siret, np.zeros(words, dtype=np.uint64))
                mask[word] |= np.uint64(1 << bit)
    return provides, receives, words


def _documented_pairs(
    providers: Sequence[Establishment],
    receivers: Sequence[Establishment],
    masks: tuple[dict[str, np.ndarray], dict[str, np.ndarray], int],
) -> np.ndarray:
    """Boolean matrix: the pair is already linked by a documented pattern."""
    provides, receives, words = masks
    zero = np.zeros(words, dtype=np.uint64)
    pm = np.array([provides.get(e.siret, zero) for e in providers]).reshape(len(providers), words)
    rm = np.array([receives.get(e.siret, zero) for e in receivers]).reshape(len(receivers), words)
    covered = np.zeros((len(providers), len(receivers)), dtype=bool)
    for w in range(words):
        covered |= (pm[:, None, w] & rm[None, :, w]) != 0
    return covered


def _analogy_proposals(
    patterns: Sequence[Pattern], index: _PrefixIndex, by_siret: Mapping[str, Establishment], max_km: float
) -> list[Proposal]:
    proposals = []
    masks = _documented_masks(patterns, index)
    for group in _analogy_groups(patterns):
        providers, receivers = index.match(group.provider_naf), index.match(group.receiver_naf)
        if not providers or not receivers:
            continue
        a, b = group.support[0]
        exclude = _documented_pairs(providers, receivers, masks)
        found = _candidates(providers, receivers, a.resource_category, max_km, exclude)
        if found is None:
            continue
        ps, rs, pairs, n, best, shortest = found
        provider_naf, receiver_naf = group.provider_naf, group.receiver_naf
        if group.basis == "division":
            reason = (
                f"le motif documenté « {a.resource_label} » → « {_lower_first(a.receiver_use)} » relie les secteurs "
                f"{a.provider_naf} et {a.receiver_naf} (source : {a.source.citation()}) ; il est étendu ici aux "
                f"activités voisines de la même division NAF"
            )
        else:
            family = {
                "subchapter": f"du même sous-chapitre de la liste des déchets ({a.ewc[:2]} {a.ewc[2:4]})",
                "chapter": f"du même chapitre de la liste des déchets ({a.ewc[:2]})",
                "category": f"de la même catégorie de ressource ({a.resource_category})",
            }[group.basis]
            reason = (
                f"des établissements du secteur {provider_naf} produisent « {a.resource_label} » (source : "
                f"{a.source.citation()}) ; des établissements du secteur {receiver_naf} valorisent une ressource "
                f"{family} : « {b.resource_label} », {_lower_first(b.receiver_use)} (source : {b.source.citation()})"
            )
        explanation = (
            f"Analogie (échange non documenté tel quel) entre « {naf_label(provider_naf)} » ({provider_naf}) et "
            f"« {naf_label(receiver_naf)} » ({receiver_naf}) : {reason}. "
            f"{_closest_sentence(pairs, by_siret, n)}{_hazard_note(a.ewc)} Hypothèse plus fragile qu'un motif "
            f"documenté : {HYPOTHESIS}."
        )
        support = group.support[:3]
        sources = tuple(dict.fromkeys(s for ab in support for s in (ab[0].source, ab[1].source)))
        proposals.append(
            Proposal(
                kind="analogy",
                title=f"{a.resource_label} → {b.receiver_use} (analogie)",
                resource_category=a.resource_category,
                ewc=a.ewc,
                resource_label=a.resource_label,
                receiver_use=b.receiver_use,
                providers=ps,
                receivers=rs,
                pairs=tuple(pairs),
                n_pairs=n,
                min_distance_km=shortest,
                score=_score(group.weight, best, n),
                explanation=explanation,
                sources=sources,
                pattern_ids=tuple(dict.fromkeys(p.id for ab in support for p in ab)),
                hazardous=is_hazardous(a.ewc),
            )
        )
    return proposals
