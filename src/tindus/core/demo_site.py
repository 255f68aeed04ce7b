"""Demo plan, governance and news of the two seed territories, written from the seed pages only.

Auxois Morvan: its four levers and eight sub-axes, the nine projects of its panorama with their
porteurs, its regional steering committee, project committee and employment-training group, and
its milestones (25 January 2019, 21 March 2019, committees of 11 July, 24 September and 19
December 2019). Haut-Doubs Horloger: the news of 6 July 2021 announcing the strategic study.
Nothing is invented beyond the seeds: no amounts, no names of people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tindus.governance.models import Instance, InstanceMember, Meeting, TerritoryMilestone
from tindus.plan.models import Axis, Project, Status
from tindus.plan.services import create_project, plan_of
from tindus.public.models import Article
from tindus.territories.models import Territory

Role = InstanceMember.Role

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
HAUT_DOUBS_NEWS = """L'équipe de l'AUDAB a récemment rencontré les différentes Communautés de Communes qui constituent le \
« Territoire d'Industrie Haut-Doubs Horloger ». L'étude stratégique territoriale est désormais lancée, la première phase \
de ce travail permettra d'identifier les enjeux économiques auxquels les activités industrielles de ces territoires sont \
confrontées. Elle s'appuiera notamment sur une large concertation des chefs d'entreprises et de leurs salariés.

Le territoire d'industrie nommé « Territoire d'Industrie Haut-Doubs Horloger » regroupe 5 Communautés de Communes, \
**Val de Morteau, Plateau du Russey, Pays de Maîche, Portes du Haut-Doubs et Loue-Lison**. Ce territoire, fortement \
industrialisé, fait face à une perte d'emplois industriels et un déficit d'attractivité.

Ainsi, dans le cadre de projet, l'AUDAB a pour mission d'élaborer une stratégie industrielle territoriale en \
partenariat avec ces cinq territoires. À travers cette étude, nous nous intéresserons à des enjeux de transformation \
du modèle économique, de création de nouvelles filières de formation, d'accompagnement de la mutation des métiers \
existants et de soutien aux initiatives privées de transition écologique. Sur cette base, l'objectif est d'identifier \
les synergies existantes, connues ou à découvrir, au sein de ce tissu économique mais aussi de mettre en lumière \
certaines spécificités et complémentarités locales.

L'aboutissement de cette étude « Territoire d'industrie » doit permettre aux différents acteurs mobilisés de créer et \
d'expérimenter de nouvelles manières de travailler ensemble, de faire émerger des formes d'accompagnement innovantes \
et de déterminer des niches de développement de l'activité industrielle. Cela suppose de mener collectivement une \
réflexion prospective et de développer une méthode de mise en réseau des entreprises locales.

Le programme d'action qui s'en suivra devra permettre de répondre aux grands enjeux auxquels fait face la filière \
industrielle du territoire Haut-Doubs Horloger, notamment en matière de **recrutement, d'innovation et \
d'attractivité**."""


@transaction.atomic
def load_auxois(territory: Territory, author: Any) -> None:
    if territory.projects.exists() or territory.instances.exists():
        return
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
        create_project(project, author, AUXOIS_COMMITTEES[-1])
        project.axes.set([axes[c] for c in codes])
        project.communes.set([communes[c] for c in commune_codes if c in communes])

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


@transaction.atomic
def load_haut_doubs(territory: Territory, author: Any) -> None:
    if territory.articles.exists():
        return
    Article.objects.create(
        territory=territory, title="Lancement de l'étude Territoire d'Industrie", slug="lancement-de-l-etude",
        summary="L'étude stratégique territoriale du Haut-Doubs Horloger est lancée, avec les cinq communautés de "
        "communes ; elle s'appuiera sur une large concertation des chefs d'entreprises et de leurs salariés.",
        body=HAUT_DOUBS_NEWS, state=Article.State.PUBLISHED, published_on=dt.date(2021, 7, 6),
        author=author, author_name="AUDAB",
    )  # fmt: skip
    TerritoryMilestone.objects.create(
        territory=territory, kind=TerritoryMilestone.Kind.OTHER, date=dt.date(2021, 7, 6),
        title="Lancement de l'étude stratégique territoriale avec les cinq communautés de communes",
    )  # fmt: skip
