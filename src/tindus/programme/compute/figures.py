"""The arithmetic of the steering's figures: shares, a funding's state on a day, sums over territories.

Plain Python, no Django import: :mod:`tindus.programme.summary` reads the rows, this module adds them up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

STARTED = ("in_progress", "done")  # project statuses counted as started
DONE = ("done",)
STATES = ("requested", "granted", "paid")  # a funding's states, in the order it goes through them
COMMITTED = ("granted", "paid")  # money committed by the financeur: granted, then paid
COMMITTEE_WINDOW_DAYS = 365


def share(part: int, whole: int) -> float | None:
    """``part / whole`` as a fraction, None when there is nothing to divide by."""
    return part / whole if whole else None


def funding_state(
    day: dt.date, requested_on: dt.date, granted_on: dt.date | None, paid_on: dt.date | None
) -> str | None:
    """The state of a funding on ``day`` (the rule of ``plan.Funding.state_on``); None before it was requested."""
    if paid_on and paid_on <= day:
        return "paid"
    if granted_on and granted_on <= day:
        return "granted"
    if requested_on <= day:
        return "requested"
    return None


def committee_window_start(today: dt.date) -> dt.date:
    """Committees held after this day (excluded) and up to ``today`` count as held in the last 12 months."""
    return today - dt.timedelta(days=COMMITTEE_WINDOW_DAYS)


def newest(dates: Iterable[dt.date | dt.datetime | None]) -> dt.date | None:
    """The newest of some dates (datetimes count by their day), None when there is none."""
    days = [d.date() if isinstance(d, dt.datetime) else d for d in dates if d is not None]
    return max(days) if days else None


def add_amounts(target: dict[str, Decimal], source: dict[str, Decimal]) -> None:
    for key, value in source.items():
        target[key] = target.get(key, Decimal(0)) + value


def sum_optional(values: Iterable[int | float | Decimal | None]) -> int | float | Decimal | None:
    """The sum of the known values; None when none is known (every territory withheld it)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None
