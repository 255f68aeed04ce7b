"""Every warehouse query of the diagnostic (DuckDB SQL lives here and nowhere else in the app).

Jobs and employer establishments come from the URSSAF series, establishments, their size bands and
names from SIRENE. Zones are lists of current commune codes (COG of the warehouse's reference
tables). Each function takes what it reads as arguments: a connection, and for a zone a
:class:`ZoneRows` made once by :func:`zone_rows`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

from tindus.warehouse.store import aggregate_source

SCOPES = {"industry": ("B", "C", "D", "E"), "manufacturing": ("C",)}
LEVELS = ("section", "division", "a10", "a17", "a38", "a88", "naf")
# Lower and upper bounds of the SIRENE headcount bands; the midpoint estimates an establishment's size.
BANDS = {
    "01": (1, 2), "02": (3, 5), "03": (6, 9), "11": (10, 19), "12": (20, 49), "21": (50, 99), "22": (100, 199),
    "31": (200, 249), "32": (250, 499), "41": (500, 999), "42": (1000, 1999), "51": (2000, 4999),
    "52": (5000, 9999), "53": (10000, 10000),
}  # fmt: skip
BAND_LOW = "CASE e.size_band " + " ".join(f"WHEN '{b}' THEN {lo}" for b, (lo, _hi) in BANDS.items()) + " ELSE 0 END"
BAND_MID = (
    "CASE size_band " + " ".join(f"WHEN '{b}' THEN {(lo + hi) / 2}" for b, (lo, hi) in BANDS.items()) + " ELSE 0 END"
)
EMPLOYER_BANDS = f"({', '.join(repr(b) for b in BANDS)})"


def _scope(scope: str | None, column: str = "n.section") -> str:
    if not scope:
        return "TRUE"
    return f"{column} IN ({', '.join(repr(s) for s in SCOPES[scope])})"


# --- the warehouse as a whole -------------------------------------------------------------------------


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM employment ORDER BY 1").fetchall()]


def provenance(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    rows = con.execute(
        "SELECT dataset, source, vintage, synthetic FROM import_log WHERE id IN "
        "(SELECT max(id) FROM import_log GROUP BY dataset)"
    ).fetchall()
    return {d: {"source": s, "vintage": v, "synthetic": bool(syn)} for d, s, v, syn in rows}


def coverage(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The départements the URSSAF series covers (all of France once the national file is imported)."""
    rows = con.execute(
        f"SELECT DISTINCT c.departement FROM {aggregate_source(con, 'agg_jobs')} a "
        "JOIN ref_commune c ON c.code = a.commune ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def state(con: duckdb.DuckDBPyConnection) -> str:
    """A fingerprint of what the warehouse holds: its imports and its reference tables."""
    row = con.execute(
        """
        SELECT (SELECT coalesce(max(id), 0) FROM import_log),
               (SELECT count(*) || '-' || coalesce(sum(hash(code, current_code, epci, region)), 0) FROM ref_commune),
               (SELECT count(*) || '-' || coalesce(sum(hash(territory_slug, commune)), 0) FROM ref_territory_commune),
               (SELECT count(*) || '-' || coalesce(sum(hash(naf, a38, section)), 0) FROM ref_naf)
        """
    ).fetchone()
    return "-".join(str(v) for v in row)


def current_codes(con: duckdb.DuckDBPyConnection, codes: Sequence[str]) -> list[str]:
    """The current communes (COG of the warehouse) that the given codes of any vintage belong to."""
    rows = con.execute(
        "SELECT DISTINCT current_code FROM ref_commune WHERE code IN (SELECT unnest(?::VARCHAR[]))", [list(codes)]
    ).fetchall()
    return sorted(r[0] for r in rows)


def commune_places(con: duckdb.DuckDBPyConnection, communes: Sequence[str]) -> list[tuple[str, str, str, str, str]]:
    """(current code, name, EPCI SIREN, département, région) of the given current communes."""
    return con.execute(
        "SELECT DISTINCT current_code, name, epci, departement, region FROM ref_commune "
        "WHERE code = current_code AND current_code IN (SELECT unnest(?::VARCHAR[])) ORDER BY 1",
        [list(communes)],
    ).fetchall()


def epci_sizes(con: duckdb.DuckDBPyConnection, sirens: Sequence[str]) -> dict[str, int]:
    """Number of current communes of each EPCI."""
    rows = con.execute(
        "SELECT epci, count(DISTINCT current_code) FROM ref_commune WHERE epci IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY 1",
        [list(sirens)],
    ).fetchall()
    return dict(rows)


def former_codes(con: duckdb.DuckDBPyConnection, codes: Sequence[str]) -> list[tuple[str, str]]:
    """(given code, current code) for each given code that the warehouse's COG has merged into another."""
    return con.execute(
        "SELECT code, current_code FROM ref_commune WHERE code IN (SELECT unnest(?::VARCHAR[])) "
        "AND code <> current_code ORDER BY 1",
        [list(codes)],
    ).fetchall()


# --- the publication system of the official geographies (inputs of the protection) --------------------


def system_communes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, list[str]]]:
    """(current commune, EPCI, région, département, official territories "wave:id") of every covered commune.

    Territories reaching outside the covered départements are left out: their reports are not published.
    """
    covered = coverage(con)
    return con.execute(
        """
        WITH places AS (
            SELECT DISTINCT current_code, epci, region, departement FROM ref_commune
            WHERE code = current_code AND departement IN (SELECT unnest(?::VARCHAR[]))
        ), members AS (
            SELECT DISTINCT t.wave || ':' || t.official_id AS territory, c.current_code, c.departement
            FROM ref_territory_commune t JOIN ref_commune c ON c.code = t.commune
            WHERE t.official_id IS NOT NULL AND t.official_id <> ''
        ), complete AS (
            SELECT territory FROM members GROUP BY 1
            HAVING bool_and(departement IN (SELECT unnest(?::VARCHAR[])))
        )
        SELECT p.current_code, p.epci, p.region, p.departement,
               coalesce(list(m.territory ORDER BY m.territory) FILTER (WHERE m.territory IS NOT NULL), [])
        FROM places p LEFT JOIN members m ON m.current_code = p.current_code
             AND m.territory IN (SELECT territory FROM complete)
        GROUP BY ALL ORDER BY 1
        """,
        [covered, covered],
    ).fetchall()


