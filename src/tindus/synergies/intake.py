"""Leaders' answers to the consultation, offered with their consent, become declarations.

The consultation only knows its own choices (« chaleur ou énergie »…); they are mapped here to the
categories of the synergies module. An answer is taken once, however often it is offered.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tindus.consultation.offered_declarations import OfferedDeclaration, offered_declarations
from tindus.territories.models import Territory

from .compute import declarations as core
from .models import Confidentiality, Declaration, Origin
from .names import label_of, warehouse_records
from .places import establishments

CONSULTATION_CATEGORIES = {
    "coproduits ou déchets": "matieres",
    "chaleur ou énergie": "energie",
    "eau": "eau",
    "équipements ou machines": "equipements",
    "locaux ou terrains": "locaux",
    "logistique et transport": "logistique",
    "compétences ou temps de personnel": "competences",
    "formation": "formation",
    "achats groupés": "achats",
    "recrutement": "recrutement",
    "services": "services",
}


def _rows(territory: Territory, offered: list[OfferedDeclaration]) -> list[Declaration]:
    found = establishments(o.siret for o in offered)
    records = warehouse_records(o.siret for o in offered if not o.establishment)
    known = core.ewc_reference()
    rows = []
    for o in offered:
        category = CONSULTATION_CATEGORIES.get(o.declaration.category, "services")
        e = found.get(o.siret)
        codes = [parsed[0] for parsed in map(core.parse_ewc, o.declaration.codes) if parsed]
        codes = [c for c in codes if c in known] or [""]
        for code in codes:
            rows.append(Declaration(
                territory=territory, siret=o.siret, company_name=o.establishment or label_of(records.get(o.siret)),
                commune=e.commune if e else "", naf=e.naf if e else "", direction=o.declaration.direction,
                category=category, text=(o.declaration.detail or o.declaration.category)[:500], ewc=code,
                hazardous=bool(code) and known[code][1],
                # what a leader answered in a questionnaire stays with the facilitators until they check it
                confidentiality=Confidentiality.FACILITATORS, origin=Origin.CONSULTATION,
                origin_reference=f"{o.answer}:{code}" if code else o.answer,
            ))  # fmt: skip
    return rows


def take(territory: Territory, offered: list[OfferedDeclaration] | None = None) -> int:
    """Save the offered declarations not taken yet; returns how many were added."""
    offered = offered_declarations(territory.pk) if offered is None else offered
    rows = _rows(territory, offered)
    existing = set(territory.synergy_declarations.filter(origin=Origin.CONSULTATION).values_list(
        "origin_reference", "siret", "direction", "category"))  # fmt: skip
    new = [r for r in rows if (r.origin_reference, r.siret, r.direction, r.category) not in existing]
    unique = list({(r.origin_reference, r.siret, r.direction, r.category): r for r in new}.values())
    with transaction.atomic():
        Declaration.objects.bulk_create(unique, ignore_conflicts=True)
    return len(unique)


def take_consultation_answer(sender: Any, campaign: Any, response: Any, declarations: list, **kwargs: Any) -> None:
    """Receiver of ``declarations_offered``: the answer just committed, with its leader's consent."""
    invitation = response.invitation
    offered = [OfferedDeclaration(d, invitation.siret, invitation.name, campaign.pk, str(response.pk),
                                  response.submitted_on) for d in declarations]  # fmt: skip
    take(campaign.territory, offered)
