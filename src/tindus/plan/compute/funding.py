"""Funding summary of an action plan: who pays what, each year, and how much is self-funded.

Plain Python (no Django): rows in, totals and shares out. The porteur's own funds are the
self-funded part; every other financeur's money is aid.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

SELF = "self"


@dataclass(frozen=True)
class FundingRow:
    financeur: str
    year: int
    amount: Decimal
    state: str | None  # requested, granted, paid (None: not yet requested on the date looked at)


@dataclass
class FundingSummary:
    total: Decimal = Decimal(0)
    by_financeur: dict[str, Decimal] = field(default_factory=dict)
    by_year: dict[int, Decimal] = field(default_factory=dict)
    by_year_financeur: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    by_state: dict[str, Decimal] = field(default_factory=dict)

    @property
    def self_funded(self) -> Decimal:
        return self.by_financeur.get(SELF, Decimal(0))

    @property
    def aided(self) -> Decimal:
        return self.total - self.self_funded

    def share(self, amount: Decimal) -> float | None:
        return float(amount / self.total) if self.total else None

    def year_self_share(self, year: int) -> float | None:
        total = self.by_year.get(year, Decimal(0))
        return float(self.by_year_financeur.get((year, SELF), Decimal(0)) / total) if total else None

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)


def summarise(rows: list[FundingRow], states: set[str] | None = None) -> FundingSummary:
    """Totals of the rows whose state is in ``states`` (all known states when None)."""
    by_financeur: dict[str, Decimal] = defaultdict(Decimal)
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    by_year_financeur: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    by_state: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    for row in rows:
        if row.state is None or (states is not None and row.state not in states):
            continue
        total += row.amount
        by_financeur[row.financeur] += row.amount
        by_year[row.year] += row.amount
        by_year_financeur[(row.year, row.financeur)] += row.amount
        by_state[row.state] += row.amount
    return FundingSummary(
        total=total,
        by_financeur=dict(sorted(by_financeur.items(), key=lambda kv: -kv[1])),
        by_year=dict(sorted(by_year.items())),
        by_year_financeur=dict(by_year_financeur),
        by_state=dict(by_state),
    )
