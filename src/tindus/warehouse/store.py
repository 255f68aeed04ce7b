"""The analytical warehouse: one DuckDB file, its tables, and the reference dimensions it joins to.

No Django import: a notebook can open it with ``Warehouse(path)`` and query ``v_establishment``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS import_id_seq;
CREATE TABLE IF NOT EXISTS import_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('import_id_seq'),
    dataset VARCHAR NOT NULL, source VARCHAR NOT NULL, vintage VARCHAR, file VARCHAR NOT NULL, sha256 VARCHAR,
    rows_read BIGINT, rows_kept BIGINT, rows_rejected BIGINT, rows_skipped BIGINT,
    rejects JSON, synthetic BOOLEAN NOT NULL, imported_at TIMESTAMP DEFAULT current_timestamp, seconds DOUBLE,
    scope VARCHAR
);
CREATE TABLE IF NOT EXISTS establishment (
    siret VARCHAR, siren VARCHAR, nic VARCHAR, commune VARCHAR, naf VARCHAR, naf_raw VARCHAR,
    naf_nomenclature VARCHAR, size_band VARCHAR, size_year SMALLINT, active BOOLEAN, created DATE,
    state_since DATE, name VARCHAR, head_office BOOLEAN, employer VARCHAR, import_id BIGINT
);
-- Added after the first release: whether INSEE may disclose the establishment's identity.
ALTER TABLE establishment ADD COLUMN IF NOT EXISTS public BOOLEAN DEFAULT TRUE;
CREATE TABLE IF NOT EXISTS legal_unit (
    siren VARCHAR, name VARCHAR, legal_category VARCHAR, company_category VARCHAR, size_band VARCHAR,
    active BOOLEAN, created DATE, naf VARCHAR, head_office_nic VARCHAR, import_id BIGINT
);
CREATE TABLE IF NOT EXISTS geolocation (
    siret VARCHAR, departement VARCHAR, longitude DOUBLE, latitude DOUBLE, geo_score DOUBLE, geo_type VARCHAR,
    import_id BIGINT
);
CREATE TABLE IF NOT EXISTS employment (
    commune VARCHAR, epci VARCHAR, naf VARCHAR, year SMALLINT, establishments INTEGER, jobs INTEGER,
    import_id BIGINT
);
CREATE TABLE IF NOT EXISTS ref_commune (
    code VARCHAR, current_code VARCHAR, name VARCHAR, epci VARCHAR, departement VARCHAR, region VARCHAR,
    population INTEGER
);
CREATE TABLE IF NOT EXISTS ref_naf (
    naf VARCHAR, ape VARCHAR, label VARCHAR, classe VARCHAR, groupe VARCHAR, division VARCHAR, section VARCHAR,
    a10 VARCHAR, a17 VARCHAR, a38 VARCHAR, a64 VARCHAR, a88 VARCHAR
);
CREATE TABLE IF NOT EXISTS ref_territory_commune (
    territory_slug VARCHAR, wave SMALLINT, official_id VARCHAR, commune VARCHAR
);
-- Aggregates kept by every import (same transaction), so that national comparisons read a few
-- million rows instead of the whole stock.
CREATE TABLE IF NOT EXISTS agg_jobs (commune VARCHAR, a38 VARCHAR, section VARCHAR, year SMALLINT, jobs DOUBLE);
-- Narrow copies of the stock stored by commune: a territory's rows sit in a few row groups, which
-- DuckDB finds by their min/max instead of scanning the whole national stock.
CREATE TABLE IF NOT EXISTS agg_est_commune (
    commune VARCHAR, naf VARCHAR, size_band VARCHAR, active BOOLEAN, created DATE, state_since DATE
);
-- Which import each aggregate reflects: readers use an aggregate only when it is up to date.
CREATE TABLE IF NOT EXISTS agg_state (name VARCHAR PRIMARY KEY, import_id BIGINT);
CREATE TABLE IF NOT EXISTS agg_employers (
    siret VARCHAR, siren VARCHAR, name VARCHAR, commune VARCHAR, naf VARCHAR, size_band VARCHAR, public BOOLEAN
);
CREATE OR REPLACE VIEW v_establishment AS
    SELECT e.*, c.current_code AS commune_current, c.name AS commune_name, c.epci, c.departement, c.region,
           n.section, n.division, n.a10, n.a17, n.a38, n.a88, n.label AS naf_label,
           i.synthetic, i.vintage AS source_vintage
    FROM establishment e
    LEFT JOIN ref_commune c ON c.code = e.commune
    LEFT JOIN ref_naf n ON n.naf = e.naf
    LEFT JOIN import_log i ON i.id = e.import_id;
CREATE OR REPLACE VIEW v_employment AS
    SELECT m.*, c.name AS commune_name, c.departement, c.region, n.section, n.division, n.a10, n.a17, n.a38,
           n.a88, i.synthetic, i.vintage AS source_vintage
    FROM employment m
    LEFT JOIN ref_commune c ON c.code = m.commune
    LEFT JOIN ref_naf n ON n.naf = m.naf
    LEFT JOIN import_log i ON i.id = m.import_id;
"""