def naf_rows(con: duckdb.DuckDBPyConnection, scope: str = "industry") -> list[tuple[str, str, str, str, str, str]]:
    """(sous-classe, section, division, A10, A17, A38) of every sous-classe of the scope."""
    return con.execute(
        f"SELECT naf, section, division, a10, a17, a38 FROM ref_naf n WHERE {_scope(scope)} ORDER BY 1"
    ).fetchall()


def atom_rows(con: duckdb.DuckDBPyConnection, years: Sequence[int], communes: Sequence[str] | None = None, *,
              detail: bool = True) -> list[tuple[int, str, str, float, int, float]]:  # fmt: skip
    """(year, current commune, code, jobs, employer establishments, largest one's estimated jobs).

    ``code`` is the sous-classe for the industry scope (sections B to E) and 'OTHER' for the rest of
    the jobs; with ``detail=False`` it is 'TOTAL' (the scope) or 'OTHER'. Jobs and establishments are
    URSSAF's. The size of an establishment is estimated once, the same way for every table: the
    midpoint of its SIRENE headcount band, capped at the URSSAF jobs of its commune × sous-classe (a
    SIRENE band never outweighs what URSSAF counts, and an establishment where URSSAF counts no job
    weighs nothing); where SIRENE knows none of the cell's employers, each of URSSAF's establishments
    is taken as an equal share.
    """
    zone = "" if communes is None else "AND c.current_code IN (SELECT unnest(?::VARCHAR[]))"
    params = [] if communes is None else [list(communes)]
    code = "x.naf" if detail else "'TOTAL'"
    return con.execute(
        f"""
        WITH cells AS (
            SELECT m.year, c.current_code AS commune, m.naf, sum(m.jobs) AS jobs, sum(m.establishments) AS units
            FROM employment m JOIN ref_commune c ON c.code = m.commune
            WHERE m.year IN (SELECT unnest(?::INTEGER[])) {zone} GROUP BY 1, 2, 3
        ), sizes AS (
            SELECT c.current_code AS commune, e.naf, max({BAND_MID}) AS largest_band
            FROM {aggregate_source(con, "agg_employers")} e JOIN ref_commune c ON c.code = e.commune
            WHERE e.size_band IN {EMPLOYER_BANDS} {zone} GROUP BY 1, 2
        ), estimated AS (
            SELECT x.year, x.commune, CASE WHEN {_scope("industry")} THEN {code} ELSE 'OTHER' END AS code,
                   x.jobs, x.units,
                   CASE WHEN s.largest_band IS NOT NULL THEN least(s.largest_band, x.jobs)
                        WHEN x.units > 0 THEN x.jobs / x.units ELSE 0 END AS largest
            FROM cells x JOIN ref_naf n ON n.naf = x.naf LEFT JOIN sizes s ON s.commune = x.commune AND s.naf = x.naf
        )
        SELECT year, commune, code, sum(jobs), sum(units), max(largest) FROM estimated GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        """,
        [list(years), *params, *params],
    ).fetchall()


