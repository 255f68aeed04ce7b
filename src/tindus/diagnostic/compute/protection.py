"""Joint statistical-secrecy protection of a publication system (the modular method of τ-Argus' HiTaS).

The linked tables of :class:`~tindus.diagnostic.compute.publication.System` are cut into
*subtables*: one geographic relation (a parent and the geographies that partition it) crossed with one
NAF relation (a node and its children), i.e. a two-way table with its margins. Each subtable that
holds a masked cell is protected in turn, with every mask already chosen elsewhere fixed; a cell
masked in one subtable is masked in every other subtable that holds it, which puts those back in the
queue, until no subtable changes. In a subtable:

1. **No lonely mask**: a relation ``total = Σ parts`` with exactly one masked member gives it away;
   another member of that relation is masked, the cheapest that protects it enough: a cell that no
   report shows (free), then a detail before a total, the smallest value that is at least
   ``level`` times the masked one (so that the masked value stays uncertain by ± ``level``).
2. **No exact recovery**: when masks combine so that a masked cell is still the unique solution of
   the subtable's equations (a rank test, :func:`~tindus.diagnostic.compute.secrecy.recoverable_cells`),
   the cheapest cell or pair of cells around it that breaks the recovery is masked.

``locked`` cells keep the state they arrived with (the totals, protected first for every year so that
the time series of every report agrees with the yearly tables). The result is then checked by the
independent auditor (:mod:`~tindus.diagnostic.compute.audit`), which solves linear programs over
the atoms of a whole publication set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .publication import Cell, System
from .secrecy import Table, primary_secret, recoverable_cells

DEFAULT_LEVEL = 0.10


@dataclass
class Protection:
    """The masked cells of a system: ``primary`` ones and all of them (``masked`` ⊇ ``primary``)."""

    primary: set[Cell]
    masked: set[Cell]
    level: float = DEFAULT_LEVEL
    forced_locked: set[Cell] = field(default_factory=set)  # locked cells that had to be masked all the same
    locked: set[str] = field(default_factory=set)
    subtables: _Subtables | None = field(default=None, repr=False)  # noqa: F821

    def __getstate__(self) -> dict:  # the subtables are rebuilt, not stored
        return {**self.__dict__, "subtables": None}

    def is_masked(self, cell: Cell) -> bool:
        return cell in self.masked


def primary_cells(system: System, nafs: Iterable[str] | None = None) -> set[Cell]:
    """Every cell (shown or not) that the primary rule makes secret."""
    keep = None if nafs is None else {system.naf(n) for n in nafs}
    return {
        cell
        for cell, s in system.cells.items()
        if (keep is None or cell[1] in keep) and primary_secret(s.units, s.value, s.largest)
    }


class _Subtables:
    """The subtables of a system and, for each cell, the subtables that hold it."""

    def __init__(self, system: System, nafs: set[str] | None) -> None:
        self.system = system
        in_relation = {g for parent, children in system.geo_relations for g in (parent, *children)}
        self.geo_relations = list(system.geo_relations) + [(g, []) for g in system.geos if g not in in_relation]
        self.naf_relations = [
            (parent, children)
            for parent, children in system.naf_relations
            if nafs is None or (parent in nafs and all(c in nafs for c in children))
        ]
        self.geo_index: dict[str, list[int]] = defaultdict(list)
        for i, (parent, children) in enumerate(self.geo_relations):
            for g in (parent, *children):
                self.geo_index[g].append(i)
        self.naf_index: dict[str, list[int]] = defaultdict(list)
        for j, (parent, children) in enumerate(self.naf_relations):
            for n in (parent, *children):
                self.naf_index[n].append(j)

    def holding(self, cell: Cell) -> list[tuple[int, int]]:
        return [(i, j) for i in self.geo_index.get(cell[0], ()) for j in self.naf_index.get(cell[1], ())]

    def constraints(self, i: int, j: int) -> list[tuple[Cell, list[Cell]]]:
        geo_parent, geo_children = self.geo_relations[i]
        naf_parent, naf_children = self.naf_relations[j]
        rows = [geo_parent, *geo_children]
        columns = [naf_parent, *naf_children]
        out = [((g, naf_parent), [(g, n) for n in naf_children]) for g in rows]
        if geo_children:
            out += [((geo_parent, n), [(g, n) for g in geo_children]) for n in columns]
        return out


def protect_system(system: System, *, level: float = DEFAULT_LEVEL, nafs: Iterable[str] | None = None,
                   fixed: Iterable[Cell] = (), locked_nafs: Iterable[str] = ()) -> Protection:  # fmt: skip
    """Primary and secondary secrecy for every cell of ``system`` (restricted to the NAF nodes ``nafs``).

    ``fixed``: cells masked beforehand (a protection of the totals); cells of ``locked_nafs`` are never
    masked here unless nothing else can protect a cell.
    """
    keep = None if nafs is None else {system.naf(n) for n in nafs}
    primary = primary_cells(system, keep)
    masked = set(primary) | set(fixed)
    protection = Protection(primary, masked, level)
    protection.locked = {system.naf(n) for n in locked_nafs}
    protection.subtables = _Subtables(system, keep)
    extend(system, protection, masked)
    return protection


def extend(system: System, protection: Protection, cells: Iterable[Cell]) -> None:
    """Mask ``cells`` too, then whatever the subtables holding them need, until no subtable changes."""
    subtables = protection.subtables
    cells = sorted(cells)  # the order decides among equal choices: the same pattern in every process
    protection.masked |= set(cells)
    queue: dict[tuple[int, int], None] = {}
    for cell in cells:
        for key in subtables.holding(cell):
            queue[key] = None
    while queue:
        key = next(iter(queue))
        del queue[key]
        constraints = subtables.constraints(*key)
        added = _protect_subtable(
            system, constraints, protection.masked, protection.locked, protection.level, protection
        )
        for cell in added:
            for other in subtables.holding(cell):
                queue[other] = None


def neighbours(system: System, protection: Protection, cell: Cell) -> set[Cell]:
    """The non-empty cells sharing a relation with ``cell``."""
    out: set[Cell] = set()
    for key in protection.subtables.holding(cell):
        for total, parts in protection.subtables.constraints(*key):
            if cell in (total, *parts):
                out.update(c for c in (total, *parts) if c in system.cells)
    out.discard(cell)
    return out


def _cost(system: System, cell: Cell, is_total: bool) -> tuple:
    shown = system.is_published(cell)
    return (shown, shown and is_total, system.stats(cell).value, cell)


def _protect_subtable(system: System, constraints, masked: set[Cell], locked: set[str], level: float,
                      protection: Protection) -> list[Cell]:  # fmt: skip
    """Mask what this subtable needs; returns the cells newly masked."""
    present = {c for total, parts in constraints for c in (total, *parts) if c in system.cells}
    if not present & masked:
        return []
    totals = {total for total, _parts in constraints}
    added: list[Cell] = []

    def usable(cell: Cell, allow_locked: bool) -> bool:  # an empty cell hides nothing: never a partner
        return (
            cell in present
            and cell not in masked
            and system.stats(cell).value > 0
            and (allow_locked or cell[1] not in locked)
        )

    def mask(cell: Cell) -> None:
        masked.add(cell)
        added.append(cell)
        if cell[1] in locked:
            protection.forced_locked.add(cell)

    changed = True
    while changed:
        changed = False
        for total, parts in constraints:
            members = [c for c in (total, *parts) if c in present]
            hidden = [c for c in members if c in masked]
            if not hidden:
                continue
            needy = [c for c in hidden if len(hidden) == 1 or _short(system, c, total, hidden, level, protection)]
            if not needy:
                continue
            target = max(needy, key=lambda c: (system.stats(c).value, c))
            need = level * system.stats(target).value - _slack(system, target, total, hidden)
            for allow_locked in (False, True):
                options = [c for c in members if usable(c, allow_locked)]
                if options:
                    enough = [c for c in options if system.stats(c).value >= need]
                    if enough:
                        choice = min(enough, key=lambda c: _cost(system, c, c in totals))
                    else:  # nothing big enough: the largest there is
                        choice = max(options, key=lambda c: (system.stats(c).value, c))
                    mask(choice)
                    changed = True
                    break
        if not changed:
            changed = _break_exact_recovery(system, constraints, present, masked, totals, usable, mask)
    return added


def _slack(system: System, cell: Cell, total: Cell, hidden: list[Cell]) -> float:
    """How far ``cell`` can move within one relation ``total = Σ parts`` whose masked members are ``hidden``:
    a masked total moves down by what its masked parts hold; a masked part under a published total
    moves up by what its masked siblings hold; a masked part under a masked total is not bounded here."""
    if cell == total:
        return sum(system.stats(c).value for c in hidden if c != total)
    if total in hidden:
        return float("inf")
    return sum(system.stats(c).value for c in hidden if c != cell)


def _short(system: System, cell: Cell, total: Cell, hidden: list[Cell], level: float, protection: Protection) -> bool:
    """True when a primary-secret ``cell`` is not uncertain by ± level within this relation."""
    return cell in protection.primary and _slack(system, cell, total, hidden) < level * system.stats(cell).value


def _break_exact_recovery(system, constraints, present, masked, totals, usable, mask) -> bool:
    inside = masked & present
    if len(inside) < 2:
        return False
    table = Table({c: system.stats(c).value for c in present})
    for total, parts in constraints:
        table.add_constraint(total, [p for p in parts if p in present])
    exposed = recoverable_cells(table, inside)
    if not exposed:
        return False
    target = min(exposed)
    around = {c for total, parts in constraints if target in (total, *parts) for c in (total, *parts)}
    ring = {c for total, parts in constraints if around & {total, *parts} for c in (total, *parts)}
    for allow_locked in (False, True):
        first = sorted((c for c in around if usable(c, allow_locked)), key=lambda c: _cost(system, c, c in totals))
        second = sorted((c for c in ring - around if usable(c, allow_locked)),
                        key=lambda c: _cost(system, c, c in totals))  # fmt: skip
        for option in [*[(c,) for c in first[:8]], *[(a, b) for a in first[:4] for b in second[:6]]]:
            if target not in recoverable_cells(table, inside | set(option)):
                for cell in option:
                    mask(cell)
                return True
        if first or second:
            mask((first or second)[0])
            return True
    return False
