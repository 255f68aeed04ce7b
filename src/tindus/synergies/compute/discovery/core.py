"""The discovery step itself: :func:`discover` gathers the evidence for every pair of NAF classes present in a
territory, places the best pair of establishments of each, and ranks the proposals by the estimated
probability that a facilitator confirms them.

``probability = validity × placement``: validity combines the evidence (:mod:`.evidence`), placement is the
feasibility over the best pair's distance times the size of both firms (:mod:`.placement`). The
probability of a group cannot exceed its validity, so groups are placed in order of validity and the search
stops once the next validity cannot enter the first ``k``: this keeps a 20 000-establishment territory fast.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

from .candidates import Establishment, as_establishment
from .evidence import DocumentedItem, GroupEvidence, gather, merged
from .explain import documented_reason, io_reason, placement_reason, probability_reason, resource_reason
from .io_table import GOODS_BRANCHES, _io_proposals
from .knowledge_set import Knowledge
from .nomenclatures import is_hazardous, naf_to_a38, normalise_naf
from .placement import best_pairs
from .proposals import HYPOTHESIS, Proposal, _lower_first

CAVEAT = (
    f"Le code d'activité dit ce qu'un établissement fait d'habitude, pas ce qu'il produit, rejette ou achète : "
    f"{HYPOTHESIS}."
)


def discover(
    establishments: Iterable[Establishment | Sequence | Mapping],
    knowledge: Knowledge,
    k: int | None = 10,
    *,
    max_km: float = 60.0,
    io_products: int = 3,
    io_min_share: float = 0.03,
    io_supply_branches: frozenset[str] = GOODS_BRANCHES,
) -> list[Proposal]:
    """Ranked synergy hypotheses between the establishments of one territory (best first, ``k`` at most).

    ``knowledge`` is :func:`load_knowledge` (or a :class:`Knowledge` built for a test); local purchases from the
    input-output table are proposed when it holds one. Pairs farther apart than ``max_km`` by road are
    ignored. ``k=None`` returns every proposal.
    """
    people = [as_establishment(e) for e in establishments]
    by_siret = {e.siret: e for e in people}
    by_code: dict[str, list[Establishment]] = {}
    for e in people:
        by_code.setdefault(normalise_naf(e.naf), []).append(e)
    proposals: list[Proposal] = []
    if knowledge.io_table is not None:
        proposals = _io_proposals(people, knowledge.io_table, by_siret, max_km, io_products, io_min_share,
                                  io_supply_branches)  # fmt: skip
    best: list[float] = []  # the k best probabilities so far (a min-heap)
    for p in proposals:
        _keep(best, p.score, k)
    for group, provider_codes, receiver_codes in merged(gather(by_code, knowledge).values()):
        if k is not None and len(best) >= k and group.validity <= best[0]:
            break
        proposal = _proposal(group, provider_codes, receiver_codes, by_code, by_siret, knowledge, max_km)
        if proposal is not None:
            proposals.append(proposal)
            _keep(best, proposal.score, k)
    order = {"pattern": 0, "analogy": 1, "resource": 2, "io": 3}
    proposals.sort(key=lambda p: (-p.score, order[p.kind], p.title))
    return proposals if k is None else proposals[:k]


def _keep(best: list[float], score: float, k: int | None) -> None:
    if k is None:
        return
    if len(best) < k:
        heapq.heappush(best, score)
    elif score > best[0]:
        heapq.heapreplace(best, score)


def _proposal(
    group: GroupEvidence,
    provider_codes: set[str],
    receiver_codes: set[str],
    by_code: Mapping[str, list[Establishment]],
    by_siret: Mapping[str, Establishment],
    knowledge: Knowledge,
    max_km: float,
) -> Proposal | None:
    providers = [e for code in sorted(provider_codes) for e in by_code[code]]
    receivers = [e for code in sorted(receiver_codes) for e in by_code[code]]
    category, temperature = group.category, group.temperature_c
    pairs, n, placement, shortest = best_pairs(providers, receivers, category, temperature, max_km)
    if not n:
        return None
    validity = group.validity
    probability = round(validity * placement, 6)
    lead = group.lead
    reasons = []
    if group.documented:
        reasons.append(documented_reason(group.documented))
    if group.resource:
        reasons.append(resource_reason(group.resource))
    if group.io_strength and knowledge.io_table is not None:
        reasons.append(io_reason(group, knowledge.io_table))
    reasons.append(placement_reason(pairs, by_siret, n, category, temperature))
    reasons.append(probability_reason(probability, validity, placement))
    if isinstance(lead, DocumentedItem):
        pattern = lead.pattern
        exact = lead.provider_affinity == 1 and lead.receiver_affinity == 1
        kind = "pattern" if exact else "analogy"
        label, use, ewc = pattern.resource_label, pattern.receiver_use, pattern.ewc
    else:
        kind = "resource"
        label, use = lead.emitted.label, lead.used.text
        codes = [c for c in lead.emitted.ewc if len(c) == 6]
        ewc = codes[0] if len(codes) == 1 else ""
    hazardous = is_hazardous(ewc)
    if hazardous:
        reasons.append("Déchet dangereux : seul un receveur autorisé à le traiter peut le recevoir.")
    reasons.append(CAVEAT)
    sources = []
    pattern_ids = []
    if group.documented:
        sources.append(group.documented.pattern.source)
        pattern_ids.append(group.documented.pattern.id)
    if group.resource:
        for side in (group.resource.emitted, group.resource.used):
            sources.append(side.source)
            if side.pattern_id:
                pattern_ids.append(side.pattern_id)
    if group.io_strength and knowledge.io_table is not None:
        product, buyer = naf_to_a38(group.provider_class) or "", naf_to_a38(group.receiver_class) or ""
        sources.append(knowledge.io_table.source(product, buyer))
    order_p = list(dict.fromkeys(p.provider_siret for p in pairs))
    order_r = list(dict.fromkeys(p.receiver_siret for p in pairs))
    ps = tuple(by_siret[s] for s in dict.fromkeys(order_p + [e.siret for e in providers]))
    rs = tuple(by_siret[s] for s in dict.fromkeys(order_r + [e.siret for e in receivers]))
    return Proposal(
        kind=kind,
        title=f"{label} → {_lower_first(use)}" if kind != "pattern" else f"{label} → {use}",
        resource_category=category,
        ewc=ewc,
        resource_label=label,
        receiver_use=use,
        providers=ps,
        receivers=rs,
        pairs=tuple(pairs),
        n_pairs=n,
        min_distance_km=shortest,
        score=probability,
        explanation=" ".join(reasons),
        sources=tuple(dict.fromkeys(sources)),
        pattern_ids=tuple(dict.fromkeys(pattern_ids)),
        hazardous=hazardous,
        reasons=tuple(reasons),
        validity=round(validity, 6),
        placement=round(placement, 6),
        documented=group.documented is not None,
    )
