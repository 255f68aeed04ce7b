"""Are the warehouse's sources still the latest? SIRENE is published every month, the URSSAF series every
year: once the release after the one the warehouse holds is due (plus ``TINDUS_DATA_STALE_DAYS``), the
data page (``warehouse:provenance``) says so and the daily task
``tindus.diagnostic.tasks.check_data_freshness`` logs a warning, both naming the command to run.

A computation core (no Django): the warehouse's import log in, the verdict out.

Synthetic imports (demo, tests) are not checked: there is nothing newer to fetch for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# (source, datasets of the import log, command that fetches a newer release)
SOURCES = (
    ("SIRENE", ("sirene-etablissements",), "tindus data fetch sirene --import"),
    ("URSSAF", ("urssaf-commune-ape", "urssaf-epci-ape"), "tindus data fetch urssaf --import"),
)


@dataclass(frozen=True)
class Freshness:
    source: str
    vintage: str
    next_due: dt.date  # when the release after this vintage is published, give or take a few days
    stale: bool
    command: str


def next_release(source: str, vintage: str) -> dt.date | None:
    """When the release following ``vintage`` is expected.

    A SIRENE stock holds the changes INSEE processed until the end of a month (vintage ``YYYY-MM``) and is
    published at the start of the next month: the following one, a month later. The URSSAF series of
    year Y is published in the first half of Y+1: the one of Y+1, by July of Y+2.
    """
    try:
        if source == "SIRENE":
            year, month = (int(part) for part in vintage[:7].split("-"))
            month += 2
            return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return dt.date(int(vintage[:4]) + 2, 7, 1)
    except ValueError:
        return None


def freshness(imports: list[dict], today: dt.date, grace_days: int) -> list[Freshness]:
    """For each source the warehouse holds real data of: its newest vintage and whether it is stale."""
    found = []
    for source, datasets, command in SOURCES:
        vintages = [row["vintage"] for row in imports
                    if row["dataset"] in datasets and not row["synthetic"] and row["vintage"]]  # fmt: skip
        if not vintages:
            continue
        vintage = max(vintages)
        due = next_release(source, vintage)
        if due is None:
            continue
        found.append(Freshness(source, vintage, due, today > due + dt.timedelta(days=grace_days), command))
    return found
