"""The demo governance of the seed territories, written from the seed pages only.

Auxois Morvan: its regional steering committee, project committee (three meetings of 2019) and
employment-training group with its member organisations, and its milestones (25 January 2019,
21 March 2019, committees of 11 July, 24 September and 19 December 2019). Haut-Doubs Horloger: the
launch of its strategic study on 6 July 2021. No names of people are invented.
"""

from __future__ import annotations

import datetime as dt

from tindus.territories.models import Territory

from .models import Instance, InstanceMember, Meeting, TerritoryMilestone

Role = InstanceMember.Role

AUXOIS_COMMITTEES = [dt.date(2019, 7, 11), dt.date(2019, 9, 24), dt.date(2019, 12, 19)]
EMPLOYMENT_GROUP = [
    ("Pôle emploi", Role.EMPLOYMENT_AGENCY),
    ("Greta 21", Role.TRAINING),
    ("Lycées professionnels", Role.TRAINING),
    ("Id'ées Intérim", Role.EMPLOYMENT_AGENCY),
    ("Mission locale", Role.EMPLOYMENT_AGENCY),
    ("UIMM", Role.FEDERATION),
    ("CCI", Role.CHAMBER),
    ("Conseil régional Bourgogne-Franche-Comté", Role.REGION),
    ("État", Role.STATE),
    ("Clubs d'entreprises", Role.OTHER),
]


def load_auxois_governance(territory: Territory) -> None:
    """Write the instances, meetings and milestones (the caller checks that there are none yet)."""
    regional = Instance.objects.create(
        territory=territory, kind=Instance.Kind.REGIONAL_STEERING,
        name="Comité de pilotage régional Bourgogne-Franche-Comté",
        purpose="Présidé par la Présidente du Conseil régional, il assure la coordination de la démarche, définit les "
        "orientations stratégiques régionales pour les territoires d'industrie et valide les adaptations des périmètres.",
    )  # fmt: skip
    InstanceMember.objects.create(
        instance=regional, organisation="Conseil régional Bourgogne-Franche-Comté", role=Role.CHAIR
    )
    committee = Instance.objects.create(
        territory=territory, kind=Instance.Kind.PROJECT_COMMITTEE, name="Comité de projet Auxois Morvan",
        purpose="Présidé par un binôme élu-industriel, il réunit notamment les présidents des intercommunalités "
        "concernées, les acteurs industriels intéressés, les représentants du conseil régional et le représentant "
        "de l'État.",
    )  # fmt: skip
    for groupement in territory.groupements.all():
        InstanceMember.objects.create(instance=committee, organisation=groupement.name, role=Role.EPCI)
    InstanceMember.objects.create(
        instance=committee, organisation="Conseil régional Bourgogne-Franche-Comté", role=Role.REGION
    )
    InstanceMember.objects.create(instance=committee, organisation="État", role=Role.STATE)
    for day in AUXOIS_COMMITTEES:
        Meeting.objects.create(
            instance=committee, date=day,
            agenda="Orientations du Territoire d'industrie\nProjets soumis à contractualisation",
            minutes="Les orientations et projets soumis à contractualisation ont été travaillés.",
        )  # fmt: skip
    group = Instance.objects.create(
        territory=territory, kind=Instance.Kind.WORKING_GROUP, name="Groupe de travail emplois et formations",
        purpose="Engager une réflexion sur l'attractivité des métiers de l'industrie et sur la visibilité des nombreux "
        "dispositifs existants dans les domaines de la recherche d'emplois et de la formation professionnelle. "
        "Annoncé en comité de projet, il s'est réuni à plusieurs reprises en 2019.",
    )  # fmt: skip
    for organisation, role in EMPLOYMENT_GROUP:
        InstanceMember.objects.create(instance=group, organisation=organisation, role=role)

    milestones = [
        (TerritoryMilestone.Kind.IDENTIFICATION, dt.date(2019, 1, 25), "Identifié « Territoire d'industrie » par le comité de pilotage régional"),
        (TerritoryMilestone.Kind.PROTOCOL, dt.date(2019, 3, 21), "Protocole d'accord signé par les parties prenantes"),
        (TerritoryMilestone.Kind.OTHER, dt.date(2019, 3, 21), "Visite à Matignon de quatre territoires d'industrie « pilotes » de Bourgogne-Franche-Comté"),
    ] + [(TerritoryMilestone.Kind.COMMITTEE, day, "Comité de projet") for day in AUXOIS_COMMITTEES]  # fmt: skip
    for kind, day, title in milestones:
        TerritoryMilestone.objects.create(territory=territory, kind=kind, date=day, title=title)


def load_haut_doubs_governance(territory: Territory) -> None:
    """The milestone of the strategic study's launch."""
    TerritoryMilestone.objects.create(
        territory=territory, kind=TerritoryMilestone.Kind.OTHER, date=dt.date(2021, 7, 6),
        title="Lancement de l'étude stratégique territoriale avec les cinq communautés de communes",
    )  # fmt: skip