# --- one zone ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneRows:
    """A zone's communes and the temporary tables holding its establishments, read by the zone queries."""

    communes: tuple[str, ...]
    codes: tuple[str, ...]  # every code (current, former, delegated) of those communes
    establishments: str


@contextmanager
def zone_rows(con: duckdb.DuckDBPyConnection, communes: Sequence[str]) -> Iterator[ZoneRows]:
    """Copy the zone's establishments once, so that each zone query reads a few rows, not the stock."""
    codes = [
        r[0]
        for r in con.execute(
            "SELECT code FROM ref_commune WHERE current_code IN (SELECT unnest(?::VARCHAR[]))", [list(communes)]
        ).fetchall()
    ]
    source = aggregate_source(con, "agg_est_commune")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE zone_establishment AS SELECT commune, naf, size_band, active, created, "
        f"state_since FROM {source} t SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS code) z ON z.code = t.commune",
        [codes],
    )
    try:
        yield ZoneRows(tuple(communes), tuple(codes), "zone_establishment")
    finally:
        con.execute("DROP TABLE IF EXISTS zone_establishment")


def establishments_by(con: duckdb.DuckDBPyConnection, zone: ZoneRows, level: str,
                      scope: str | None = None) -> dict[str, float]:  # fmt: skip
    """Active establishments (SIRENE) of a zone by sector ``level``."""
    assert level in LEVELS
    rows = con.execute(
        f"SELECT n.{level}, count(*) FROM {zone.establishments} e JOIN ref_naf n ON n.naf = e.naf "
        f"WHERE e.active AND {_scope(scope)} GROUP BY 1"
    ).fetchall()
    return {k: float(v) for k, v in rows}


def establishment_sizes(con: duckdb.DuckDBPyConnection, zone: ZoneRows, scope: str | None = None) -> list[float]:
    """Estimated headcount (band midpoint) of every active employer establishment of the zone."""
    rows = con.execute(
        f"SELECT {BAND_MID} FROM {zone.establishments} e JOIN ref_naf n ON n.naf = e.naf "
        f"WHERE e.active AND {_scope(scope)} AND e.size_band IN {EMPLOYER_BANDS}"
    ).fetchall()
    return [float(r[0]) for r in rows]


def size_structure(con: duckdb.DuckDBPyConnection, zone: ZoneRows) -> dict[str, int]:
    rows = con.execute(
        f"SELECT coalesce(size_band, 'NN'), count(*) FROM {zone.establishments} e WHERE e.active GROUP BY 1"
    ).fetchall()
    return {band: n for band, n in rows}


def demography(con: duckdb.DuckDBPyConnection, zone: ZoneRows, first_year: int,
               last_year: int) -> list[tuple[int, int, int, int]]:  # fmt: skip
    """(year, creations, closures, active at the end of the previous year) for each year."""
    return con.execute(
        f"""
        WITH z AS (SELECT * FROM {zone.establishments})
        SELECT y.year,
               (SELECT count(*) FROM z WHERE year(created) = y.year),
               (SELECT count(*) FROM z WHERE NOT active AND year(state_since) = y.year),
               (SELECT count(*) FROM z WHERE created <= make_date(y.year - 1, 12, 31)
                  AND (active OR state_since > make_date(y.year - 1, 12, 31)))
        FROM range(?, ? + 1) y(year) ORDER BY 1
        """,
        [first_year, last_year],
    ).fetchall()


