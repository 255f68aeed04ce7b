"""French statistical secrecy for tables built from establishment data.

**Primary secrecy** (INSEE rules): a cell is secret when it is built from fewer than 3 establishments
(but not 0: an empty cell discloses nothing), or when one establishment accounts for more than 85 %
of its value. Secret cells are published as ``"s"``.

**Secondary secrecy**: the published cells and totals must not allow a secret cell to be recovered.
A table is a set of cells (interior cells, subtotals, totals) and of *additivity constraints*
``total = part₁ + … + partₙ`` (rows, columns, margins, hierarchies). Given the masked cells, the
published values turn the constraints into a linear system in the masked unknowns; a masked cell is
*exactly recoverable* when its value is determined by that system, i.e. when its unit vector lies in
the row space of the system — equivalently when its row of a null-space basis is zero
(:func:`recoverable_cells`, the independent checker). :func:`protect` adds masked cells greedily,
for each recoverable cell the cheapest set of one to three extra cells (fewest cells, then interior
cells before totals, then the smallest values) that makes it unrecoverable, until none is. Minimal
suppression is NP-hard in general; this search finds the optimum on the classic cases (a lone secret
cell in a 2-D table needs three more cells forming a rectangle) and the tests check every result
with the checker.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

Key = Hashable
DOMINANCE_THRESHOLD = 0.85
MIN_UNITS = 3
SECRET = "s"


@dataclass
class Table:
    """Cells (interior and totals) with their values and additivity constraints ``total = Σ parts``."""

    values: dict[Key, float]
    constraints: list[tuple[Key, list[Key]]] = field(default_factory=list)
    totals: set[Key] = field(default_factory=set)

    def add_constraint(self, total: Key, parts: Iterable[Key]) -> None:
        parts = list(parts)
        self.constraints.append((total, parts))
        self.totals.add(total)


def primary_secret(units: int, value: float, largest: float) -> bool:
    """INSEE's primary rule for one cell: 1 or 2 units, or one unit above 85 % of the value."""
    if units == 0:
        return False
    if units < MIN_UNITS:
        return True
    return value > 0 and largest > DOMINANCE_THRESHOLD * value


def recoverable_cells(table: Table, masked: Iterable[Key], tolerance: float = 1e-9) -> set[Key]:
    """The masked cells whose exact value follows from the published cells and the constraints."""
    unknowns = sorted(set(masked), key=repr)
    if not unknowns:
        return set()
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, parts in table.constraints:
        row = np.zeros(len(unknowns))
        if total in index:
            row[index[total]] -= 1.0
        for part in parts:
            if part in index:
                row[index[part]] += 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > tolerance * max(matrix.shape) * (singular[0] if singular.size else 1)).sum())
    null_space = vt[rank:].T  # columns span the null space
    if null_space.size == 0:
        return set(unknowns)
    norms = np.abs(null_space).max(axis=1)
    return {key for key, norm in zip(unknowns, norms, strict=True) if norm < 1e-9}


def _neighbours(table: Table, key: Key) -> set[Key]:
    related: set[Key] = set()
    for total, parts in table.constraints:
        members = [total, *parts]
        if key in members:
            related.update(members)
    related.discard(key)
    return related


def _cost(table: Table, cells: Iterable[Key]) -> tuple[int, int, float]:
    """Information lost by masking ``cells``: their number, how many are totals, their total value."""
    cells = list(cells)
    return (len(cells), sum(c in table.totals for c in cells), sum(abs(table.values.get(c, 0)) for c in cells))


def _protect_one(table: Table, masked: set[Key], target: Key, near: int = 6, far: int = 8) -> set[Key]:
    """The cheapest set of 1 to 3 extra cells that makes ``target`` unrecoverable.

    Candidates: the cheapest cells sharing a constraint with the target, and the cheapest cells two
    constraints away (a 2-D rectangle needs one of each kind: same row, same column, opposite corner).
    """
    order = lambda c: (c in table.totals, abs(table.values.get(c, 0)), repr(c))  # noqa: E731
    first = sorted(_neighbours(table, target) - masked, key=order)[:near]
    second_ring: set[Key] = set()
    for cell in _neighbours(table, target):
        second_ring |= _neighbours(table, cell)
    second = sorted(second_ring - masked - set(first) - {target}, key=order)[:far]
    pool = first + second
    for size in (1, 2, 3):
        options = [
            combo for combo in combinations(pool, size) if target not in recoverable_cells(table, masked | set(combo))
        ]
        if options:
            return set(min(options, key=lambda combo: (_cost(table, combo), [repr(c) for c in combo])))
    # Larger patterns: add the single cheapest neighbour and let the caller look again.
    return set(first[:1] or second[:1])


def protect(table: Table, primary: Iterable[Key]) -> set[Key]:
    """Primary secret cells plus the secondary ones needed so that none can be recovered."""
    masked = set(primary)
    exposed = recoverable_cells(table, masked)
    while exposed:
        target = min(exposed, key=repr)
        extra = _protect_one(table, masked, target)
        if not extra:  # cannot happen with consistent constraints; stop rather than loop
            raise ValueError(f"no cell can protect {target!r}")
        masked |= extra
        exposed = recoverable_cells(table, masked)
    return masked


def crosstab(cells: Mapping[tuple[Key, Key], float], rows: Iterable[Key], columns: Iterable[Key]) -> Table:
    """A two-way table with its row totals ``(r, TOTAL)``, column totals ``(TOTAL, c)`` and grand total."""
    rows, columns = list(rows), list(columns)
    values: dict[Key, float] = {}
    for r in rows:
        for c in columns:
            values[(r, c)] = cells.get((r, c), 0)
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in columns)
    for c in columns:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    table = Table(values)
    for r in rows:
        table.add_constraint((r, TOTAL), [(r, c) for c in columns])
    for c in columns:
        table.add_constraint((TOTAL, c), [(r, c) for r in rows])
    table.add_constraint((TOTAL, TOTAL), [(r, TOTAL) for r in rows])
    table.add_constraint((TOTAL, TOTAL), [(TOTAL, c) for c in columns])
    return table


TOTAL = "Total"


def publish(table: Table, masked: Iterable[Key]) -> dict[Key, float | str]:
    """The table as published: masked cells replaced by ``"s"``."""
    hidden = set(masked)
    return {key: (SECRET if key in hidden else value) for key, value in table.values.items()}
