"""The companies each participant should meet: the event's participants handed to the ranking core
(:mod:`.compute.suggestions`) with the synergies knowledge (documented patterns, input-output table) and the
territory's synergies declarations of these companies that every company of the territory may see."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext

from tindus.synergies.compute import discovery
from tindus.synergies.models import Category, Confidentiality
from tindus.synergies.places import commune_centres, companies_for

from .compute import suggestions as core
from .models import Event, Meeting, MeetingRequest, Participant


@lru_cache(maxsize=1)
def knowledge() -> discovery.Knowledge:
    """The documented patterns, the resource knowledge base and the input-output table, read once per process."""
    return discovery.load_knowledge()


@dataclass
class Shown:
    participant: Participant
    suggestion: core.Suggestion


def excluded_pairs(event: Event) -> set[frozenset[str]]:
    """Pairs already asked (in any way), met, cancelled or forbidden: not suggested again."""
    pairs = {frozenset((str(a), str(b))) for a, b in MeetingRequest.objects.filter(event=event)
             .values_list("sender_id", "recipient_id")}  # fmt: skip
    pairs |= {frozenset((str(a), str(b))) for a, b in Meeting.objects.filter(event=event).values_list("a_id", "b_id")}
    return pairs


def profiles(participants: list[Participant]) -> list[core.Profile]:
    centres = commune_centres(p.commune for p in participants)
    return [
        core.Profile(
            str(p.pk),
            p.siret,
            p.company_name,
            p.naf,
            p.commune,
            *centres.get(p.commune, (None, None)),
            p.size_band,
            tuple(p.offers),
            tuple(p.seeks),
        )  # fmt: skip
        for p in participants
    ]


def suggestions_for(participant: Participant, k: int = 10) -> list[Shown]:
    """The ``k`` companies of the event ``participant`` should meet, best first, with the reasons."""
    event = participant.event
    participants = list(event.participants.all())
    sirets = {p.siret for p in participants}
    rows = list(
        event.territory.synergy_declarations.filter(siret__in=sirets, confidentiality=Confidentiality.TERRITORY)
    )
    ranked = core.suggest(
        profiles(participants), str(participant.pk), knowledge=knowledge(),
        companies=companies_for(rows), declarations=[r.as_core() for r in rows],
        labels={c.value: str(c.label) for c in Category}, exclude=excluded_pairs(event), k=k, _=gettext,
    )  # fmt: skip
    by_id = {str(p.pk): p for p in participants}
    return [Shown(by_id[s.other], s) for s in ranked]
