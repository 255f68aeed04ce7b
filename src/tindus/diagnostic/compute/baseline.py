"""Table-by-table protection, the method the joint protection replaces: kept to measure what joint
protection costs in suppressed cells (``bench/secrecy.py``) and to show, in the tests, what it leaks.

Each NAF level of each geography is protected against its own total alone, and the sector × EPCI
table of each territory alone; nothing links one table to another.
"""

from __future__ import annotations

from collections import defaultdict

from .publication import TOTAL, Cell, System
from .secrecy import TOTAL as TABLE_TOTAL
from .secrecy import Table, crosstab, primary_secret, protect

LEVEL_PREFIXES = ("sec:", "div:", "A10:", "A17:", "A38:", "")


def table_by_table(system: System) -> set[Cell]:
    """The published cells that protecting each table alone masks."""
    masked: set[Cell] = set()
    levels: dict[str, list[str]] = defaultdict(list)
    for name in system.naf_alias:
        prefix = next((p for p in LEVEL_PREFIXES if p and name.startswith(p)), "")
        if name in (TOTAL, "ALL", "OTHER"):
            continue
        levels[prefix].append(name)
    for geo in system.published:
        if not geo.startswith(("epci:", "territory:")):
            continue
        for names in levels.values():
            cells = {n: system.cell(geo, n) for n in names if system.cell(geo, n) in system.cells}
            if not cells:
                continue
            table = Table({n: system.stats(c).value for n, c in cells.items()}
                          | {TABLE_TOTAL: system.stats(system.cell(geo, TOTAL)).value})  # fmt: skip
            table.add_constraint(TABLE_TOTAL, list(cells))
            primary = {n for n, c in cells.items() if _secret(system, c)}
            masked |= {cells[n] for n in protect(table, primary) if n in cells}
    for geo in system.geos:
        if not geo.startswith("territory:"):
            continue
        parts = [g for parent, children in system.geo_relations if parent == geo for g in children]
        if len(parts) < 2:
            continue
        sectors = sorted(n for n in levels["A38:"] if system.naf(n) == n)
        values = {(s, p): system.stats((p, s)).value for s in sectors for p in parts}
        table = crosstab(values, sectors, parts)
        primary = {(s, p) for s in sectors for p in parts if _secret(system, (p, s))}
        for key in protect(table, primary) if primary else set():
            row, column = key
            cell = (geo if column == TABLE_TOTAL else column, TOTAL if row == TABLE_TOTAL else row)
            if cell in system.cells:
                masked.add(cell)
    return {c for c in masked if system.is_published(c)}


def _secret(system: System, cell: Cell) -> bool:
    s = system.stats(cell)
    return primary_secret(s.units, s.value, s.largest)
