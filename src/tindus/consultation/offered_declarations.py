"""What a business leader declared about resources to offer and needs, handed to the synergies module
when the leader consented.

The interface is generic so that any module can take the declarations: :func:`offered_declarations`
lists them for a territory, and the signal :data:`declarations_offered` is sent once an answer with
consent is committed (``sender`` is the campaign, ``declarations`` the list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from .compute.schema import Questionnaire as Schema

RESOURCE, NEED = "resource", "need"
CONSENT_TAG = "consent"
WASTE_CHOICE = "coproduits ou déchets"
declarations_offered = Signal()


@dataclass(frozen=True)
class Declaration:
    """One resource offered or one need, as the leader answered it."""

    direction: str  # resource or need
    category: str  # a choice of the questionnaire, e.g. "chaleur ou énergie"
    detail: str = ""
    codes: tuple[str, ...] = ()  # EWC codes, for by-products and waste


@dataclass(frozen=True)
class OfferedDeclaration:
    declaration: Declaration
    siret: str
    establishment: str
    campaign_id: int
    answer: str  # the answer's id, so that a declaration is taken only once
    submitted_on: dt.date


def consented(schema: Schema, answers: dict[str, Any]) -> bool:
    consent = [q.id for q in schema.questions() if CONSENT_TAG in q.tags or q.id == "consentement"]
    return bool(consent) and all(answers.get(q) == "oui" for q in consent)


def declarations_from_answers(schema: Schema, answers: dict[str, Any]) -> list[Declaration]:
    """Resources and needs found in one answer (plain Python): each category chosen in a question
    tagged ``resource`` or ``need``, with the free detail and the EWC codes of the same tag."""
    found = []
    for direction in (RESOURCE, NEED):
        questions = [q for q in schema.questions() if direction in q.tags]
        detail = " ".join(str(answers[q.id]).strip() for q in questions
                          if q.type in ("short_text", "long_text") and answers.get(q.id))  # fmt: skip
        codes = tuple(code for q in questions if q.type == "ewc" for code in answers.get(q.id) or [])
        for q in questions:
            if q.type in ("multiple_choice", "single_choice"):
                chosen = answers.get(q.id) or []
                for category in [chosen] if isinstance(chosen, str) else chosen:
                    found.append(Declaration(direction, category, detail, codes if category == WASTE_CHOICE else ()))
        if codes and not any(d.category == WASTE_CHOICE for d in found if d.direction == direction):
            found.append(Declaration(direction, WASTE_CHOICE, detail, codes))
    return found


def offered_declarations(territory_id: int) -> list[OfferedDeclaration]:
    """Every declaration of the territory's business leaders who consented, newest first."""
    from .models import Response

    offered = []
    answers = (Response.objects.filter(campaign__territory_id=territory_id, invitation__isnull=False)
               .select_related("version", "invitation").order_by("-submitted_on", "id"))  # fmt: skip
    for response in answers:
        schema = response.version.as_schema()
        if not consented(schema, response.answers):
            continue
        for declaration in declarations_from_answers(schema, response.answers):
            invitation = response.invitation
            offered.append(OfferedDeclaration(declaration, invitation.siret, invitation.name, response.campaign_id,
                                              str(response.pk), response.submitted_on))  # fmt: skip
    return offered


def announce(response: Any) -> None:
    """Send :data:`declarations_offered` once ``response`` is committed, if its leader consented."""
    if response.invitation_id is None:
        return
    schema = response.version.as_schema()
    if not consented(schema, response.answers):
        return
    declarations = declarations_from_answers(schema, response.answers)
    if declarations:
        transaction.on_commit(lambda: declarations_offered.send(
            sender=response.campaign.__class__, campaign=response.campaign, response=response,
            declarations=declarations))  # fmt: skip
