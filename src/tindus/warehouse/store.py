"""The analytical warehouse: a DuckDB file, its tables, and the reference dimensions it joins to.

No Django import: a notebook can open it with ``Warehouse(path).connect()`` and query ``v_establishment``.
Every change makes a new immutable version of the file (:mod:`.versions`): readers are never blocked.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .versions import Draft, Holder, Version, Versions

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
    """The DuckDB warehouse at ``path``, published as immutable versions (see :mod:`.versions`).

    Readers get a read-only connection to the current version; writers change a copy that becomes the
    current version when their block ends without error. ``memory_limit`` keeps imports of the
    national stock within a laptop's means; ``keep`` versions (at least) stay for readers still on
    them, older ones go once superseded for ``grace`` seconds; a writer waits ``lock_wait`` seconds
    at most for another one to finish.
    """

    def __init__(
        self,
        path: Path | str,
        memory_limit: str = "4GB",
        threads: int | None = None,
        *,
        keep: int = 3,
        grace: float = 600.0,
        lock_wait: float = 3600.0,
    ) -> None:
        self.path = Path(path)
        self.memory_limit = memory_limit
        self.threads = threads or os.cpu_count() or 2
        self.keep = keep
        self.grace = grace
        self.lock_wait = lock_wait
        self.versions = Versions(self.path)

    def version(self) -> Version | None:
        """The version readers of this context read now (None while the warehouse does not exist)."""
        return self.versions.reading()

    def connect(self, read_only: bool = True) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the current version (inside a request, the version its first
        connection read). Writing goes through :meth:`session` or :meth:`new_version`."""
        if not read_only:
            raise ValueError("the warehouse is written through session() or new_version(), never in place")
        for attempt in (1, 2):
            version = self.versions.reading()
            if version is None:
                raise FileNotFoundError(self.path)
            try:
                con = duckdb.connect(str(version.path), read_only=True)
            except duckdb.IOException:
                if attempt == 2 or version.path.exists():
                    raise
                self.versions.forget_pin()  # deleted since it was resolved: read the current one
                continue
            self._configure(con)
            return con
        raise AssertionError("unreachable")

    def _configure(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute(f"SET memory_limit='{self.memory_limit}'")
        con.execute(f"SET threads={int(self.threads)}")
        con.execute("SET preserve_insertion_order=true")

    def drafting(self) -> Draft | None:
        """The version this context is building, if any."""
        return _drafts.get().get(self.versions.key)

    @contextmanager
    def session(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection: read-only to the current version, or writable to a new version published when
        the block ends without error (to the version this context is already building, if any)."""
        if read_only:
            con = self.connect(read_only=True)
            try:
                yield con
            finally:
                con.close()
            return
        draft = self.drafting()
        if draft is not None:
            yield draft.con
            return
        with self.new_version() as draft:
            yield draft.con

    @contextmanager
    def new_version(self, on_wait: Callable[[Holder | None], None] | None = None) -> Iterator[Draft]:
        """Build the next version: one writer at a time (``on_wait`` is told who holds the lock, if
        another writer does), a copy of the current version, published atomically at the end of the
        block; an error in the block, or a killed process, publishes nothing. Nested writable sessions
        of this context join it."""
        with self.versions.draft(wait=self.lock_wait, keep=self.keep, grace=self.grace, on_wait=on_wait) as draft:
            con = duckdb.connect(str(draft.path))
            token = _drafts.set({**_drafts.get(), self.versions.key: draft})
            try:
                self._configure(con)
                tmp = self.path.parent / "duckdb-tmp"
                con.execute(f"SET temp_directory='{_quote(str(tmp))}'")
                con.execute(SCHEMA)
                draft.con = con
                yield draft
                con.execute("CHECKPOINT")
            finally:
                _drafts.reset(token)
                draft.con = None
                con.close()

    def imports(self) -> list[dict]:
        """The provenance of every import, newest first."""
        if self.version() is None:
            return []
        with self.session(read_only=True) as con:
            cursor = con.execute("SELECT * FROM import_log ORDER BY id DESC")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# The versions each context is building: versions folder → draft.
_drafts: contextvars.ContextVar[dict[str, Draft]] = contextvars.ContextVar("tindus_warehouse_drafts", default={})  # noqa: B039


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
