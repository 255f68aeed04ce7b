"""Synthetic synergies for the demo territories: declarations written for establishments of the synthetic
warehouse according to their sector, then what Tindus finds in them (matches, pools, discovery hypotheses)
followed through the pipeline, a few implemented with their exchanges entered so that impacts are computed.

Everything is flagged ``synthetic`` and shown as « synthétique »; no figure is written here, each one is
computed from these declarations as it would be from real ones.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from tindus.territories.models import Territory

from . import opportunities
from .compute import declarations as core
from .models import Confidentiality, Declaration, Opportunity, Origin, Status
from .places import territory_listing
from .ranking import candidates
from .territory_impacts import factor_rows

DEMO_DECLARATIONS = Path(__file__).resolve().parent / "data" / "demo_declarations.csv"
PER_SECTOR = 3  # companies of each sector given its declarations
CONFIDENTIALITY_CYCLE = (Confidentiality.TERRITORY, Confidentiality.TERRITORY, Confidentiality.ANONYMOUS,
                         Confidentiality.FACILITATORS)  # fmt: skip
# EWC chapter → (former disposal route, virgin material replaced, reprocessing) for the impact of the demo
IMPACT_ROUTES = {
    "12": ("stockage_isdnd_non_fermentescible", "acier_vierge", "tri_conditionnement"),
    "03": ("stockage_isdnd_bois", "bois_plaquettes", "broyage_bois"),
    "02": ("stockage_isdnd_biodechets", "aliment_betail", ""),
    "10": ("stockage_isdi", "granulats_naturels", "concassage_criblage"),
}


def sector_declarations(path: Path = DEMO_DECLARATIONS) -> list[tuple[str, list[tuple[str, str, str, dict]]]]:
    """NAF prefix → the declarations a company of that sector makes in the demo: (direction, category, text,
    other fields), in the file's order."""
    by_prefix: dict[str, list[tuple[str, str, str, dict]]] = {}
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            fields: dict = {k: row[k] for k in ("ewc", "rome", "equipment", "unit", "frequency", "state") if row[k]}
            fields.update({k: float(row[k]) for k in ("quantity", "temperature_c") if row[k]})
            fields.update({k: True for k in ("hazardous", "authorised_hazardous") if row[k] == "1"})
            by_prefix.setdefault(row["naf_prefix"], []).append((row["direction"], row["category"], row["text"], fields))
    return list(by_prefix.items())


def _declarations(territory: Territory, rng: random.Random) -> list[Declaration]:
    listing = [e for e in territory_listing(territory) if e.name]
    rows = []
    for n, (prefix, items) in enumerate(sector_declarations()):
        sector = sorted((e for e in listing if e.naf.startswith(prefix)), key=lambda e: e.siret)
        for k, e in enumerate(rng.sample(sector, min(PER_SECTOR, len(sector)))):
            for direction, category, text, fields in items:
                rows.append(Declaration(
                    territory=territory, siret=e.siret, company_name=e.name, commune=e.commune, naf=e.naf,
                    direction=direction, category=category, text=text, origin=Origin.TEAM,
                    origin_reference=f"demo:{len(rows)}", synthetic=True,
                    confidentiality=CONFIDENTIALITY_CYCLE[(n + k) % len(CONFIDENTIALITY_CYCLE)], **fields,
                ))  # fmt: skip
    known, dangerous = core.ewc_reference(), core.dangerous_ewc_codes()
    for row in rows:  # the demo passes the same checks as any declaration
        problems = core.validate(row.as_core(), known, {row.siret}, dangerous)
        if problems:
            raise ValueError(f"demo declaration « {row.text} »: {problems}")
    return Declaration.objects.bulk_create(rows)


def _impact(opportunity: Opportunity) -> None:
    """The exchange of an implemented demo synergy, from its two declarations."""
    offer, need = opportunity.offer, opportunity.need
    annual = core.annual_quantity(offer.quantity, offer.unit, offer.frequency) if offer else None
    wanted = core.annual_quantity(need.quantity, need.unit, need.frequency) if need else None
    if annual and annual[0] == "masse":
        tonnes = min(annual[1], wanted[1]) if wanted and wanted[0] == "masse" else annual[1]
        disposal, virgin, reprocessing = IMPACT_ROUTES.get(offer.ewc[:2], ("stockage_isdnd", "", ""))
        opportunity.tonnes_per_year, opportunity.disposal_route = tonnes, disposal
        opportunity.virgin_material, opportunity.reprocessing = virgin, reprocessing
    elif annual and annual[0] == "énergie":
        both = wanted and wanted[0] == "énergie"
        opportunity.energy_mwh_per_year = min(annual[1], wanted[1]) if both else annual[1]
    else:
        return
    opportunity.save()


def _follow(territory: Territory, rng: random.Random) -> list[Opportunity]:
    followed: list[Opportunity] = []
    for need in territory.synergy_declarations.filter(direction="need", synthetic=True).order_by("pk"):
        found = [c for c in candidates(need, facilitator=True, k=3) if c.score >= 0.45]
        for c in found[:1]:
            followed.append(opportunities.follow_match(need, c.declaration, None, c.score, c.reasons, c.distance_km))
    for pool, _signature in opportunities.pools(territory):
        followed.append(opportunities.follow_pool(territory, pool, None))
    for proposal, score, _note, _signature in opportunities.discovered(territory, k=4):
        followed.append(opportunities.follow_proposal(territory, proposal, score, None))
    Opportunity.objects.filter(pk__in=[o.pk for o in followed]).update(synthetic=True)
    for o in followed:
        o.synthetic = True
    return followed


def _advance(followed: list[Opportunity], rng: random.Random, move: Callable = opportunities.move) -> None:
    """Move the demo opportunities along the pipeline: some implemented, some abandoned, others in progress."""
    matches = [o for o in followed if o.kind == "match"]
    for n, o in enumerate(matches):
        steps = [Status.CONTACT, Status.STUDY]
        if n % 3 == 0:
            steps.append(Status.IMPLEMENTED)
        elif n % 5 == 1:
            steps.append(Status.ABANDONED)
        for status in steps[: len(steps) if n % 3 == 0 or n % 5 == 1 else rng.randint(1, 2)]:
            reason = rng.choice(["qualite", "distance", "cout"]) if status == Status.ABANDONED else ""
            move(o, status, None, reason, "Décision synthétique de démonstration." if reason else "")
        if o.status == Status.IMPLEMENTED:
            _impact(o)
    for o in followed:
        if o.kind == "pooling":
            move(o, Status.CONTACT, None)


@transaction.atomic
def load_demo_synergies(territory: Territory, seed: int = 2026) -> int:
    """Create the territory's synthetic declarations and follow what is found in them, unless the territory
    already has declarations; returns the number of opportunities followed."""
    if territory.synergy_declarations.exists():
        return 0
    rng = random.Random(seed)
    if not _declarations(territory, rng):
        return 0
    factor_rows(territory)
    followed = _follow(territory, rng)
    _advance(followed, rng)
    return len(followed)
