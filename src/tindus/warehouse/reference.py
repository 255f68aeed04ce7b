"""Copy the reference data the warehouse joins to from the app database.

The warehouse fills the communes and NAF tables itself; an app that owns other reference data the
warehouse's queries join to (the territories app: each territory's communes) registers its table
with :func:`register_reference_table`, so the warehouse never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from tindus.referentials.models import Commune, NafItem

from .store import Warehouse

LATEST_COG = 2026


def commune_rows() -> list[tuple]:
    """Every code an establishment may carry, mapped to its current commune (COG 2026).

    Current communes map to themselves; former codes (communes merged since) and communes
    déléguées/associées map to the commune that absorbed them; 2023 codes that disappeared map
    through the 2026 ``former_codes`` list.
    """
    current = {
        c.code: c
        for c in Commune.objects.filter(vintage=LATEST_COG, kind=Commune.Kind.CURRENT).select_related(
            "epci", "departement", "region"
        )
    }
    mapping: dict[str, str] = {code: code for code in current}
    for commune in current.values():
        for former in filter(None, commune.former_codes.split("|")):
            mapping.setdefault(former, commune.code)
    for code, parent in (
        Commune.objects.filter(vintage=LATEST_COG).exclude(kind=Commune.Kind.CURRENT).values_list("code", "parent_code")
    ):
        if parent in current:
            mapping.setdefault(code, parent)
    for code in Commune.objects.filter(vintage=2023, kind=Commune.Kind.CURRENT).values_list("code", flat=True):
        mapping.setdefault(code, code if code in current else "")
    rows = []
    for code, target in mapping.items():
        c = current.get(target)
        if c is None:
            continue
        rows.append(
            (code, c.code, c.name, c.epci.siren if c.epci else None, c.departement.code, c.region.code, c.population)
        )
    return rows


def naf_rows() -> list[tuple]:
    items = {(i.level, i.code): i for i in NafItem.objects.all()}
    rows = []
    for (level, code), item in items.items():
        if level != NafItem.Level.SUBCLASS:
            continue
        classe = item.parent_code
        groupe = items[("classe", classe)].parent_code
        division = items[("groupe", groupe)].parent_code
        section = items[("division", division)].parent_code
        rows.append(
            (code, item.ape_code, item.label, classe, groupe, division, section, item.a10, item.a17, item.a38,
             item.a64, item.a88)
        )  # fmt: skip
    return rows


# Reference tables kept by other apps: table of ``store.SCHEMA`` → function giving its rows.
_REGISTERED_TABLES: dict[str, Callable[[], list[tuple]]] = {}


def register_reference_table(table: str, rows: Callable[[], list[tuple]]) -> None:
    """Keep ``table`` (declared in ``store.SCHEMA``) filled with ``rows()`` at each :func:`sync_reference`,
    in the same transaction as the communes and NAF (called from an app's ``ready``)."""
    _REGISTERED_TABLES[table] = rows


def sync_reference(warehouse: Warehouse) -> dict[str, int]:
    """Replace the warehouse's reference tables by the app's current reference data, in one transaction
    of a new version (none is made when the current version holds exactly these rows already)."""
    tables = {"ref_commune": commune_rows(), "ref_naf": naf_rows()}
    tables |= {table: rows() for table, rows in _REGISTERED_TABLES.items()}
    counts = {table: len(rows) for table, rows in tables.items()}
    if warehouse.drafting() is None and _holds(warehouse, tables):
        return counts
    with warehouse.session() as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for table, rows in tables.items():
                con.execute(f"DELETE FROM {table}")
                if rows:
                    _insert(con, table, rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return counts


def _holds(warehouse: Warehouse, tables: dict[str, list[tuple]]) -> bool:
    """True when the current version's tables hold exactly these rows (False if it lacks a table)."""
    try:
        with warehouse.session(read_only=True) as con:
            for table, rows in tables.items():
                if not rows:
                    if con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:
                        return False
                    continue
                con.register("incoming", _arrow(rows))
                differences = con.execute(
                    f"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM incoming) "
                    f"UNION ALL (SELECT * FROM incoming EXCEPT ALL SELECT * FROM {table}))"
                ).fetchall()[0][0]
                con.unregister("incoming")
                if differences:
                    return False
    except (FileNotFoundError, duckdb.Error):
        return False
    return True


def _arrow(rows: list[tuple]):
    import pyarrow as pa

    columns = list(zip(*rows, strict=True))
    return pa.table({f"c{i}": pa.array(column) for i, column in enumerate(columns)})


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    con.register("incoming", _arrow(rows))
    con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
    con.unregister("incoming")
