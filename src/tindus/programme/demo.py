"""The programme's steering in the demo: what the two demo territories share, their axes' common themes, and
synthetic figures so that the regional view of Bourgogne-Franche-Comté has something to show.

Everything written here is synthetic (made up for the demonstration) and says so: projects, milestones and
meetings carry « (synthétique) » in their title or agenda, and the steering pages label every figure of a
demo territory « synthétique ». The seed pages give no amount, no date after 2021 and no plan for Haut-Doubs
Horloger: none of that is invented elsewhere. Dates are counted back from the day of loading, so that
« committees in the last 12 months » and « late milestones » have something to count.

Each step is skipped where its content exists already (the team's own choices and work are never touched):
``tindus demo load`` stays idempotent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tindus.governance.models import Instance, Meeting, TerritoryMilestone
from tindus.plan.models import Axis, Financeur, Funding, Milestone, Plan, Project, Status
from tindus.plan.services import change_status, create_project, plan_of
from tindus.territories.models import Territory

from .models import AxisTheme, Level, SharingSettings, Theme
from .themes import axis_rows, save_themes

HAUT_DOUBS, AUXOIS = "ti-2704", "ti-2701"
SYNTHETIC = "(synthétique)"

# What each demo territory shares: Haut-Doubs Horloger its plan, funding and calendar in detail, Auxois Morvan
# aggregated figures and no consultation figure (it has none), to show both sides of the sharing rule.
SHARING = {
    HAUT_DOUBS: {"plan": Level.DETAILED, "funding": Level.DETAILED, "governance": Level.DETAILED,
                 "consultation": Level.AGGREGATED, "synergies": Level.AGGREGATED, "events": Level.DETAILED},
    AUXOIS: {"plan": Level.AGGREGATED, "funding": Level.AGGREGATED, "governance": Level.AGGREGATED,
             "consultation": Level.NOTHING, "synergies": Level.AGGREGATED, "events": Level.NOTHING},
}  # fmt: skip

# The theme of a lever the suggester is unsure about (its title speaks of two themes): the team's choice.
THEMES_WHEN_UNSURE = {
    "Faire de l'Auxois Morvan un territoire numérique 4.0": Theme.INNOVATION,
    "Former et recruter pour l'industrie horlogère et microtechnique": Theme.RECRUITMENT_SKILLS,
    "Réduire les déchets et l'énergie des ateliers": Theme.ECOLOGICAL_TRANSITION,
    "Requalifier les friches et mobiliser le foncier économique": Theme.LAND,
    "Innover et coopérer entre entreprises de la filière": Theme.COOPERATION,
}

# Haut-Doubs Horloger's synthetic plan: (lever, [sub-axes]).
HAUT_DOUBS_LEVERS = [
    ("Former et recruter pour l'industrie horlogère et microtechnique",
     ["Former aux métiers de la microtechnique", "Recruter et loger les salariés"]),
    ("Réduire les déchets et l'énergie des ateliers", []),
    ("Requalifier les friches et mobiliser le foncier économique", []),
    ("Innover et coopérer entre entreprises de la filière", []),
]  # fmt: skip

# A funding: (financeur, how the team wrote it, amount, days ago requested, granted, paid).
F = tuple[str, str, int, int, int | None, int | None]
# A milestone: (title, planned so many days from today (negative: past), done so many days from today or None).
M = tuple[str, int, int | None]
# (reference, title, porteur, axis code, status, started days ago, public, fundings, milestones)
HAUT_DOUBS_PROJECTS: list[tuple[str, str, str, str, str, int, bool, list[F], list[M]]] = [
    ("HD-S01", "Campus des métiers de la microtechnique", "Lycée des métiers du Haut-Doubs", "1.1",
     Status.IN_PROGRESS, 420, True,
     [(Financeur.REGION, "Région BFC", 120_000, 520, 430, 200), (Financeur.STATE, "DETR", 80_000, 500, 400, None)],
     [("Ouverture de la première formation", -95, -90), ("Équipement de l'atelier d'usinage", -30, None)]),
    ("HD-S02", "Plateforme de recrutement partagée des entreprises", "Groupement d'employeurs de l'industrie",
     "1.2", Status.IN_PROGRESS, 300, False,
     [(Financeur.REGION, "Conseil régional de Bourgogne-Franche-Comté", 45_000, 360, 300, None),
      (Financeur.OTHER_PUBLIC, "France Travail", 20_000, 120, None, None)],
     [("Mise en ligne de la plateforme", -60, None), ("Premier forum de l'emploi", 45, None)]),
    ("HD-S03", "Collecte mutualisée des copeaux et huiles de coupe", "Club d'entreprises du Haut-Doubs", "2",
     Status.DONE, 700, True,
     [(Financeur.ADEME, "ADEME", 60_000, 760, 700, 365), (Financeur.REGION, "Region Bourgogne Franche-Comte",
                                                           30_000, 760, 690, 380)],
     [("Première collecte", -400, -395), ("Bilan de la première année", -35, -20)]),
    ("HD-S04", "Requalification d'une friche horlogère", "Communauté de communes", "3", Status.PREPARING, 150,
     False,
     [(Financeur.STATE, "Fonds vert", 250_000, 90, None, None),
      (Financeur.BANQUE_DES_TERRITOIRES, "Banque des Territoires", 50_000, 90, 20, None)],
     [("Étude de pollution des sols", -10, None), ("Choix du maître d'œuvre", 120, None)]),
    ("HD-S05", "Démonstrateur d'usinage connecté", "Centre technique de la microtechnique", "4", Status.IDEA, 60,
     False, [], []),
    ("HD-S06", "Achats groupés d'énergie des ateliers", "Club d'entreprises du Haut-Doubs", "4", Status.PAUSED,
     250, False, [(Financeur.BPIFRANCE, "BPI France", 15_000, 240, None, None)], []),
]  # fmt: skip

# Auxois Morvan's seed projects (by reference): synthetic funding and milestones; the Région written three ways.
AUXOIS_FUNDING: dict[str, list[F]] = {
    "AM-01": [(Financeur.REGION, "Région BFC", 150_000, 400, 300, None), (Financeur.EUROPE, "FEDER", 90_000, 200,
                                                                           None, None)],
    "AM-02": [(Financeur.STATE, "Préfecture de région", 25_000, 330, 280, None)],
    "AM-05": [(Financeur.REGION, "Conseil régional de Bourgogne-Franche-Comté", 40_000, 380, 320, None),
              (Financeur.BANQUE_DES_TERRITOIRES, "Banque des Territoires", 20_000, 380, 300, None)],
    "AM-06": [(Financeur.REGION, "Region Bourgogne Franche-Comte", 35_000, 150, None, None),
              (Financeur.STATE, "DETR", 60_000, 300, 210, None)],
    "AM-07": [(Financeur.EUROPE, "LEADER", 30_000, 250, 180, None)],
    "AM-09": [(Financeur.BANQUE_DES_TERRITOIRES, "Caisse des Dépôts", 200_000, 100, None, None)],
}  # fmt: skip
AUXOIS_MILESTONES: dict[str, list[M]] = {
    "AM-01": [("Dépôt du dossier de labellisation", -120, None)],
    "AM-05": [("Ouverture du tiers-lieu", -200, -190)],
    "AM-06": [("Étude de programmation", -50, None)],
    "AM-09": [("Statuts de la SEM", 90, None)],
}

# Committee meetings, so many days ago (negative: to come).
HAUT_DOUBS_MEETINGS = [30, 130, 250, 400, -40]
AUXOIS_MEETINGS = [45, 170]


def load_demo_programme(territories: list[Territory], author: Any) -> None:
    """Sharing, themes and synthetic figures of the demo territories (each step skipped where content exists)."""
    by_id = {t.official_id: t for t in territories}
    today = timezone.localdate()
    for official_id, levels in SHARING.items():
        share(by_id[official_id], levels, author)
    load_haut_doubs_plan(by_id[HAUT_DOUBS], author, today)
    load_auxois_figures(by_id[AUXOIS], today)
    load_governance(by_id[HAUT_DOUBS], by_id[AUXOIS], today)
    for territory in territories:
        confirm_themes(territory, author)


def share(territory: Territory, levels: dict[str, str], author: Any) -> None:
    if not SharingSettings.objects.filter(territory=territory).exists():
        SharingSettings.objects.create(territory=territory, updated_by=author, **levels)


def _ago(today: dt.date, days: int | None) -> dt.date | None:
    return None if days is None else today - dt.timedelta(days=days)


def _fund(project: Project, fundings: list[F], today: dt.date) -> None:
    Funding.objects.bulk_create([
        Funding(project=project, financeur=financeur, financeur_detail=detail, amount=Decimal(amount),
                year=_ago(today, requested).year, requested_on=_ago(today, requested),
                granted_on=_ago(today, granted), paid_on=_ago(today, paid))
        for financeur, detail, amount, requested, granted, paid in fundings
    ])  # fmt: skip


def _milestones(project: Project, milestones: list[M], today: dt.date) -> None:
    Milestone.objects.bulk_create([
        Milestone(project=project, title=f"{title} {SYNTHETIC}", planned_on=today + dt.timedelta(days=planned),
                  done_on=None if done is None else today + dt.timedelta(days=done))
        for title, planned, done in milestones
    ])  # fmt: skip


@transaction.atomic
def load_haut_doubs_plan(territory: Territory, author: Any, today: dt.date) -> None:
    """A small synthetic plan (the seed page has none), unless the team has started one."""
    if territory.projects.exists() or Axis.objects.filter(plan__territory=territory).exists():
        return
    plan = plan_of(territory)
    plan.title = f"Plan d'actions du Territoire d'industrie Haut-Doubs Horloger {SYNTHETIC}"
    plan.ambition = "Plan synthétique de démonstration, inspiré des enjeux de la page du territoire."
    plan.save()
    axes: dict[str, Axis] = {}
    for lever_index, (lever_title, sub_axes) in enumerate(HAUT_DOUBS_LEVERS, start=1):
        axes[str(lever_index)] = lever = Axis.objects.create(plan=plan, position=lever_index, title=lever_title)
        for axis_index, title in enumerate(sub_axes, start=1):
            axes[f"{lever_index}.{axis_index}"] = Axis.objects.create(
                plan=plan, parent=lever, position=axis_index, title=title
            )
    for reference, title, porteur, code, status, started, public, fundings, milestones in HAUT_DOUBS_PROJECTS:
        since = _ago(today, started)
        project = Project(
            territory=territory, reference=reference, title=f"{title} {SYNTHETIC}", porteur_name=porteur,
            description="Projet synthétique de démonstration.", is_public=public, start_date=since,
            status=Status.IDEA if status == Status.IDEA else Status.PREPARING,
            public_summary="Projet synthétique de démonstration." if public else "",
        )  # fmt: skip
        create_project(project, author, since - dt.timedelta(days=60))
        if status not in (Status.IDEA, Status.PREPARING):
            change_status(project, Status.IN_PROGRESS, since, author)
        if status not in (Status.IDEA, Status.PREPARING, Status.IN_PROGRESS):
            change_status(project, status, _ago(today, 30), author)
        project.axes.set([axes[code]])
        _fund(project, fundings, today)
        _milestones(project, milestones, today)


@transaction.atomic
def load_auxois_figures(territory: Territory, today: dt.date) -> None:
    """Funding and milestones on the seed projects that have none (the seed page gives no amount)."""
    projects = {p.reference: p for p in territory.projects.filter(reference__in=[*AUXOIS_FUNDING,
                                                                                 *AUXOIS_MILESTONES])}  # fmt: skip
    for reference, fundings in AUXOIS_FUNDING.items():
        project = projects.get(reference)
        if project is not None and not project.fundings.exists():
            _fund(project, fundings, today)
    for reference, milestones in AUXOIS_MILESTONES.items():
        project = projects.get(reference)
        if project is not None and not project.milestones.exists():
            _milestones(project, milestones, today)


@transaction.atomic
def load_governance(haut_doubs: Territory, auxois: Territory, today: dt.date) -> None:
    """Protocol and contract where the seed pages give none, and committee meetings over the last year."""
    kinds = TerritoryMilestone.Kind
    for territory, kind, day, title in [
        (haut_doubs, kinds.PROTOCOL, dt.date(2019, 7, 4), "Protocole d'accord signé"),
        (haut_doubs, kinds.CONTRACT, dt.date(2022, 3, 18), "Contrat Territoire d'industrie signé"),
        (auxois, kinds.CONTRACT, dt.date(2020, 2, 14), "Contrat Territoire d'industrie signé"),
    ]:
        if not territory.milestones.filter(kind=kind).exists():
            TerritoryMilestone.objects.create(territory=territory, kind=kind, date=day, title=f"{title} {SYNTHETIC}")
    committee = haut_doubs.instances.filter(kind=Instance.Kind.PROJECT_COMMITTEE).first()
    if committee is None:
        committee = Instance.objects.create(
            territory=haut_doubs, kind=Instance.Kind.PROJECT_COMMITTEE, is_public=False,
            name="Comité de projet Haut-Doubs Horloger",
            purpose=f"Instance synthétique de démonstration : ses réunions ne sont pas publiques {SYNTHETIC}.",
        )  # fmt: skip
    _meetings(committee, HAUT_DOUBS_MEETINGS, today)
    committee = auxois.instances.filter(kind=Instance.Kind.PROJECT_COMMITTEE).first()
    if committee is not None:
        _meetings(committee, AUXOIS_MEETINGS, today)


def _meetings(committee: Instance, days_ago: list[int], today: dt.date) -> None:
    if committee.meetings.filter(agenda__contains=SYNTHETIC).exists():
        return
    Meeting.objects.bulk_create([
        Meeting(instance=committee, date=_ago(today, days), place="Salle du conseil communautaire",
                agenda=f"Avancement des projets du contrat {SYNTHETIC}\nFinancements demandés et obtenus")
        for days in days_ago
    ])  # fmt: skip


def confirm_themes(territory: Territory, author: Any) -> None:
    """Confirm each lever's and axis's theme as the team would: the suggestion, else the team's choice for a
    lever the suggester is unsure about; sub-axes without a suggestion of their own take their lever's."""
    plan = Plan.objects.filter(territory=territory).first()
    if plan is None or AxisTheme.objects.filter(axis__plan=plan).exists():
        return
    chosen = {}
    for row in axis_rows(plan):
        theme = row.initial or next(
            (str(t) for title, t in THEMES_WHEN_UNSURE.items() if row.axis.title.startswith(title)), ""
        )
        chosen[row.axis.pk] = theme
    save_themes(plan, chosen, author)
