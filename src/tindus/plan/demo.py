"""The demo action plan of Auxois Morvan, written from its seed page only.

Its four levers and eight sub-axes and the nine projects of its panorama with their porteurs, each
in preparation since the last project committee of 2019. No amount is invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tindus.territories.models import Territory

from .models import Axis, Project, Status
from .services import create_project, plan_of

AUXOIS_AMBITION = (
    "Devenir un territoire rural exemplaire par sa dynamique et sa modernité au service de l'activité "
    "économique et de l'emploi."
)
AUXOIS_LEVERS = [
    (
        "Renforcer l'attractivité en mettant en adéquation les formations avec les besoins des entreprises, "
        "et en facilitant les recrutements",
        ["Former", "Recruter"],
    ),
    (
        "Faire de l'Auxois Morvan un territoire numérique 4.0, autour de l'inclusion, de la diffusion de bonnes "
        "pratiques et de l'accompagnement des entreprises vers l'industrie du futur",
        ["Inclusion et tiers-lieux", "Vers l'industrie 4.0"],
    ),
    (
        "Créer des liens entre Territoire d'Industrie et Contrat de Transition Écologique",
        ["Renforcer les filières locales", "Valoriser les circuits courts"],
    ),
    (
        "Renforcer l'attractivité par l'expérimentation de formes innovantes de portages immobiliers et fonciers, "
        "au service du développement économique",
        ["Développer des outils de portage des activités économiques", "Développer et valoriser le foncier disponible"],
    ),
]
# (reference, title, porteur, partners, axis codes, communes)
AUXOIS_PROJECTS = [
    ("AM-01", "Pôle d'excellence CND", "Lycée Eugène Guillaume de Montbard", [], ["1.1"], ["21425"]),
    ("AM-02", "GEIQ industrie 21 - antenne Auxois Morvan", "UIMM 21", [], ["1.2"], []),
    ("AM-03", "1 stagiaire – 1 opportunité", "Mission locale et Pôle emploi", ["Mission locale", "Pôle emploi"],
     ["1.2"], []),
    ("AM-04", "Cibler l'offre de services aux entreprises de Territoire d'Industrie", "Pôle emploi", [], ["1.2"], []),
    ("AM-05", "Tiers lieux de Montbard", "CC du Montbardois", [], ["2.1"], ["21425"]),
    ("AM-06", "Tiers lieux de Venarey-Les Laumes", "Commune de Venarey-Les Laumes", [], ["2.1"], ["21663"]),
    ("AM-07", "Filière sarrasin bio", "Association Sarrasin bio Bourgogne", [], ["3.1", "3.2"], []),
    ("AM-08", "Projet « Catamaran »", "Biscuiterie Mistral", [], [], []),
    ("AM-09", "SEM patrimoniale Venarey-Les Laumes", "Commune de Venarey-Les Laumes", [], ["4.1"], ["21663"]),
]  # fmt: skip
AUXOIS_SUMMARY = (
    "Projet identifié et présenté en comité de projet en 2019 ; il pourra intégrer le contrat Territoire "
    "d'industrie de l'Auxois Morvan."
)
# The projects' status is dated at the last project committee of 2019 (19 December).
AUXOIS_STATUS_DATE = dt.date(2019, 12, 19)


def load_auxois_plan(territory: Territory, author: Any) -> None:
    """Write the plan (the caller checks that the territory has none yet)."""
    plan = plan_of(territory)
    plan.title = "Plan d'actions du Territoire d'industrie Auxois Morvan"
    plan.ambition = AUXOIS_AMBITION
    plan.save()
    axes: dict[str, Axis] = {}
    for lever_index, (lever_title, sub_axes) in enumerate(AUXOIS_LEVERS, start=1):
        lever = Axis.objects.create(plan=plan, position=lever_index, title=lever_title)
        for axis_index, title in enumerate(sub_axes, start=1):
            axes[f"{lever_index}.{axis_index}"] = Axis.objects.create(
                plan=plan, parent=lever, position=axis_index, title=title
            )
    communes = {c.code: c for c in territory.communes.all()}
    for reference, title, porteur, partners, codes, commune_codes in AUXOIS_PROJECTS:
        project = Project(
            territory=territory, reference=reference, title=title, porteur_name=porteur,
            partners="\n".join(partners), status=Status.PREPARING, is_public=True, public_summary=AUXOIS_SUMMARY,
        )  # fmt: skip
        create_project(project, author, AUXOIS_STATUS_DATE)
        project.axes.set([axes[c] for c in codes])
        project.communes.set([communes[c] for c in commune_codes if c in communes])
