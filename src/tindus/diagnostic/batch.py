"""The main indicators for many zones at once (all territories of a wave, all EPCI), from the warehouse.

One DuckDB aggregation brings jobs by (zone, A38 sector, year) for the two years of the period and the
establishment counts; the formulas are those of :mod:`indicators`, applied zone by zone.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from tindus.warehouse.store import aggregate_source

from . import indicators as ind
from .data import SCOPES


def zone_sql(kind: str, communes: list[str] | None = None) -> tuple[str, str]:
    """(join, zone column) mapping an employment or establishment row to its zone.

    ``kind``: 'epci', 'region', 'france', 'ti-1' / 'ti-2' (territories of a wave), or 'zone' (the given
    current ``communes`` as one zone named 'zone').
    """
    if kind == "epci":
        return "", "c.epci"
    if kind == "region":
        return "", "c.region"
    if kind == "france":
        return "", "'FR'"
    if kind == "zone":
        codes = ", ".join("'" + c.replace("'", "") + "'" for c in communes or [])
        return (
            f"JOIN (SELECT unnest([{codes}]::VARCHAR[]) AS current_code) tz ON tz.current_code = c.current_code",
            "'zone'",
        )
    wave = int(kind.split("-")[1])
    return (
        "JOIN (SELECT DISTINCT t.official_id, rc.current_code FROM ref_territory_commune t "
        f"JOIN ref_commune rc ON rc.code = t.commune WHERE t.wave = {wave}) tz ON tz.current_code = c.current_code",
        "tz.official_id",
    )


def _active_by_commune(con: duckdb.DuckDBPyConnection) -> str:
    """Active establishments by commune, counted once per connection (a report asks several times)."""
    try:
        con.execute("SELECT 1 FROM active_by_commune LIMIT 0")
    except duckdb.CatalogException:
        con.execute(
            "CREATE TEMP TABLE active_by_commune AS SELECT commune, count(*) FILTER (WHERE active) AS establishments "
            f"FROM {aggregate_source(con, 'agg_est_commune')} x GROUP BY 1"
        )
    return "active_by_commune"


def main_indicators(con: duckdb.DuckDBPyConnection, kind: str, start: int, end: int,
                    scope: str = "industry", communes: list[str] | None = None) -> dict[str, dict]:  # fmt: skip
    """For every zone of ``kind`` ('epci', 'ti-1', 'ti-2'): jobs, industrial jobs and share, change and
    annual rate, LQ of industry and Krugman index against France, shift-share totals, establishments."""
    join, zone = zone_sql(kind, communes)
    jobs_source = aggregate_source(con, "agg_jobs")
    active_source = _active_by_commune(con)
    sections = ", ".join(repr(s) for s in SCOPES[scope])
    rows = con.execute(
        f"""
        SELECT {zone} AS zone, a.a38, a.year, a.section IN ({sections}) AS in_scope, sum(a.jobs) AS jobs
        FROM {jobs_source} a JOIN ref_commune c ON c.code = a.commune {join}
        WHERE a.year IN (?, ?) GROUP BY ALL
        """,
        [start, end],
    ).fetchall()
    establishments = dict(
        con.execute(
            f"SELECT {zone}, sum(a.establishments) FROM {active_source} a "
            f"JOIN ref_commune c ON c.code = a.commune {join} GROUP BY 1"
        ).fetchall()
    )
    national = con.execute(
        f"""
        SELECT a38, year, section IN ({sections}) AS in_scope, sum(jobs) FROM {jobs_source}
        WHERE year IN (?, ?) GROUP BY ALL
        """,
        [start, end],
    ).fetchall()
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
