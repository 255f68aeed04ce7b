"""The independent auditor: what an attacker can learn of each masked cell from a publication set.

A separate code path from the protection: it knows nothing of subtables. Its unknowns are the atoms
(geographic atom × sous-classe) of the publication set; every unmasked cell of every geography in the
set is an equation ``Σ atoms = value`` (cells that no report shows are taken as known too, the
attacker's best case); atoms are non-negative. Geographies that reach outside the set (a région,
France) give ``Σ atoms inside + rest = value`` with an unknown ``rest ≥ 0``. For each masked cell two
linear programs (HiGHS, warm-started from one model) give the smallest and largest value compatible
with all of it. A masked cell is **recoverable** when the interval is a single value, and **below the
level** when a primary-secret cell's interval does not cover ± ``level`` of its true value.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import highspy
import numpy as np
from scipy.sparse import csc_matrix

from .protection import DEFAULT_LEVEL, Protection
from .publication import Cell, System

EXACT = 1e-6


@dataclass(frozen=True)
class Interval:
    cell: Cell
    value: float
    low: float
    high: float
    primary: bool
    low_by: tuple[Cell, ...] = ()  # the published cells an attacker combines to reach each bound
    high_by: tuple[Cell, ...] = ()


@dataclass
class AuditReport:
    """The intervals of every masked cell of a publication set, and the breaches among them."""

    geos: list[str]
    intervals: list[Interval] = field(default_factory=list)
    level: float = DEFAULT_LEVEL

    @cached_property
    def recoverable(self) -> list[Interval]:
        return [i for i in self.intervals if _exact(i)]

    @cached_property
    def below_level(self) -> list[Interval]:
        return [
            i
            for i in self.intervals
            if i.primary
            and not _exact(i)
            and (i.low > i.value * (1 - self.level) + EXACT or i.high < i.value * (1 + self.level) - EXACT)
        ]


def _exact(interval: Interval) -> bool:
    return interval.high - interval.low <= EXACT * max(1.0, abs(interval.value))


def publication_set(system: System, geos: Iterable[str]) -> list[str]:
    """The given geographies and every other one made only of their atoms (parts, nested territories)."""
    names = {system.geo(g) for g in geos}
    atoms = frozenset().union(*(system.geos[g] for g in names)) if names else frozenset()
    near = {g for atom in atoms for g in system.geos_by_atom.get(atom, ())}
    return sorted(names | {g for g in near if system.geos[g] <= atoms})


def audit(system: System, protection: Protection, geos: Iterable[str], *, level: float | None = None,
          nafs: Iterable[str] | None = None) -> AuditReport:  # fmt: skip
    """Bounds of every masked cell of the publication set made of ``geos``."""
    inside = publication_set(system, geos)
    report = AuditReport(inside, level=protection.level if level is None else level)
    keep = None if nafs is None else {system.naf(n) for n in nafs}
    atoms_in = frozenset().union(*(system.geos[g] for g in inside)) if inside else frozenset()
    variables = sorted(
        (geo_atom, naf) for geo_atom in atoms_in for naf, _s in system.atoms_by_geo_atom.get(geo_atom, ())
    )
    index = {a: i for i, a in enumerate(variables)}
    by_geo_atom: dict[str, dict[str, int]] = {}
    for (geo_atom, naf), i in index.items():
        by_geo_atom.setdefault(geo_atom, {})[naf] = i

    geo_atoms_in: dict[str, list[str]] = {}

    def atoms_of(geo: str, naf: str) -> list[int]:
        found = []
        members = system.nafs[naf]
        if geo not in geo_atoms_in:
            geo_atoms_in[geo] = sorted(system.geos[geo] & atoms_in)
        for geo_atom in geo_atoms_in[geo]:
            row = by_geo_atom.get(geo_atom, {})
            if len(row) < len(members):
                found += [i for code, i in row.items() if code in members]
            else:
                found += [row[code] for code in members if code in row]
        return found

    rows: list[list[int]] = []
    row_cells: list[Cell] = []
    rests: list[bool] = []
    values: list[float] = []
    targets: list[tuple[Cell, list[int]]] = []
    inside_set = set(inside)
    outside = sorted({g for atom in atoms_in for g in system.geos_by_atom.get(atom, ())} - inside_set)
    for geo in [*inside, *outside]:
        for naf in system.nafs:
            if keep is not None and naf not in keep:
                continue
            cell = (geo, naf)
            members = atoms_of(geo, naf)
            if cell in protection.masked:
                if geo in inside and members:
                    targets.append((cell, members))
                continue
            if not members and geo in outside:
                continue
            rows.append(members)
            row_cells.append(cell)
            rests.append(geo in outside)
            values.append(system.stats(cell).value)
    n_rest = sum(rests)
    n = len(variables) + n_rest
    if not targets:
        return report
    data, row_ids, col_ids = [], [], []
    rest_column = len(variables)
    for r, (members, has_rest) in enumerate(zip(rows, rests, strict=True)):
        for c in members:
            data.append(1.0)
            row_ids.append(r)
            col_ids.append(c)
        if has_rest:
            data.append(1.0)
            row_ids.append(r)
            col_ids.append(rest_column)
            rest_column += 1
    matrix = csc_matrix((data, (row_ids, col_ids)), shape=(len(rows), n))
    cap = 10 * (max(values, default=0.0) + 1)  # atoms never exceed it: keeps every program bounded
    solver = _solver(matrix, np.array(values, dtype=float), cap)
    for (cell, _members), (low, high, low_rows, high_rows) in zip(
        targets, _intervals(solver, n, targets, system, protection, report.level, cap), strict=True
    ):
        report.intervals.append(
            Interval(cell, system.stats(cell).value, low, high, cell in protection.primary,
                     tuple(row_cells[r] for r in low_rows), tuple(row_cells[r] for r in high_rows))
        )  # fmt: skip
    return report


def _intervals(solver, n, targets, system, protection, level, cap) -> list[tuple[float, float, list, list]]:
    """The bounds of each target: witnessed by a few programs that push many cells at once, and solved
    cell by cell only where the witnesses do not already show enough uncertainty.

    A solution of any program is a table the attacker cannot rule out; each cell's value in it bounds
    its interval from the inside. Maximising (then minimising) the sum of the pending cells, each
    weighted by the inverse of its value, moves most of them at once. A primary cell needs witnesses
    beyond ± level on both sides; any other masked cell needs one witness that differs from its value.
    """
    count = len(targets)
    true = np.array([system.stats(cell).value for cell, _m in targets])
    primary = np.array([cell in protection.primary for cell, _m in targets])
    rows, cols = [], []
    for t, (_cell, members) in enumerate(targets):
        rows += [t] * len(members)
        cols += members
    selector = csc_matrix((np.ones(len(rows)), (rows, cols)), shape=(count, n)).tocsr()
    tolerance = EXACT * np.maximum(1.0, true)
    high_need = np.where(primary, true * (1 + level) - tolerance, true + tolerance)
    low_need = np.where(primary, true * (1 - level) + tolerance, true - tolerance)
    seen_high, seen_low = true.copy(), true.copy()

    def done_high() -> np.ndarray:
        return seen_high >= high_need

    def done_low() -> np.ndarray:
        return seen_low <= low_need

    def settled() -> np.ndarray:
        return np.where(primary, done_high() & done_low(), done_high() | done_low())

    for sense, done in ((highspy.ObjSense.kMaximize, done_high), (highspy.ObjSense.kMinimize, done_low)):
        for _attempt in range(8):
            pending = ~settled() & ~done()
            if not pending.any():
                break
            weights = pending / np.maximum(true, 1.0)
            solution = _solve(solver, n, selector.T @ weights, sense)
            if solution is None:
                break
            reached = selector @ solution
            before = settled().sum() + done().sum()
            seen_high, seen_low = np.maximum(seen_high, reached), np.minimum(seen_low, reached)
            if settled().sum() + done().sum() == before:
                break
    out = []
    ok = settled()
    for t, (_cell, members) in enumerate(targets):
        if ok[t]:
            out.append((seen_low[t], seen_high[t] if seen_high[t] < cap - 1 else float("inf"), [], []))
        else:
            (low, low_rows), (high, high_rows) = _bounds(solver, n, members)
            out.append((low, high if high < cap - 1 else float("inf"), low_rows, high_rows))
    return out


def _solve(solver: highspy.Highs, n: int, cost: np.ndarray, sense) -> np.ndarray | None:
    solver.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=float))
    solver.changeObjectiveSense(sense)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(solver.getSolution().col_value)


def _quiet_highs() -> highspy.Highs:
    """A HiGHS instance, without the banner HiGHS writes to standard output on its first start (it
    would corrupt a command's JSON output)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    solver.setOptionValue("output_flag", False)
    return solver


def _solver(matrix: csc_matrix, values: np.ndarray, cap: float) -> highspy.Highs:
    solver = _quiet_highs()
    solver.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = np.zeros(matrix.shape[1])
    lp.col_lower_ = np.zeros(matrix.shape[1])
    lp.col_upper_ = np.full(matrix.shape[1], cap)
    lp.row_lower_ = values
    lp.row_upper_ = values
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    solver.passModel(lp)
    return solver


def _bounds(solver: highspy.Highs, n: int, members: list[int]) -> list[tuple[float, list[int]]]:
    """(bound, rows whose dual is not zero: the equations that give the bound) for min and max."""
    cost = np.zeros(n)
    cost[members] = 1.0
    solver.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    out = []
    for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
        solver.changeObjectiveSense(sense)
        solver.run()
        status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            duals = np.asarray(solver.getSolution().row_dual)
            out.append(
                (float(solver.getInfo().objective_function_value), np.flatnonzero(np.abs(duals) > 1e-9).tolist())
            )
        else:
            raise RuntimeError(f"the audit's linear program ended with {solver.modelStatusToString(status)}")
    return out
