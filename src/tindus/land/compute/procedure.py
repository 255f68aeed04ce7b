"""The inventory's legal timeline (Code de l'urbanisme, art. L318-8-2), as plain date arithmetic.

The EPCI consults the owners and occupants of the zone's units for **30 days** from the day the draft is
sent (the deadline is that day + 30 days: answers dated up to it are taken); it then adopts the inventory
(deliberation), sends it to the bodies in charge of the SCoT, the PLU(i) and the PCAET, and **refreshes it at
least every six years** (due on the sixth anniversary of the adoption; 29 February → 28 February). Zones
existing on 24 August 2021 had to be inventoried within two years: :data:`FIRST_DEADLINE`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CONSULTATION_DAYS = 30
REFRESH_YEARS = 6
FIRST_DEADLINE = dt.date(2023, 8, 24)


def consultation_deadline(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=CONSULTATION_DAYS)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def refresh_due(adopted: dt.date) -> dt.date:
    return add_years(adopted, REFRESH_YEARS)


@dataclass(frozen=True)
class Timeline:
    consultation_start: dt.date | None = None
    adopted: dt.date | None = None
    transmitted: dt.date | None = None

    @property
    def consultation_deadline(self) -> dt.date | None:
        return consultation_deadline(self.consultation_start) if self.consultation_start else None

    @property
    def refresh_due(self) -> dt.date | None:
        return refresh_due(self.adopted) if self.adopted else None

    def stage(self, today: dt.date) -> str:
        """``draft``, ``consultation`` (open), ``consultation closed``, ``adopted``, ``transmitted``,
        ``refresh due``."""
        if self.adopted:
            if today >= refresh_due(self.adopted):
                return "refresh due"
            return "transmitted" if self.transmitted else "adopted"
        if self.consultation_start is None or today < self.consultation_start:
            return "draft"
        return "consultation" if today <= consultation_deadline(self.consultation_start) else "consultation closed"

    def days_left(self, today: dt.date) -> int | None:
        """Days left to answer the consultation (``None`` when none is open)."""
        if self.stage(today) != "consultation":
            return None
        return (self.consultation_deadline - today).days

    def may_adopt(self, today: dt.date) -> bool:
        """Adoption only after the consultation's 30 days."""
        return self.consultation_start is not None and today > consultation_deadline(self.consultation_start)