class Warehouse:
    """A DuckDB warehouse file. ``memory_limit`` keeps imports of the national stock within a laptop's means."""

    def __init__(self, path: Path | str, memory_limit: str = "4GB", threads: int | None = None) -> None:
        self.path = Path(path)
        self.memory_limit = memory_limit
        self.threads = threads or os.cpu_count() or 2

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise FileNotFoundError(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path), read_only=read_only)
        con.execute(f"SET memory_limit='{self.memory_limit}'")
        con.execute(f"SET threads={int(self.threads)}")
        con.execute("SET preserve_insertion_order=true")
        if not read_only:
            tmp = self.path.parent / "duckdb-tmp"
            con.execute(f"SET temp_directory='{_quote(str(tmp))}'")
            con.execute(SCHEMA)
        return con

    @contextmanager
    def session(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self.connect(read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def imports(self) -> list[dict]:
        """The provenance of every import, newest first."""
        if not self.path.exists():
            return []
        with self.session(read_only=True) as con:
            cursor = con.execute("SELECT * FROM import_log ORDER BY id DESC")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


AGGREGATES = {
    "agg_jobs": "SELECT m.commune, n.a38, n.section, m.year, sum(m.jobs) AS jobs FROM employment m "
    "JOIN ref_naf n ON n.naf = m.naf WHERE m.commune IS NOT NULL GROUP BY ALL",
    "agg_est_commune": "SELECT commune, naf, size_band, active, created, state_since FROM establishment "
    "ORDER BY commune",
    "agg_employers": "SELECT siret, siren, name, commune, naf, size_band, public FROM establishment "
    "WHERE active AND size_band NOT IN ('NN', '00')",
}
ESTABLISHMENT_AGGREGATES = ("agg_est_commune", "agg_employers")


def refresh_aggregates(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = tuple(AGGREGATES),
                       import_id: int | None = None) -> None:  # fmt: skip
    """Recompute aggregate tables from the detailed ones, each in its own transaction, and record the
    import they reflect. Run after the import's commit: copying the committed stock is much faster
    than copying rows still inside the transaction, and a reader never uses a stale aggregate."""
    for table in tables:
        con.execute("BEGIN TRANSACTION")
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} {AGGREGATES[table]}")
        con.execute(
            "INSERT OR REPLACE INTO agg_state VALUES (?, ?)",
            [table, import_id if import_id is not None else -1],
        )
        con.execute("COMMIT")


def aggregate_source(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The aggregate table when current, else the same rows computed on the fly (slower, never stale)."""
    if aggregate_is_current(con, table):
        return table
    return f"({AGGREGATES[table]})"


def aggregate_is_current(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """True when ``table`` reflects the latest import of the data it is computed from."""
    source = "employment" if table == "agg_jobs" else "establishment"
    row = con.execute(
        f"SELECT (SELECT import_id FROM agg_state WHERE name = ?) = (SELECT max(import_id) FROM {source})",
        [table],
    ).fetchone()
    return bool(row and row[0])


def _quote(text: str) -> str:
    return text.replace("'", "''")
