"""Key industrial indicators side by side, read from each territory's own diagnostic report (no Django import).

A territory's figures are those of the « Comparison » table and the size table of its diagnostic page (the
report dict of ``tindus.diagnostic``), so that statistical secrecy is exactly the page's: a figure masked
there is ``"s"`` here. Ranks are taken on the published figures only (1 = highest; a masked figure has no
rank and takes no part in the others'), equal figures sharing a rank.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tindus.diagnostic.compute.indicators import rank

SECRET = "s"
# The key indicators, in the order of the tables, and their unit (the diagnostic's units: ``share`` and
# ``rate`` are fractions).
UNITS = {
    "industry_jobs": "jobs",
    "industry_share": "share",
    "change": "jobs",
    "annual_rate": "rate",
    "lq_industry": "index",
    "establishment_share": "share",
    "large_employers": "establishments",
}
INDICATORS = tuple(UNITS)
# Read from a row of the report's « Comparison » table (the zone's, the région's, France's); the others are
# SIRENE counts, the zone's from its key figures and size table.
COMPARED = ("industry_jobs", "industry_share", "change", "annual_rate", "lq_industry")
# SIRENE headcount bands of 50 employees or more (21: 50 to 99 … 53: 10 000 or more).
LARGE_BANDS = ("21", "22", "31", "32", "41", "42", "51", "52", "53")

Value = float | int | str | None


def large_employers(size_structure: Iterable[Mapping]) -> int | str:
    """Establishments with 50 employees or more, from the size table as published (``[{"code",
    "establishments"}]``): the sum of its bands of 50 or more, ``"s"`` when one of them is masked (the sum
    of published cells only, so it discloses nothing the table does not)."""
    cells = [row["establishments"] for row in size_structure if row["code"] in LARGE_BANDS]
    if SECRET in cells:
        return SECRET
    return int(sum(cells))


def comparison_row(report: Mapping, kind: str, code: str | None = None) -> Mapping | None:
    """The row of the report's « Comparison » table of that kind (``zone``, ``region``, ``france``)."""
    for row in report.get("comparison", []):
        if row.get("kind") == kind and (code is None or row.get("code") == code):
            return row
    return None


def values_of(row: Mapping | None) -> dict[str, Value] | None:
    """The key indicators of a « Comparison » row (the SIRENE counts are added by the caller)."""
    if row is None:
        return None
    return {key: row.get(key) for key in COMPARED}


def territory_values(report: Mapping) -> dict[str, Value]:
    """A territory's key indicators, as its diagnostic page shows them."""
    values = values_of(comparison_row(report, "zone")) or dict.fromkeys(COMPARED)
    figures = {figure["id"]: figure["value"] for figure in report.get("figures", [])}
    values["establishment_share"] = figures.get("share.industry_establishments")
    values["large_employers"] = large_employers(report.get("size_structure", []))
    return values


def establishment_share(in_scope: int, everything: int) -> float | None:
    """Share of the scope in active establishments, rounded as the report rounds it (4 decimals)."""
    return round(in_scope / everything, 4) if everything else None


def ranks(values: Mapping[object, Mapping[str, Value] | None]) -> dict[object, dict[str, dict | None]]:
    """For each row (key → its values, None when it has none) and indicator: ``{"position", "count",
    "tied"}`` among the rows whose figure is published, 1 = highest; None for a masked or missing figure."""
    out: dict[object, dict[str, dict | None]] = {key: {} for key in values}
    for indicator in INDICATORS:
        known = {
            key: float(row[indicator])
            for key, row in values.items()
            if row is not None and isinstance(row.get(indicator), int | float)
        }
        positions = {key: rank(known, key) for key in known}
        taken = [found[0] for found in positions.values() if found]
        for key in values:
            found = positions.get(key)
            out[key][indicator] = (
                {"position": found[0], "count": found[1], "tied": taken.count(found[0]) > 1} if found else None
            )
    return out
