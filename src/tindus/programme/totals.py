"""The sums of what a group of territories (a région, the nation) shares, from their rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .compute import figures
from .models import SharingSettings
from .rows import FinanceurFunding, TerritoryRow

KINDS = SharingSettings.KINDS


@dataclass
class Totals:
    """The sums of what a group of territories shares; ``sharing[kind]`` counts the territories whose block of
    that kind is shown (public-only blocks included)."""

    territories: int = 0
    in_use: int = 0  # territories whose workspace is in use: the others have nothing to add
    synthetic: int = 0
    sharing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    protocols: int = 0
    contracts: int = 0
    committees_12m: int = 0
    projects: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    started: int = 0
    completed: int = 0
    late_milestones: int = 0
    funding: dict[str, Decimal] = field(default_factory=dict)
    by_financeur: dict[str, FinanceurFunding] = field(default_factory=dict)
    campaigns: int = 0
    answers: int = 0
    synergies: int = 0
    tonnes_diverted: float = 0.0
    co2e_avoided_t: float = 0.0
    events_held: int = 0
    meetings_held: int = 0
    participants: int = 0
    as_of: dt.date | None = None  # the newest date of the data added up, all kinds together
    as_of_by_kind: dict[str, dt.date | None] = field(default_factory=lambda: dict.fromkeys(KINDS))
    last_update: dt.datetime | None = None

    @property
    def share_started(self) -> float | None:
        return figures.share(self.started, self.projects)

    @property
    def share_completed(self) -> float | None:
        return figures.share(self.completed, self.projects)

    @property
    def committed(self) -> Decimal:
        return sum((self.funding.get(s, Decimal(0)) for s in figures.COMMITTED), Decimal(0))

    def add(self, row: TerritoryRow) -> None:
        self.territories += 1
        if not row.followed.in_use:
            return
        self.in_use += 1
        self.synthetic += row.synthetic
        dates = []
        if row.contract:
            self.sharing["governance"] += 1
            self.protocols += row.contract.protocol_on is not None
            self.contracts += row.contract.contract_on is not None
            self.committees_12m += row.contract.committees_12m
            dates.append(("governance", row.contract.as_of))
        if row.plan:
            self.sharing["plan"] += 1
            self.projects += row.plan.total
            for status, n in row.plan.by_status.items():
                self.by_status[status] = self.by_status.get(status, 0) + n
            self.started += row.plan.started
            self.completed += row.plan.completed
            self.late_milestones += row.plan.late_milestones or 0
            dates.append(("plan", row.plan.as_of))
        if row.funding:
            self.sharing["funding"] += 1
            figures.add_amounts(self.funding, row.funding.amounts)
            for key, entry in row.funding.by_financeur.items():
                total = self.by_financeur.setdefault(key, FinanceurFunding(key, entry.name, {}, 0))
                figures.add_amounts(total.amounts, entry.amounts)
                total.count += entry.count
            dates.append(("funding", row.funding.as_of))
        if row.consultation:
            self.sharing["consultation"] += 1
            self.campaigns += row.consultation.campaigns
            self.answers += row.consultation.answers
            dates.append(("consultation", row.consultation.as_of))
        if row.synergies:
            self.sharing["synergies"] += 1
            self.synergies += row.synergies.implemented
            self.tonnes_diverted += row.synergies.tonnes_diverted
            self.co2e_avoided_t += row.synergies.co2e_avoided_t
            dates.append(("synergies", row.synergies.as_of))
        if row.events:
            self.sharing["events"] += 1
            self.events_held += row.events.events_held
            self.meetings_held += row.events.meetings_held
            self.participants += row.events.participants
            dates.append(("events", row.events.as_of))
        for kind, day in dates:
            self.as_of_by_kind[kind] = figures.newest([self.as_of_by_kind[kind], day])
        self.as_of = figures.newest([self.as_of, *(day for _kind, day in dates)])
        if row.last_update and (self.last_update is None or row.last_update > self.last_update):
            self.last_update = row.last_update


def totals_of(rows: list[TerritoryRow]) -> Totals:
    totals = Totals()
    for row in rows:
        totals.add(row)
    totals.by_financeur = dict(sorted(totals.by_financeur.items(), key=lambda item: item[1].name))
    return totals
