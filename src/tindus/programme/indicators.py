"""The indicators a steering map can be coloured by (``?indicateur=``), read from a territory's row or from the
totals of a région.

Each returns a number, :data:`NOT_SHARED` when the territory withholds it (or no territory of the région shares
it), or None when there is nothing to measure (a share of no project).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .summary import TerritoryRow, Totals

NOT_SHARED = "not_shared"

SHARE, COUNT, EUROS, TONNES = "share", "count", "euros", "tonnes"


@dataclass(frozen=True)
class Indicator:
    key: str  # its value in the address (French, stable)
    label: Promise
    unit: str  # share, count, euros, tonnes
    kind: str  # the sharing kind it belongs to
    of_row: Callable[[TerritoryRow], Any]
    of_totals: Callable[[Totals], Any]


def _block(row: TerritoryRow, kind: str, read: Callable[[Any], Any]) -> Any:
    block = getattr(row, {"governance": "contract"}.get(kind, kind))
    return NOT_SHARED if block is None else read(block)


def _totals(totals: Totals, kind: str, read: Callable[[Totals], Any]) -> Any:
    if not totals.in_use:
        return None
    return NOT_SHARED if not totals.sharing[kind] else read(totals)


def _late(plan) -> Any:
    return NOT_SHARED if plan.late_milestones is None else plan.late_milestones


def _indicator(key: str, label: Promise, unit: str, kind: str, row: Callable, totals: Callable) -> Indicator:
    return Indicator(key, label, unit, kind, lambda r: _block(r, kind, row), lambda t: _totals(t, kind, totals))


INDICATORS = [
    _indicator("projets-engages", _("share of projects started"), SHARE, "plan",
               lambda b: b.share_started, lambda t: t.share_started),
    _indicator("projets-acheves", _("share of projects completed"), SHARE, "plan",
               lambda b: b.share_completed, lambda t: t.share_completed),
    _indicator("jalons-en-retard", _("late milestones"), COUNT, "plan", _late, lambda t: t.late_milestones),
    _indicator("financements-engages", _("funding committed (granted or paid)"), EUROS, "funding",
               lambda b: b.committed, lambda t: t.committed),
    _indicator("comites-12-mois", _("committees held in the last 12 months"), COUNT, "governance",
               lambda b: b.committees_12m, lambda t: t.committees_12m),
    _indicator("reponses-consultation", _("consultation answers"), COUNT, "consultation",
               lambda b: b.answers, lambda t: t.answers),
    _indicator("synergies-realisees", _("synergies implemented"), COUNT, "synergies",
               lambda b: b.implemented, lambda t: t.synergies),
    _indicator("co2e-evite", _("CO2e avoided per year (t)"), TONNES, "synergies",
               lambda b: b.co2e_avoided_t, lambda t: t.co2e_avoided_t),
    _indicator("evenements", _("events held"), COUNT, "events", lambda b: b.events_held, lambda t: t.events_held),
]  # fmt: skip
BY_KEY = {i.key: i for i in INDICATORS}
DEFAULT = INDICATORS[0]


def chosen(key: str | None) -> Indicator:
    """The indicator named in the address; the default one for a missing or unknown name."""
    return BY_KEY.get(key or "", DEFAULT)
