"""What discovery hands back: :class:`Proposal`, a hypothesis naming candidate establishments, the weights
of the three kinds of evidence it can rest on, and the wording their explanations share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .candidates import Establishment, Pair
from .knowledge import Source
from .nomenclatures import is_hazardous

HYPOTHESIS = "hypothèse à confirmer auprès des entreprises"

# Evidence weights of the three kinds of proposal.
DOCUMENTED = 1.0
SAME_DIVISION = 0.6  # a documented pattern with one of its two sectors widened to its NAF division
SAME_SUBCHAPTER = 0.5  # analogy through the same EWC sub-chapter (4 digits)
SAME_CHAPTER = 0.3  # analogy through the same EWC chapter, or the same category for non-waste resources
IO_WEIGHT = 0.6  # times the square root of the share of the buyer's intermediate consumption

KIND_LABELS = {"pattern": "motif documenté", "analogy": "analogie", "io": "achats locaux possibles"}


@dataclass
class Proposal:
    """A hypothesis: these providers could supply this resource to these receivers."""

    kind: str  # "pattern", "analogy" or "io"
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
    score: float
    explanation: str
    sources: tuple[Source, ...]
    pattern_ids: tuple[str, ...] = ()
    io_share: float | None = None
    hazardous: bool = False
    hypothesis: bool = True
    status: str = HYPOTHESIS

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


def _hazard_note(ewc: str) -> str:
    if is_hazardous(ewc):
        return " Déchet dangereux : seul un receveur autorisé à le traiter peut le recevoir."
    return ""
