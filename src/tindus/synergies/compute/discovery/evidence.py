"""The evidence that two activities of a territory could exchange, gathered for each pair of NAF classes
present: documented patterns (at their level or generalised along the NAF hierarchy), links through a
resource of the knowledge base, and the INSEE input-output flow between their branches.

Each kind keeps its strongest item; the kinds are combined as partly redundant clues (a pattern and a
knowledge-base entry often describe the same fact): ``validity = 1 − (1 − s₁)(1 − λ·s₂)(1 − λ·s₃)`` with the
strengths in decreasing order and λ = :data:`AGREEMENT`. The input-output flow only reinforces a
pair that a pattern or a resource already links (a branch buying from another says nothing of by-products
on its own; :mod:`.io_table` proposes local purchases separately).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .hierarchy import ancestor, naf_affinity
from .knowledge import Pattern
from .knowledge_set import Knowledge
from .nomenclatures import naf_to_a38, normalise_naf
from .sides import PATTERN_SIDE_CONFIDENCE, Side

# A documented exchange between exactly these activities: both sides typical of their activity as a pattern's
# sides are (sides.PATTERN_SIDE_CONFIDENCE each) and the fit proven by the case, on the same scale as a link
# through the knowledge base (confidence × confidence × fit).
DOCUMENTED = PATTERN_SIDE_CONFIDENCE**2
# A pattern naming a whole groupe or division says that some of its firms have the flow, not that a given
# one does: each side's breadth lowers the strength, as a knowledge-base confidence would.
BREADTH = {2: 0.7, 3: 0.85, 4: 1.0, 5: 1.0}
IO_SCALE = 0.6  # × √(share of the receiver branch's domestic purchases coming from the provider's branch)
IO_CAP = 0.35
IO_MIN_SHARE = 0.005  # below half a percent of the buyer's purchases, the flow says nothing
# A pattern and a knowledge-base entry often describe the same fact: a second clue adds this share of its
# strength only (1 would treat them as independent, 0 would ignore it).
AGREEMENT = 0.3
IO_CATEGORIES = frozenset({"matieres", "achats"})
GROUP_LEVEL = 4  # proposals gather the establishments of a NAF classe on each side
MIN_STRENGTH = 0.01  # weaker links through a resource are not kept: they could never be proposed


@dataclass
class DocumentedItem:
    strength: float
    pattern: Pattern
    provider_affinity: float
    receiver_affinity: float


@dataclass
class ResourceItem:
    strength: float
    emitted: Side
    used: Side
    compatibility: float
    basis: str
    provider_affinity: float
    receiver_affinity: float


@dataclass
class GroupEvidence:
    """What links the establishments of a provider classe to those of a receiver classe."""

    provider_class: str
    receiver_class: str
    documented: DocumentedItem | None = None
    resource: ResourceItem | None = None
    io_share: float = 0.0
    provider_codes: set[str] = field(default_factory=set)
    receiver_codes: set[str] = field(default_factory=set)

    @property
    def io_strength(self) -> float:
        if self.io_share < IO_MIN_SHARE or self.category not in IO_CATEGORIES:
            return 0.0
        return min(IO_CAP, IO_SCALE * math.sqrt(self.io_share))

    @property
    def validity(self) -> float:
        """The evidence combined: the strongest item, raised by the others as partly redundant clues."""
        strengths = sorted(
            (self.documented.strength if self.documented else 0.0,
             self.resource.strength if self.resource else 0.0, self.io_strength),
            reverse=True,
        )  # fmt: skip
        return 1 - (1 - strengths[0]) * (1 - AGREEMENT * strengths[1]) * (1 - AGREEMENT * strengths[2])

    @property
    def category(self) -> str:
        lead = self.lead
        return lead.pattern.resource_category if isinstance(lead, DocumentedItem) else lead.emitted.category

    @property
    def lead(self) -> DocumentedItem | ResourceItem:
        """The item the proposal is told by: a pattern documenting exactly these activities, else the strongest."""
        doc = self.documented
        if doc and (doc.provider_affinity == 1 and doc.receiver_affinity == 1 or not self.resource):
            return doc
        if doc and self.resource and doc.strength >= self.resource.strength:
            return doc
        assert self.resource is not None
        return self.resource

    @property
    def lead_key(self) -> tuple:
        """What the proposal rests on: groups sharing it are one proposal (a division-wide pattern is one)."""
        lead = self.lead
        if isinstance(lead, DocumentedItem):
            if lead.provider_affinity == 1 and lead.receiver_affinity == 1:
                return ("pattern", lead.pattern.id)  # a division-wide pattern pairs any of its activities
            return ("analogy", lead.pattern.id, self.provider_class, self.receiver_class)
        # One flow of the base towards one use: a division-wide flow is one proposal, its reasons exact.
        return ("resource", id(lead.emitted), id(lead.used))

    @property
    def temperature_c(self) -> float | None:
        lead = self.lead
        return lead.emitted.temperature_c if isinstance(lead, ResourceItem) else None


def merged(groups: Iterable[GroupEvidence]) -> list[tuple[GroupEvidence, set[str], set[str]]]:
    """Groups resting on the same lead item, as one: (strongest group, provider codes, receiver codes), by
    decreasing validity."""
    by_lead: dict[tuple, tuple[GroupEvidence, set[str], set[str]]] = {}
    for g in groups:
        key = g.lead_key
        if key not in by_lead:
            by_lead[key] = (g, set(g.provider_codes), set(g.receiver_codes))
            continue
        best, providers, receivers = by_lead[key]
        providers |= g.provider_codes
        receivers |= g.receiver_codes
        if (g.validity, g.provider_class, g.receiver_class) > (best.validity, best.provider_class, best.receiver_class):
            by_lead[key] = (g, providers, receivers)
    return sorted(by_lead.values(), key=lambda m: (-m[0].validity, m[0].provider_class, m[0].receiver_class))


def gather(codes: Iterable[str], knowledge: Knowledge) -> dict[tuple[str, str], GroupEvidence]:
    """Evidence for every (provider classe, receiver classe) of these normalised APE codes that has some."""
    by_division: dict[str, list[str]] = {}
    for code in set(codes):
        by_division.setdefault(code[:2], []).append(code)
    cache: dict[tuple[str, bool], list[tuple[str, float, frozenset[str]]]] = {}

    def applicable(named: str, widen: bool = True) -> list[tuple[str, float, frozenset[str]]]:
        """(classe, best affinity, codes it applies to) of the present codes an entry on ``named`` informs.

        Patterns, read from one case, are widened along the NAF hierarchy; knowledge-base flows are written at
        the broadest level their source supports (``widen=False``), so they inform only the codes under it."""
        if (named, widen) not in cache:
            classes: dict[str, tuple[float, set[str]]] = {}
            for code in by_division.get(named[:2], ()):
                affinity = naf_affinity(named, code) if widen else float(code.startswith(named))
                if affinity > 0:
                    best, members = classes.setdefault(ancestor(code, GROUP_LEVEL), (0.0, set()))
                    members.add(code)
                    classes[ancestor(code, GROUP_LEVEL)] = (max(best, affinity), members)
            cache[(named, widen)] = [(c, a, frozenset(m)) for c, (a, m) in classes.items()]
        return cache[(named, widen)]

    groups: dict[tuple[str, str], GroupEvidence] = {}

    def group(pc: str, rc: str, p_codes: frozenset[str], r_codes: frozenset[str]) -> GroupEvidence:
        found = groups.get((pc, rc))
        if found is None:
            found = groups[(pc, rc)] = GroupEvidence(pc, rc)
        found.provider_codes |= p_codes
        found.receiver_codes |= r_codes
        return found

    for p in knowledge.patterns:
        typical = DOCUMENTED * BREADTH[len(normalise_naf(p.provider_naf))] * BREADTH[len(normalise_naf(p.receiver_naf))]
        for pc, pa, p_codes in applicable(normalise_naf(p.provider_naf)):
            for rc, ra, r_codes in applicable(normalise_naf(p.receiver_naf)):
                if pa < 1 and ra < 1:
                    continue  # one side at a time: widening both turns neighbours into reversed flows
                strength = typical * pa * ra
                g = group(pc, rc, p_codes, r_codes)
                if g.documented is None or strength > g.documented.strength:
                    g.documented = DocumentedItem(strength, p, pa, ra)

    for emitted, used, value, basis in knowledge.links:
        if emitted.pattern_id and emitted.pattern_id == used.pattern_id:
            continue  # the pattern itself: documented evidence
        base = emitted.confidence * used.confidence * value
        if base < MIN_STRENGTH:
            continue
        receivers = applicable(used.code, bool(used.pattern_id))
        for pc, pa, p_codes in applicable(emitted.code, bool(emitted.pattern_id)):
            for rc, ra, r_codes in receivers:
                strength = base * pa * ra
                if strength < MIN_STRENGTH:
                    continue
                g = groups.get((pc, rc))
                if g is not None and g.resource is not None and strength <= g.resource.strength:
                    continue
                g = group(pc, rc, p_codes, r_codes)
                g.resource = ResourceItem(strength, emitted, used, value, basis, pa, ra)

    if knowledge.io_table is not None:
        shares = knowledge.io_table.shares
        for g in groups.values():
            buyer, product = naf_to_a38(g.receiver_class), naf_to_a38(g.provider_class)
            if buyer and product:
                g.io_share = shares.get(buyer, {}).get(product, 0.0)
    return groups