def ages(con: duckdb.DuckDBPyConnection, zone: ZoneRows, at_year: int) -> list[float]:
    rows = con.execute(
        f"SELECT {at_year} - year(created) FROM {zone.establishments} e WHERE e.active AND created IS NOT NULL"
    ).fetchall()
    return [float(r[0]) for r in rows]


def top_employers(con: duckdb.DuckDBPyConnection, zone: ZoneRows, limit: int = 10,
                  scope: str | None = None) -> list[dict]:  # fmt: skip
    """The largest active establishments by headcount band (SIRENE is public: names may be shown)."""
    source = aggregate_source(con, "agg_employers")
    in_scope = f"e.naf IN (SELECT naf FROM ref_naf n WHERE {_scope(scope)})"
    cursor = con.execute(
        f"""
        WITH top AS (
            SELECT e.siret, e.siren, e.name, e.commune, e.naf, e.size_band, e.public, {BAND_LOW} AS band_low
            FROM {source} e SEMI JOIN (SELECT unnest(?::VARCHAR[]) AS code) z ON z.code = e.commune
            WHERE e.size_band IN {EMPLOYER_BANDS} AND {in_scope}
            ORDER BY band_low DESC, e.siret LIMIT ?
        )
        SELECT t.siret,
               CASE WHEN t.public THEN coalesce(t.name, (SELECT any_value(u.name) FROM legal_unit u
                                                         WHERE u.siren = t.siren)) END AS name,
               c.name AS commune, t.naf, n.label AS naf_label, t.size_band, t.band_low, t.public
        FROM top t JOIN ref_commune c ON c.code = t.commune JOIN ref_naf n ON n.naf = t.naf
        ORDER BY t.band_low DESC, t.siret
        """,
        [list(zone.codes), limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# --- many zones at once (the batch of bench/diagnostic.py) ----------------------------------------------


def zone_sql(kind: str, communes: Sequence[str] | None = None) -> tuple[str, str]:
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


def jobs_by_zone(con: duckdb.DuckDBPyConnection, kind: str, years: Sequence[int], scope: str,
                 communes: Sequence[str] | None = None) -> list[tuple]:  # fmt: skip
    """(zone, A38, year, in scope, jobs) for every zone of ``kind``."""
    join, zone = zone_sql(kind, communes)
    return con.execute(
        f"""
        SELECT {zone} AS zone, a.a38, a.year, {_scope(scope, "a.section")} AS in_scope, sum(a.jobs) AS jobs
        FROM {aggregate_source(con, "agg_jobs")} a JOIN ref_commune c ON c.code = a.commune {join}
        WHERE a.year IN (SELECT unnest(?::INTEGER[])) GROUP BY ALL
        """,
        [list(years)],
    ).fetchall()


def national_jobs(con: duckdb.DuckDBPyConnection, years: Sequence[int], scope: str) -> list[tuple]:
    """(A38, year, in scope, jobs) of the whole warehouse."""
    return con.execute(
        f"""
        SELECT a38, year, {_scope(scope, "section")} AS in_scope, sum(jobs) FROM {aggregate_source(con, "agg_jobs")}
        WHERE year IN (SELECT unnest(?::INTEGER[])) GROUP BY ALL
        """,
        [list(years)],
    ).fetchall()


def establishments_by_zone(con: duckdb.DuckDBPyConnection, kind: str,
                           communes: Sequence[str] | None = None) -> dict[str, int]:  # fmt: skip
    """Active establishments of every zone of ``kind``."""
    join, zone = zone_sql(kind, communes)
    try:
        con.execute("SELECT 1 FROM active_by_commune LIMIT 0")
    except duckdb.CatalogException:  # counted once per connection
        con.execute(
            "CREATE TEMP TABLE active_by_commune AS SELECT commune, count(*) FILTER (WHERE active) AS establishments "
            f"FROM {aggregate_source(con, 'agg_est_commune')} x GROUP BY 1"
        )
    return dict(
        con.execute(
            f"SELECT {zone}, sum(a.establishments) FROM active_by_commune a "
            f"JOIN ref_commune c ON c.code = a.commune {join} GROUP BY 1"
        ).fetchall()
    )


def territory_communes(con: duckdb.DuckDBPyConnection, slug: str) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT c.current_code FROM ref_territory_commune t JOIN ref_commune c ON c.code = t.commune "
        "WHERE t.territory_slug = ? ORDER BY 1",
        [slug],
    ).fetchall()
    return [r[0] for r in rows]
