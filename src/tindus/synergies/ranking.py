"""The complementary declarations of one declaration, ranked by the matcher and by what the territory
learnt from earlier outcomes, and shown as much as their confidentiality allows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tindus.territories.models import Territory

from .compute import feedback as learning
from .compute.matching import Matcher
from .models import Confidentiality, Declaration, Opportunity, Status
from .places import companies_for
from .visibility import declaration_name


@dataclass
class Candidate:
    declaration: Declaration  # the other company's
    score: float  # after the territory's feedback
    matcher_score: float
    reasons: list[str]
    feedback_note: str | None
    shown_name: str  # the company as this viewer may see it
    followed: Opportunity | None = None
    distance_km: float | None = None  # road-distance proxy between the two companies
    anonymous_pair: bool = False  # one of the two declarations is anonymous
    own_agreement: bool = False  # the declaring side agreed to reveal its identity


def feedback_model(territory: Territory) -> learning.FeedbackModel:
    """What the territory's closed opportunities teach: implemented or abandoned, and why."""
    outcomes = []
    closed = territory.synergy_opportunities.filter(status__in=(Status.IMPLEMENTED, Status.ABANDONED))
    for status, reason, keys in closed.values_list("status", "abandon_reason", "feedback_keys"):
        outcomes.extend(learning.Outcome(key, status, reason) for key in keys.split())
    return learning.FeedbackModel.from_outcomes(outcomes)


def _own_agreement(opportunity: Opportunity | None, declaration: Declaration) -> bool:
    if opportunity is None:
        return False
    return opportunity.offer_agrees if opportunity.offer_id == declaration.pk else opportunity.need_agrees


def match_signature(a: Declaration, b: Declaration) -> str:
    need, offer = (a, b) if a.direction == "need" else (b, a)
    return f"match:{need.pk}:{offer.pk}"


def candidates(declaration: Declaration, *, facilitator: bool, k: int = 10) -> list[Candidate]:
    """The ``k`` best complementary declarations, best first.

    Companies (``facilitator=False``) never see declarations reserved to the facilitators, and see
    anonymous ones without the company's name.
    """
    rows = list(declaration.territory.synergy_declarations.all())
    if not facilitator:
        rows = [r for r in rows if r.pk == declaration.pk or r.confidentiality != Confidentiality.FACILITATORS]
    by_id = {str(r.pk): r for r in rows}
    matcher = Matcher(companies_for(rows), [r.as_core() for r in rows])
    matches = matcher.candidates(str(declaration.pk), k=max(k * 3, 30))
    model = feedback_model(declaration.territory)

    def keys(match) -> tuple[str, ...]:
        need, offer = (
            (match.declaration, match.other)
            if match.declaration.direction == "need"
            else (match.other, match.declaration)
        )
        return learning.keys_for_match(need, offer)

    ranked = learning.rerank(matches, keys, lambda m: m.score, model)[:k]
    followed = {o.signature: o for o in declaration.territory.synergy_opportunities.filter(kind="match")}
    features = matcher.features
    result = []
    for match, score, note in ranked:
        other = by_id[match.other.id]
        pair = np.array([features.position[match.declaration.id]]), np.array([features.position[match.other.id]])
        km = float(features.distance_km(*pair)[0])
        opportunity = followed.get(match_signature(declaration, other))
        revealed = bool(opportunity and opportunity.revealed)
        result.append(Candidate(other, score, match.score, match.reasons, note,
                                declaration_name(other, facilitator=facilitator, revealed=revealed),
                                opportunity, round(km, 1) if math.isfinite(km) else None,
                                Confidentiality.ANONYMOUS in (declaration.confidentiality, other.confidentiality),
                                _own_agreement(opportunity, declaration)))  # fmt: skip
    return result
