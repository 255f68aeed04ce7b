"""What discovery hands back: :class:`Proposal`, a hypothesis naming candidate establishments, the weights
of the three kinds of evidence it can rest on, and the wording their explanations share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .candidates import Establishment, Pair
from .knowledge import Source

HYPOTHESIS = "hypothèse à confirmer auprès des entreprises"

IO_WEIGHT = 0.6  # local purchases: times the square root of the share of the buyer's intermediate consumption

# Categories where firms share a service or a resource rather than hand over a flow.
POOLING = frozenset(
    {"equipements", "locaux", "logistique", "competences", "formation", "recrutement", "achats", "services"}
)

KIND_LABELS = {
    "pattern": "motif documenté",
    "analogy": "motif généralisé (NAF voisine)",
    "resource": "lien par ressource",
    "io": "achats locaux possibles",
}


@dataclass
class Proposal:
    """A hypothesis: these providers could supply this resource to these receivers."""

    kind: str  # "pattern", "analogy", "resource" or "io"
    title: str
    resource_category: str
    ewc: str
    resource_label: str
    receiver_use: str
    providers: tuple[Establishment, ...]
    receivers: tuple[Establishment, ...]
    pairs: tuple[Pair, ...]  # the best candidate pairs, at most MAX_PAIRS_SHOWN
    n_pairs: int
    min_distance_km: float | None
    score: float  # estimated probability that a facilitator confirms it
    explanation: str
    sources: tuple[Source, ...]
    pattern_ids: tuple[str, ...] = ()
    io_share: float | None = None
    hazardous: bool = False
    hypothesis: bool = True
    status: str = HYPOTHESIS
    reasons: tuple[str, ...] = ()  # one French sentence per piece of evidence, then placement and probability
    validity: float = 0.0  # the evidence combined (0-1)
    placement: float = 0.0  # feasibility over the best pair's distance × size of both firms (0-1)
    documented: bool = False  # a documented pattern supports it (at its level or generalised)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def involves(self, provider_siret: str, receiver_siret: str) -> bool:
        """Whether this proposal links this provider to this receiver."""
        return any(e.siret == provider_siret for e in self.providers) and any(
            e.siret == receiver_siret for e in self.receivers
        )


def _lower_first(text: str) -> str:
    """« Ration des bovins » → « ration des bovins », but « GEIQ industrie » stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _closest_sentence(pairs: Sequence[Pair], people: Mapping[str, Establishment], n: int) -> str:
    best = pairs[0]
    provider, receiver = people[best.provider_siret], people[best.receiver_siret]
    where = f", environ {best.distance_km:.0f} km par la route" if best.distance_km is not None else ""
    return (
        f"{n} paire{'s' if n > 1 else ''} d'établissements candidate{'s' if n > 1 else ''} sur le territoire ; "
        f"la mieux placée : {provider.name} → {receiver.name}{where}."
    )
