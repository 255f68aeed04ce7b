"""The consultation's ready-made question block on land and premises needs, and its answers taken as needs.

As for recruitment needs (:mod:`tindus.employment.consultation_block`): the team adds the block (a section of
questions, in French as questionnaires are) to one of its business leaders' questionnaires; each answer of
an invited establishment (its SIRET is the invitation's) that asks for a plot or premises with a surface
becomes a :class:`~.models.LandNeed` of origin « consultation », once per answer. The questions carry the tag
:data:`TAG`, by which the answers are found whatever the section's place.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tindus.consultation.compute.schema import Condition, Question, Questionnaire, Section
from tindus.consultation.models import Questionnaire as QuestionnaireModel
from tindus.consultation.models import Response
from tindus.consultation.services import append_block, has_tagged_questions
from tindus.territories.models import Territory

from .models import LandNeed
from .models.exchange import Property, Transaction

TAG = "land-need"
SECTION_ID = "besoins_foncier"
KINDS = {"un terrain": Property.PLOT, "des locaux (bâtiment)": Property.PREMISES}
NONE = "non"
TRANSACTIONS = {"acheter": Transaction.SALE, "louer": Transaction.RENT, "acheter ou louer": Transaction.EITHER}
SERVICES = {
    "embranchement ferroviaire": "rail",
    "électricité haute puissance": "power",
    "eau industrielle": "water",
    "gaz naturel": "gas",
    "fibre optique": "fibre",
    "assainissement": "sanitation",
    "accès poids lourds": "heavy_goods",
    "voie d'eau": "waterway",
}
IDS = {key: f"foncier_{key}" for key in ("besoin", "transaction", "surface", "budget", "commune", "services")}


def land_section() -> Section:
    """The block: plot or premises, buy or rent, surface, budget, commune, services."""
    asked = Condition(IDS["besoin"], "not_equals", NONE)
    return Section(
        SECTION_ID,
        "Vos besoins de foncier et de locaux",
        (
            Question(IDS["besoin"], "single_choice", "Cherchez-vous un terrain ou des locaux d'activité dans les "
                     "trois ans ?", choices=(*KINDS, NONE), tags=(TAG,)),
            Question(IDS["transaction"], "single_choice", "Souhaitez-vous acheter ou louer ?",
                     choices=tuple(TRANSACTIONS), tags=(TAG,), condition=asked),
            Question(IDS["surface"], "number", "Quelle surface minimale ?", unit="m²", minimum=1, maximum=10_000_000,
                     tags=(TAG,), condition=asked),
            Question(IDS["budget"], "number", "Quel budget maximal (prix de vente ou loyer annuel) ?", unit="€",
                     minimum=0, maximum=1_000_000_000, tags=(TAG,), condition=asked),
            Question(IDS["commune"], "commune", "Dans quelle commune de préférence ?", tags=(TAG,), condition=asked),
            Question(IDS["services"], "multiple_choice", "Quels services sont indispensables ?",
                     choices=tuple(SERVICES), tags=(TAG,), condition=asked),
        ),
        help="Ces réponses sont rapprochées des terrains et locaux disponibles du territoire.",
    )  # fmt: skip


def has_block(schema: Questionnaire) -> bool:
    return has_tagged_questions(schema, TAG)


def add_block(questionnaire: QuestionnaireModel) -> bool:
    """Append the block to the questionnaire (a new version once answered); False when it is there already."""
    return append_block(questionnaire, land_section(), TAG)


def _list(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def need_from_answers(answers: dict[str, Any]) -> dict[str, Any] | None:
    """The need in an answer (kind, transaction, surface, budget, commune, services), or None when it asks
    for nothing or gives no surface."""
    kind = KINDS.get(answers.get(IDS["besoin"]) or "")
    surface = answers.get(IDS["surface"])
    if kind is None or surface in (None, "") or float(surface) <= 0:
        return None
    budget = answers.get(IDS["budget"])
    return {
        "kind": kind,
        "transaction": TRANSACTIONS.get(answers.get(IDS["transaction"]) or "", Transaction.EITHER),
        "surface_min": float(surface),
        "budget_max": float(budget) if budget not in (None, "") else None,
        "communes": _list(answers.get(IDS["commune"])),
        "services": [SERVICES[s] for s in _list(answers.get(IDS["services"])) if s in SERVICES],
    }


@transaction.atomic
def take_consultation_needs(territory: Territory) -> int:
    """The needs in the answers of the territory's invited establishments, not taken yet; how many added."""
    taken = set(
        territory.land_needs.filter(origin=LandNeed.Origin.CONSULTATION).values_list("source_reference", flat=True)
    )
    answers = Response.objects.filter(campaign__territory=territory, invitation__isnull=False).select_related(
        "version", "invitation"
    )
    added = 0
    for response in answers:
        reference = f"response:{response.pk}"
        if reference in taken or not has_block(response.version.as_schema()):
            continue
        need = need_from_answers(response.answers)
        if need is None:
            continue
        LandNeed.objects.create(
            territory=territory, origin=LandNeed.Origin.CONSULTATION, source_reference=reference,
            siret=response.invitation.siret, company_name=response.invitation.name[:200], **need,
        )  # fmt: skip
        taken.add(reference)
        added += 1
    return added
