"""The consultation's ready-made question block on recruitment needs, and its answers taken as local needs.

The team adds the block (a section of five questions, in French as questionnaires are) to one of its
business leaders' questionnaires; each answer of an invited establishment (its SIRET is the invitation's)
that names jobs becomes a :class:`~.models.LocalNeed` of origin « consultation », once per answer and job.
The questions carry the tag :data:`TAG`, by which the answers are found whatever the section's place.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tindus.consultation.compute.schema import Condition, Question, Questionnaire, Section
from tindus.consultation.models import Questionnaire as QuestionnaireModel
from tindus.consultation.models import Response
from tindus.consultation.services import append_block, has_tagged_questions
from tindus.territories.models import Territory

from .models import LocalNeed

TAG = "employment-need"
SECTION_ID = "besoins_recrutement"
HORIZONS = {"d'ici 3 mois": 3, "d'ici 6 mois": 6, "d'ici 12 mois": 12, "d'ici 2 ans": 24}
DIFFICULTIES = {"aucune": "none", "faible": "low", "forte": "strong", "très forte": "very_strong"}
REASONS = (
    "pas assez de candidats",
    "compétences ou diplômes manquants",
    "conditions de travail ou horaires",
    "salaires",
    "mobilité, transport ou logement",
    "image du métier ou de l'entreprise",
)
IDS = {key: f"emploi_{key}" for key in ("metiers", "postes", "echeance", "difficulte", "raisons")}


def recruitment_section() -> Section:
    """The block: job, number, horizon, difficulty, reasons."""
    return Section(
        SECTION_ID,
        "Vos besoins de recrutement",
        (
            Question(IDS["metiers"], "rome", "Quels métiers prévoyez-vous de recruter ?", tags=(TAG,),
                     help="Choisissez dans le répertoire des métiers (ROME)."),
            Question(IDS["postes"], "number", "Combien de personnes au total ?", unit="personnes", minimum=1,
                     maximum=10000, tags=(TAG,), condition=Condition(IDS["metiers"], "answered", None)),
            Question(IDS["echeance"], "single_choice", "À quelle échéance ?", choices=tuple(HORIZONS), tags=(TAG,),
                     condition=Condition(IDS["metiers"], "answered", None)),
            Question(IDS["difficulte"], "single_choice", "Quelle difficulté prévoyez-vous pour ces recrutements ?",
                     choices=tuple(DIFFICULTIES), tags=(TAG,), condition=Condition(IDS["metiers"], "answered", None)),
            Question(IDS["raisons"], "multiple_choice", "Pour quelles raisons ?", choices=REASONS, tags=(TAG,),
                     condition=Condition(IDS["difficulte"], "not_equals", "aucune")),
        ),
        help="Ces réponses alimentent le groupe de travail emploi-formation du territoire.",
    )  # fmt: skip


def has_block(schema: Questionnaire) -> bool:
    return has_tagged_questions(schema, TAG)


def add_block(questionnaire: QuestionnaireModel) -> bool:
    """Append the block to the questionnaire (a new version once answered); False when it is there already."""
    return append_block(questionnaire, recruitment_section(), TAG)


def needs_from_answers(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """One need per job named in an answer: ROME code, people (shared out, at least one each), horizon,
    difficulty and reasons."""
    jobs = answers.get(IDS["metiers"]) or []
    jobs = [jobs] if isinstance(jobs, str) else list(jobs)
    if not jobs:
        return []
    people = answers.get(IDS["postes"])
    count = max(1, round(float(people) / len(jobs))) if people not in (None, "") else 1
    reasons = answers.get(IDS["raisons"]) or []
    return [
        {
            "rome": code,
            "count": count,
            "horizon": HORIZONS.get(answers.get(IDS["echeance"]) or "", 12),
            "difficulty": DIFFICULTIES.get(answers.get(IDS["difficulte"]) or "", "none"),
            "reasons": ", ".join([reasons] if isinstance(reasons, str) else reasons),
        }
        for code in jobs
    ]


@transaction.atomic
def take_consultation_needs(territory: Territory) -> int:
    """The needs in the answers of the territory's invited establishments, not taken yet; how many added."""
    taken = set(territory.employment_needs.filter(origin=LocalNeed.Origin.CONSULTATION)
                .values_list("origin_reference", flat=True))  # fmt: skip
    answers = Response.objects.filter(campaign__territory=territory, invitation__isnull=False).select_related(
        "version", "invitation"
    )
    added = 0
    for response in answers:
        if not has_block(response.version.as_schema()):
            continue
        for need in needs_from_answers(response.answers):
            reference = f"{response.pk}:{need['rome']}"
            if reference in taken:
                continue
            LocalNeed.objects.create(
                territory=territory, origin=LocalNeed.Origin.CONSULTATION, origin_reference=reference,
                siret=response.invitation.siret, company_name=response.invitation.name[:300], **need,
            )  # fmt: skip
            taken.add(reference)
            added += 1
    return added
