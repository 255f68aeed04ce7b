"""Proposals from the documented patterns: a pattern whose two sectors are both present in the territory
becomes a proposal naming the candidate establishments, with the publication it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .candidates import Establishment, _candidates, _PrefixIndex, _score
from .knowledge import Pattern
from .nomenclatures import _ewc_text, is_hazardous, naf_label
from .proposals import DOCUMENTED, HYPOTHESIS, Proposal, _closest_sentence, _hazard_note, _lower_first

# Categories where firms share a service or a resource rather than hand over a flow.
POOLING = frozenset(
    {"equipements", "locaux", "logistique", "competences", "formation", "recrutement", "achats", "services"}
)


def _pattern_proposals(
    patterns: Sequence[Pattern], index: _PrefixIndex, by_siret: Mapping[str, Establishment], max_km: float
) -> list[Proposal]:
    proposals: list[Proposal] = []
    for pattern in patterns:
        found = _candidates(
            index.match(pattern.provider_naf), index.match(pattern.receiver_naf), pattern.resource_category, max_km
        )
        if found is None:
            continue
        ps, rs, pairs, n, best, shortest = found
        ewc = _ewc_text(pattern.ewc)
        provider_sector = f"« {naf_label(pattern.provider_naf)} » ({pattern.provider_naf})"
        receiver_sector = f"« {naf_label(pattern.receiver_naf)} » ({pattern.receiver_naf})"
        if pattern.resource_category in POOLING:
            what = (
                f"Motif documenté de mutualisation : des établissements des secteurs {provider_sector} et "
                f"{receiver_sector} mettent en commun « {_lower_first(pattern.resource_label)} » : "
                f"{_lower_first(pattern.receiver_use)}."
            )
        else:
            what = (
                f"Motif documenté : des établissements du secteur {provider_sector} fournissent "
                f"« {pattern.resource_label} »{f' ({ewc})' if ewc else ''} à des établissements du secteur "
                f"{receiver_sector} : {_lower_first(pattern.receiver_use)}."
            )
        explanation = (
            f"{what} Source : {pattern.source.citation()}. {_closest_sentence(pairs, by_siret, n)}"
            f"{_hazard_note(pattern.ewc)} Le code d'activité dit ce qu'un établissement fait d'habitude, pas ce "
            f"qu'il produit, rejette ou achète : {HYPOTHESIS}."
        )
        proposals.append(
            Proposal(
                kind="pattern",
                title=f"{pattern.resource_label} → {pattern.receiver_use}",
                resource_category=pattern.resource_category,
                ewc=pattern.ewc,
                resource_label=pattern.resource_label,
                receiver_use=pattern.receiver_use,
                providers=ps,
                receivers=rs,
                pairs=tuple(pairs),
                n_pairs=n,
                min_distance_km=shortest,
                score=_score(DOCUMENTED, best, n),
                explanation=explanation,
                sources=(pattern.source,),
                pattern_ids=(pattern.id,),
                hazardous=is_hazardous(pattern.ewc),
            )
        )
    return proposals
