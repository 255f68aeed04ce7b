"""The main indicators for many zones at once (all territories of a wave, all EPCI), from the warehouse.

One DuckDB aggregation brings jobs by (zone, A38 sector, year) for the two years of the period and the
establishment counts; the formulas are those of :mod:`indicators`, applied zone by zone.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from . import data
from .compute import indicators as ind


def main_indicators(con: duckdb.DuckDBPyConnection, kind: str, start: int, end: int,
                    scope: str = "industry", communes: list[str] | None = None) -> dict[str, dict]:  # fmt: skip
    """For every zone of ``kind`` ('epci', 'ti-1', 'ti-2'): jobs, industrial jobs and share, change and
    annual rate, LQ of industry and Krugman index against France, shift-share totals, establishments."""
    rows = data.jobs_by_zone(con, kind, [start, end], scope, communes)
    establishments = data.establishments_by_zone(con, kind, communes)
    national = data.national_jobs(con, [start, end], scope)
    jobs: dict[str, dict[tuple[int, bool], dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    france: dict[tuple[int, bool], dict[str, float]] = defaultdict(dict)
    for z, a38, year, in_scope, value in rows:
        if z is not None:
            jobs[z][(year, in_scope)][a38] = float(value or 0)
    for a38, year, in_scope, value in national:
        france[(year, in_scope)][a38] = float(value or 0)
    fr_end_scope, fr_start_scope = france[(end, True)], france[(start, True)]
    fr_all_end = ind.total(fr_end_scope) + ind.total(france[(end, False)])
    out: dict[str, dict] = {}
    for z, parts in jobs.items():
        end_scope, start_scope = parts.get((end, True), {}), parts.get((start, True), {})
        total_end = ind.total(end_scope) + ind.total(parts.get((end, False), {}))
        industry = ind.total(end_scope)
        growth = ind.Growth(ind.total(start_scope), industry, end - start)
        lq = ind.location_quotient(
            {"in": industry, "out": total_end - industry},
            {"in": ind.total(fr_end_scope), "out": fr_all_end - ind.total(fr_end_scope)},
        )["in"]
        shift = ind.shift_share_total(ind.shift_share(start_scope, end_scope, fr_start_scope, fr_end_scope))
        out[z] = {
            "jobs": total_end,
            "industry_jobs": industry,
            "industry_share": industry / total_end if total_end else None,
            "change": growth.change,
            "annual_rate": growth.annual_rate,
            "lq_industry": lq,
            "krugman": ind.krugman_index(end_scope, fr_end_scope),
            "shift_national": shift.national,
            "shift_mix": shift.mix,
            "shift_local": shift.local,
            "establishments": establishments.get(z, 0),
        }
    return out
