"""What the diagnostic reads from the warehouse (DuckDB), as plain vectors. No Django import.

A zone is a list of current commune codes (``None`` means France). Industry is NAF sections B to E
(``scope="industry"``) or manufacturing only (``scope="manufacturing"``, section C).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import duckdb

from tindus.warehouse.store import aggregate_source

# While a report is built, the zone's establishments and employment rows are copied once into
# temporary tables, and every zone query reads them instead of scanning the national tables.
_ZONE_TABLES: ContextVar[tuple[str, str] | None] = ContextVar("zone_tables", default=None)
_ZONE_CODES: ContextVar[list[str] | None] = ContextVar("zone_codes", default=None)


@contextmanager
def zone_tables(con: duckdb.DuckDBPyConnection, communes: Sequence[str]) -> Iterator[None]:
    # Every code (current, former, delegated) of the zone's communes, so that the scans filter one column.
    codes = [
        r[0]
        for r in con.execute(
            "SELECT code FROM ref_commune WHERE current_code IN (SELECT unnest(?::VARCHAR[]))", [list(communes)]
        ).fetchall()
    ]
    zone = "SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS code) z ON z.code = t.commune"
    # The copy stored by commune when the warehouse has it (every import keeps it), else the stock itself.
    source = aggregate_source(con, "agg_est_commune")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE zone_establishment AS SELECT commune, naf, size_band, active, created, "
        f"state_since FROM {source} t {zone}",
        [codes],
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE zone_employment AS SELECT * FROM employment t {zone}", [codes])
    token = _ZONE_TABLES.set(("zone_establishment", "zone_employment"))
    codes_token = _ZONE_CODES.set(codes)
    try:
        yield
    finally:
        _ZONE_TABLES.reset(token)
        _ZONE_CODES.reset(codes_token)
        con.execute("DROP TABLE IF EXISTS zone_establishment; DROP TABLE IF EXISTS zone_employment")


def _est(communes) -> str:
    tables = _ZONE_TABLES.get()
    return tables[0] if tables and communes is not None else "establishment"


def _emp(communes) -> str:
    tables = _ZONE_TABLES.get()
    return tables[1] if tables and communes is not None else "employment"


SCOPES = {"industry": ("B", "C", "D", "E"), "manufacturing": ("C",)}
LEVELS = ("section", "division", "a10", "a17", "a38", "a88", "naf")
# Lower and upper bounds of the SIRENE headcount bands, and the midpoint used to estimate sizes.
BANDS = {
    "01": (1, 2), "02": (3, 5), "03": (6, 9), "11": (10, 19), "12": (20, 49), "21": (50, 99), "22": (100, 199),
    "31": (200, 249), "32": (250, 499), "41": (500, 999), "42": (1000, 1999), "51": (2000, 4999),
    "52": (5000, 9999), "53": (10000, 10000),
}  # fmt: skip
BAND_LOW = "CASE e.size_band " + " ".join(f"WHEN '{b}' THEN {lo}" for b, (lo, _hi) in BANDS.items()) + " ELSE 0 END"
BAND_MID = (
    "CASE size_band " + " ".join(f"WHEN '{b}' THEN {(lo + hi) / 2}" for b, (lo, hi) in BANDS.items()) + " ELSE 0 END"
)


def _where(communes: Sequence[str] | None, column: str) -> tuple[str, list]:
    if communes is None:
        return "TRUE", []
    return f"{column} IN (SELECT unnest(?::VARCHAR[]))", [list(communes)]


def _scope(scope: str | None, column: str = "section") -> str:
    if not scope:
        return "TRUE"
    return f"{column} IN ({', '.join(repr(s) for s in SCOPES[scope])})"


def territory_communes(con: duckdb.DuckDBPyConnection, slug: str) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT c.current_code FROM ref_territory_commune t JOIN ref_commune c ON c.code = t.commune "
        "WHERE t.territory_slug = ? ORDER BY 1",
        [slug],
    ).fetchall()
    return [r[0] for r in rows]


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM employment ORDER BY 1").fetchall()]


def jobs_by(con, communes, level: str, year: int, scope: str | None = None) -> dict[str, float]:
    """Private salaried jobs (URSSAF) of a zone by sector ``level`` in ``year``."""
    assert level in LEVELS
    where, params = _where(communes, "c.current_code")
    rows = con.execute(
        f"SELECT n.{level}, sum(m.jobs) FROM {_emp(communes)} m JOIN ref_commune c ON c.code = m.commune "
        f"JOIN ref_naf n ON n.naf = m.naf WHERE m.year = ? AND {where} AND {_scope(scope, 'n.section')} GROUP BY 1",
        [year, *params],
    ).fetchall()
    return {k: float(v or 0) for k, v in rows}


def jobs_series(con, communes, scope: str | None = None) -> dict[int, float]:
    where, params = _where(communes, "c.current_code")
    rows = con.execute(
        f"SELECT m.year, sum(m.jobs) FROM {_emp(communes)} m JOIN ref_commune c ON c.code = m.commune "
        f"JOIN ref_naf n ON n.naf = m.naf WHERE {where} AND {_scope(scope, 'n.section')} GROUP BY 1 ORDER BY 1",
        params,
    ).fetchall()
    return {int(y): float(v or 0) for y, v in rows}


def establishments_by(con, communes, level: str, scope: str | None = None) -> dict[str, float]:
    """Active establishments (SIRENE) of a zone by sector ``level``."""
    assert level in LEVELS
    where, params = _where(communes, "c.current_code")
    rows = con.execute(
        f"SELECT n.{level}, count(*) FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune "
        f"JOIN ref_naf n ON n.naf = e.naf WHERE e.active AND {where} AND {_scope(scope, 'n.section')} GROUP BY 1",
        params,
    ).fetchall()
    return {k: float(v) for k, v in rows}


def cells_by_epci(con, communes, level: str, year: int, scope: str | None) -> list[tuple]:
    """For the sector × EPCI table: (epci, sector, jobs, URSSAF establishments, largest SIRENE band floor)."""
    where, params = _where(communes, "c.current_code")
    return con.execute(
        f"""
        WITH jobs AS (
            SELECT c.epci, n.{level} AS sector, sum(m.jobs) AS jobs, sum(m.establishments) AS units
            FROM {_emp(communes)} m JOIN ref_commune c ON c.code = m.commune JOIN ref_naf n ON n.naf = m.naf
            WHERE m.year = ? AND {where} AND {_scope(scope, "n.section")} GROUP BY 1, 2
        ), largest AS (
            SELECT c.epci, n.{level} AS sector, max({BAND_LOW}) AS largest
            FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune JOIN ref_naf n ON n.naf = e.naf
            WHERE e.active AND {where} GROUP BY 1, 2
        )
        SELECT j.epci, j.sector, j.jobs, j.units, coalesce(l.largest, 0)
        FROM jobs j LEFT JOIN largest l USING (epci, sector)
        """,
        [year, *params, *params],
    ).fetchall()


def establishment_sizes(con, communes, scope: str | None = None) -> list[float]:
    """Estimated headcount (band midpoint) of every active employer establishment of the zone."""
    where, params = _where(communes, "c.current_code")
    rows = con.execute(
        f"SELECT {BAND_MID} FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune "
        f"JOIN ref_naf n ON n.naf = e.naf WHERE e.active AND {where} AND {_scope(scope, 'n.section')} "
        f"AND e.size_band IN ({', '.join(repr(b) for b in BANDS)})",
        params,
    ).fetchall()
    return [float(r[0]) for r in rows]


def top_employers(con, communes, limit: int = 10, scope: str | None = None) -> list[dict]:
    """The largest active establishments by headcount band (SIRENE is public: names may be shown)."""
    codes = _ZONE_CODES.get() if communes is not None else None
    if communes is not None and codes is None:
        codes = [r[0] for r in con.execute(
            "SELECT code FROM ref_commune WHERE current_code IN (SELECT unnest(?::VARCHAR[]))", [list(communes)]
        ).fetchall()]  # fmt: skip
    zone = "SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS code) z ON z.code = e.commune" if codes is not None else ""
    params = [codes] if codes is not None else []
    employers = f"e.size_band IN ({', '.join(repr(b) for b in BANDS)})"
    # Active employers are kept stored by commune by every import; older warehouses read the stock.
    source = aggregate_source(con, "agg_employers")
    in_scope = f"e.naf IN (SELECT naf FROM ref_naf n WHERE {_scope(scope, 'n.section')})"
    # First the few largest establishments of the zone, then their labels and legal-unit names.
    cursor = con.execute(
        f"""
        WITH top AS (
            SELECT e.siret, e.siren, e.name, e.commune, e.naf, e.size_band, e.public, {BAND_LOW} AS band_low
            FROM {source} e {zone}
            WHERE {employers} AND {in_scope}
            ORDER BY band_low DESC, e.siret LIMIT ?
        )
        SELECT t.siret,
               CASE WHEN t.public THEN coalesce(t.name, (SELECT any_value(u.name) FROM legal_unit u
                                                         WHERE u.siren = t.siren)) END AS name,
               c.name AS commune, t.naf, n.label AS naf_label, t.size_band, t.band_low, t.public
        FROM top t JOIN ref_commune c ON c.code = t.commune JOIN ref_naf n ON n.naf = t.naf
        ORDER BY t.band_low DESC, t.siret
        """,
        [*params, limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def size_structure(con, communes) -> dict[str, int]:
    where, params = _where(communes, "c.current_code")
    rows = con.execute(
        f"SELECT coalesce(size_band, 'NN'), count(*) FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune "
        f"WHERE e.active AND {where} GROUP BY 1",
        params,
    ).fetchall()
    return {band: n for band, n in rows}


def demography(con, communes, first_year: int, last_year: int) -> list[tuple[int, int, int, int]]:
    """(year, creations, closures, active at the end of the previous year) for each year."""
    where, params = _where(communes, "c.current_code")
    return con.execute(
        f"""
        WITH z AS (SELECT e.* FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune WHERE {where})
        SELECT y.year,
               (SELECT count(*) FROM z WHERE year(created) = y.year),
               (SELECT count(*) FROM z WHERE NOT active AND year(state_since) = y.year),
               (SELECT count(*) FROM z WHERE created <= make_date(y.year - 1, 12, 31)
                  AND (active OR state_since > make_date(y.year - 1, 12, 31)))
        FROM range(?, ? + 1) y(year) ORDER BY 1
        """,
        [*params, first_year, last_year],
    ).fetchall()


def ages(con, communes, at_year: int) -> list[float]:
    where, params = _where(communes, "c.current_code")
    rows = con.execute(
        f"SELECT {at_year} - year(created) FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune "
        f"WHERE e.active AND {where} AND created IS NOT NULL",
        params,
    ).fetchall()
    return [float(r[0]) for r in rows]


def provenance(con) -> dict[str, dict]:
    rows = con.execute(
        "SELECT dataset, source, vintage, synthetic FROM import_log WHERE id IN "
        "(SELECT max(id) FROM import_log GROUP BY dataset)"
    ).fetchall()
    return {d: {"source": s, "vintage": v, "synthetic": bool(syn)} for d, s, v, syn in rows}


def coverage(con) -> list[str]:
    """The départements the URSSAF series covers (all of France once the national file is imported)."""
    rows = con.execute(
        f"SELECT DISTINCT c.departement FROM {aggregate_source(con, 'agg_jobs')} a "
        "JOIN ref_commune c ON c.code = a.commune ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def cells_by_naf(con, communes, year: int, scope: str | None) -> list[tuple]:
    """For each NAF sous-classe of the zone: (naf, jobs, URSSAF establishments, largest SIRENE band floor)."""
    where, params = _where(communes, "c.current_code")
    return con.execute(
        f"""
        WITH jobs AS (
            SELECT m.naf, sum(m.jobs) AS jobs, sum(m.establishments) AS units
            FROM {_emp(communes)} m JOIN ref_commune c ON c.code = m.commune JOIN ref_naf n ON n.naf = m.naf
            WHERE m.year = ? AND {where} AND {_scope(scope, "n.section")} GROUP BY 1
        ), largest AS (
            SELECT e.naf, max({BAND_LOW}) AS largest FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune
            WHERE e.active AND {where} GROUP BY 1
        )
        SELECT j.naf, j.jobs, j.units, coalesce(l.largest, 0) FROM jobs j LEFT JOIN largest l USING (naf)
        """,
        [year, *params, *params],
    ).fetchall()


def industry_by(con, communes, year: int, scope: str, zone: str = "commune") -> list[tuple]:
    """(zone id, all jobs, scope jobs, scope URSSAF establishments, largest SIRENE band floor in scope)
    for each commune (``zone="commune"``) or EPCI (``zone="epci"``) of the zone."""
    where, params = _where(communes, "c.current_code")
    key = "c.current_code" if zone == "commune" else "c.epci"
    return con.execute(
        f"""
        WITH jobs AS (
            SELECT {key} AS zone, sum(m.jobs) AS jobs,
                   sum(m.jobs) FILTER (WHERE {_scope(scope, "n.section")}) AS scope_jobs,
                   sum(m.establishments) FILTER (WHERE {_scope(scope, "n.section")}) AS units
            FROM {_emp(communes)} m JOIN ref_commune c ON c.code = m.commune JOIN ref_naf n ON n.naf = m.naf
            WHERE m.year = ? AND {where} GROUP BY 1
        ), largest AS (
            SELECT {key} AS zone, max({BAND_LOW}) AS largest
            FROM {_est(communes)} e JOIN ref_commune c ON c.code = e.commune JOIN ref_naf n ON n.naf = e.naf
            WHERE e.active AND {where} AND {_scope(scope, "n.section")} GROUP BY 1
        )
        SELECT j.zone, j.jobs, coalesce(j.scope_jobs, 0), coalesce(j.units, 0), coalesce(l.largest, 0)
        FROM jobs j LEFT JOIN largest l USING (zone)
        """,
        [year, *params, *params],
    ).fetchall()
