"""Demo content of the employment module for the two seed territories, all labelled synthetic.

The needs tables come from the real national BMO 2024 and 2025 files (loaded by ``tindus setup``). On top:
a handful of **synthetic** training sessions (invented organisations, real communes, dates a few months
ahead of the day the demo is loaded), the team's ROME → BMO links for their ROME codes, recruitment needs
declared by companies of the synthetic warehouse (those that declared synergies), and the largest named
gap of each territory turned into a proposal: a project of the action plan for Auxois Morvan, a training
pathway and a pooled recruitment for Haut-Doubs Horloger. Loaded once: a territory with a demo import is
left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tindus.territories.models import Territory

from .analysis import needs_report
from .compute.offers import Action, Codes, Offers, Organisation, Session
from .importing import save_offers
from .models import LocalNeed, OfferImport, Proposal, RomeLink
from .pooling import pools_for
from .proposals import create_proposal
from .reference import fap2021

# (organisation, title, ROME 4.0 code, BMO job it is linked to, commune, start in months, weeks, places, modality)
SESSIONS = {
    "ti-2704": [
        ("Centre de formation de la microtechnique (démo)", "CQPM opérateur régleur sur machine-outil à commande "
         "numérique", "H2903", "D0X31", "25411", 2, 30, 12, "presential"),
        ("Centre de formation de la microtechnique (démo)", "Titre professionnel tourneur-fraiseur en apprentissage",
         "H2903", "D0X31", "25356", 5, 52, 8, "apprenticeship"),
        ("Institut de formation en soins (démo)", "Diplôme d'État d'aide-soignant", "J1501", "V0X60", "25462", 3, 44,
         30, "presential"),
        ("Organisme de formation en ligne (démo)", "Assistant de vie aux familles, à distance", "K1302", "T2A60", "",
         1, 26, None, "distance"),
    ],
    "ti-2701": [
        ("Lycée professionnel de l'Auxois (démo)", "CAP maintenance des véhicules, option voitures particulières",
         "I1604", "G0B41", "21603", 4, 40, 15, "apprenticeship"),
        ("Institut de formation en soins (démo)", "Diplôme d'État d'aide-soignant", "J1501", "V0X60", "21425", 2, 44,
         24, "presential"),
        ("Centre de formation agricole (démo)", "Brevet professionnel responsable d'exploitation agricole", "A1416",
         "A0X40", "21603", 6, 36, 16, "presential"),
    ],
}  # fmt: skip
# The job companies declare needs for (close to each other: a pooled recruitment), and how many each.
NEEDS = {"ti-2704": ("D2X32", "H3404", (3, 2, 2)), "ti-2701": ("G0A40", "I1304", (2, 2, 1))}
PROPOSALS = {
    "ti-2704": [
        (Proposal.Kind.TRAINING, "T2A60", "Aides à domicile : une formation qualifiante au plus près des communes",
         "Aucune session à moins de 30 km ne prépare au métier le plus recherché du territoire : demander au "
         "Carif-Oref une session du titre professionnel Assistant de vie aux familles à Morteau ou Maîche."),
        (Proposal.Kind.POOLED, "D2X32", "", "Les entreprises qui recrutent des peintres industriels partagent un "
         "groupement d'employeurs ou un GEIQ."),
    ],
    "ti-2701": [
        (Proposal.Kind.PROJECT, "A1X42", "Attirer et former les saisonniers de la vigne et des vergers",
         "Le premier besoin de recrutement de l'Auxois, jugé difficile, sans formation à proximité : un projet du "
         "plan d'action avec la chambre d'agriculture et France Travail."),
    ],
}  # fmt: skip


def _add_months(day: dt.date, months: int) -> dt.date:
    from .compute.geo import add_months

    return add_months(day, months)


def demo_offers(territory: Territory, today: dt.date) -> tuple[Offers, dict[str, str]]:
    """The synthetic offers of ``territory`` and, for each ROME code, the BMO job it is linked to."""
    organisations: dict[str, Organisation] = {}
    actions, sessions, links = [], [], {}
    for number, (name, title, rome, job, commune, months, weeks, places, modality) in enumerate(
        SESSIONS.get(territory.official_id, ()), start=1
    ):
        key = f"DEMO-{territory.official_id}-{len(organisations) + 1}"
        organisation = organisations.setdefault(name, Organisation(key, name))
        action = Action(f"A{number}", title, organisation.key, Codes(rome=(rome,), rome_version="V4"), modality)
        start = _add_months(today, months)
        actions.append(action)
        sessions.append(Session(f"S{number}", action.key, start, start + dt.timedelta(weeks=weeks), commune=commune,
                                capacity=places, modality=modality))  # fmt: skip
        links[rome] = job
    offers = Offers(
        "sessions-demo.csv", "template", tuple(organisations.values()), tuple(actions), tuple(sessions), synthetic=True
    )
    return offers, links


def _companies(territory: Territory) -> list[tuple[str, str, str]]:
    """(SIRET, name, commune) of the synthetic companies that declared synergies, the demo company's first."""
    rows = territory.synergy_declarations.filter(synthetic=True).exclude(commune="").order_by("pk")
    found: dict[str, tuple[str, str, str]] = {}
    for siret, name, commune in rows.values_list("siret", "company_name", "commune"):
        found.setdefault(siret, (siret, name, commune))
    return list(found.values())


@transaction.atomic
def load_demo_employment(territory: Territory, today: dt.date | None = None) -> int:
    """Write the demo content of ``territory`` unless it has a demo import; how many proposals were made."""
    if territory.training_imports.filter(kind=OfferImport.Kind.DEMO).exists():
        return 0
    today = today or dt.date.today()
    offers, links = demo_offers(territory, today)
    if not offers.sessions:
        return 0
    save_offers(territory, offers, kind=OfferImport.Kind.DEMO, synthetic=True)
    for rome, job in links.items():
        RomeLink.objects.get_or_create(territory=territory, rome=rome, job=job,
                                       defaults={"status": RomeLink.Status.CONFIRMED})  # fmt: skip
    job, rome, counts = NEEDS[territory.official_id]
    labels = fap2021().labels["228"]
    companies = _companies(territory)
    for (siret, name, commune), count in zip(companies, counts, strict=False):
        LocalNeed.objects.create(
            territory=territory, origin=LocalNeed.Origin.COMPANY, siret=siret, company_name=name, commune=commune,
            rome=rome, job=job, label=labels.get(job, ""), count=count, horizon=LocalNeed.Horizon.SIX,
            difficulty=LocalNeed.Difficulty.STRONG, reasons="Pas de candidats formés à proximité (démo).",
            synthetic=True,
        )  # fmt: skip
    report = needs_report(territory)
    table = report.territory_table
    if table is None:
        return 0
    gaps = {row.need.job for row in table.gaps}
    made = 0
    for kind, target, title, description in PROPOSALS[territory.official_id]:
        pool = None
        if kind == Proposal.Kind.POOLED:
            pools = pools_for(territory, target, territory.employment_needs.filter(job=target))
            if not pools:
                continue
            pool = pools[0]
        elif target not in gaps:
            continue
        create_proposal(
            territory, job=target, job_name=labels.get(target, target), kind=kind, report=report, user=None,
            title=title, description=description, pool=pool, synthetic=True,
        )  # fmt: skip
        made += 1
    return made
