"""The steering's row of a territory: one block of figures per kind of content, each with its sharing level and
the date of its data (read by :mod:`.summary`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .compute import figures
from .scope import Followed


@dataclass
class Contract:
    """Contract status and governance calendar (sharing kind « governance »)."""

    level: str
    public_only: bool
    protocol_on: dt.date | None  # first protocol signed (on or before today)
    contract_on: dt.date | None  # first contract signed (on or before today)
    committees_12m: int  # meetings of its project committees in the last 12 months
    last_committee: dt.date | None
    as_of: dt.date | None  # the newest milestone or meeting counted

    @property
    def status(self) -> str:
        """« contract », « protocol » or « none »: how far the territory went."""
        return "contract" if self.contract_on else "protocol" if self.protocol_on else "none"


@dataclass
class PlanProgress:
    """Projects by status and late milestones (sharing kind « plan »)."""

    level: str
    public_only: bool
    by_status: dict[str, int]
    total: int
    started: int  # in progress or done
    completed: int
    late_milestones: int | None  # planned before today, not done, abandoned projects left out; None: public only
    as_of: dt.date | None  # the newest change to a project counted

    @property
    def share_started(self) -> float | None:
        return figures.share(self.started, self.total)

    @property
    def share_completed(self) -> float | None:
        return figures.share(self.completed, self.total)


@dataclass
class FinanceurFunding:
    key: str
    name: str
    amounts: dict[str, Decimal]  # state → amount
    count: int

    @property
    def committed(self) -> Decimal:
        return sum((self.amounts.get(s, Decimal(0)) for s in figures.COMMITTED), Decimal(0))


@dataclass
class FundingFigures:
    """Funding by financeur and by state (sharing kind « funding »). States are exclusive: a paid funding
    counts as paid only; « committed » is granted + paid."""

    level: str
    by_financeur: dict[str, FinanceurFunding]
    amounts: dict[str, Decimal]  # state → amount
    count: int
    as_of: dt.date | None  # the newest request, grant or payment date counted

    @property
    def committed(self) -> Decimal:
        return sum((self.amounts.get(s, Decimal(0)) for s in figures.COMMITTED), Decimal(0))


@dataclass
class ConsultationFigures:
    level: str
    campaigns: int  # campaigns opened on or before today
    answers: int
    as_of: dt.date | None  # the newest answer
    public_only: bool = False  # nothing shared: the campaigns whose results are published for everyone


@dataclass
class SynergyFigures:
    level: str
    implemented: int
    tonnes_diverted: float
    co2e_avoided_t: float
    as_of: dt.date | None  # the newest change to an implemented synergy


@dataclass
class EventFigures:
    level: str
    events_held: int  # events dated on or before today
    meetings_held: int  # business meetings marked as held
    participants: int  # registered companies of the events held, not marked absent
    as_of: dt.date | None  # the newest event held


@dataclass
class TerritoryRow:
    followed: Followed
    sharing: dict[str, str]  # kind → Level value
    contract: Contract | None
    plan: PlanProgress | None
    funding: FundingFigures | None
    consultation: ConsultationFigures | None
    synergies: SynergyFigures | None
    events: EventFigures | None
    last_update: dt.datetime | None  # newest entry of its history (or newest change to a project)

    @property
    def territory(self):
        return self.followed.territory

    @property
    def synthetic(self) -> bool:
        """A demo territory: its figures are synthetic and labelled so."""
        return self.followed.territory.is_demo
