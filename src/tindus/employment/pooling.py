"""Companies that declared a need for the same BMO job, close enough to recruit together (an employer group
or a GEIQ): the synergies module's pooling core (:func:`tindus.synergies.compute.pooling.find_pools`) on the
local needs of one job, placed at their commune's centre."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from tindus.synergies.compute import declarations as core
from tindus.synergies.compute.pooling import find_pools
from tindus.synergies.places import commune_centres
from tindus.territories.models import Territory

from .models import LocalNeed

MIN_COMPANIES = 2
MAX_KM = 40.0


@dataclass(frozen=True)
class PoolMember:
    siret: str
    name: str
    people: int
    commune: str


@dataclass(frozen=True)
class JobPool:
    members: tuple[PoolMember, ...]
    people: int
    max_distance_km: float
    signature: str


def pools_for(territory: Territory, job: str, needs: Iterable[LocalNeed]) -> list[JobPool]:
    """Groups of at least two companies with a need for ``job``, each within 40 km (road) of another."""
    needs = [n for n in needs if n.siret and n.commune]
    centres = commune_centres({n.commune for n in needs})
    companies: dict[str, core.Company] = {}
    people: dict[str, int] = {}
    names: dict[str, tuple[str, str]] = {}
    declarations = []
    for need in needs:
        lat, lon = centres.get(need.commune, (math.nan, math.nan))
        if math.isnan(lat):
            continue
        companies.setdefault(need.siret, core.Company(need.siret, need.company_name, need.commune, lat, lon))
        people[need.siret] = people.get(need.siret, 0) + need.count
        names.setdefault(need.siret, (need.company_name, need.commune))
        # The pooling core groups recruitment needs by their job code: the BMO job here.
        declarations.append(
            core.Declaration(id=f"{need.pk:08d}", company=need.siret, direction=core.NEED, category="recrutement",
                             rome=(job,))
        )  # fmt: skip
    found = []
    for pool in find_pools(companies.values(), declarations, min_companies=MIN_COMPANIES, max_km=MAX_KM):
        members = tuple(PoolMember(s, names[s][0], people[s], names[s][1]) for s in pool.companies)
        found.append(JobPool(members, sum(m.people for m in members), pool.max_distance_km, pool.signature))
    return found
