"""Joint protection: the modular protection of every subtable, then audit and repair until every
publication set passes the auditor.

The subtables do not see every relation that several of them imply together (the total minus the
section C gives the A17 branch DE, which no single subtable holds), so the modular pass can leave a
masked cell recoverable or too narrowly bounded. Each publication set is then audited by linear
programming (:mod:`.audit`); for every breach one more neighbour of the cell is masked (the cheapest
that covers ± level of it), the subtables around it are protected again, and the sets are audited
anew, until none breaches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .audit import Interval, audit, publication_set
from .protection import DEFAULT_LEVEL, Protection, extend, neighbours, protect_system
from .publication import Cell, System

MAX_ROUNDS = 12


def protect_jointly(system: System, sets: Sequence[Sequence[str]], *, level: float = DEFAULT_LEVEL,
                    nafs: Iterable[str] | None = None, fixed: Iterable[Cell] = (),
                    locked_nafs: Iterable[str] = ()) -> Protection:  # fmt: skip
    """Protect ``system`` so that no publication set of ``sets`` (lists of geographies) breaches."""
    nafs = None if nafs is None else list(nafs)
    protection = protect_system(system, level=level, nafs=nafs, fixed=fixed, locked_nafs=locked_nafs)
    repair(system, protection, sets, nafs=nafs)
    return protection


def repair(system: System, protection: Protection, sets: Sequence[Sequence[str]], *,
           nafs: Iterable[str] | None = None, extra: Iterable[Cell] = ()) -> None:  # fmt: skip
    """Mask ``extra`` cells too, then audit the sets and mask more until none breaches."""
    members = {tuple(geos): publication_set(system, geos) for geos in sets}
    pending = list(sets)
    added = [c for c in extra if c not in protection.masked]
    if added:
        before = set(protection.masked)
        extend(system, protection, added)
        touched = {cell[0] for cell in protection.masked - before}
        pending = [geos for geos in sets if set(members[tuple(geos)]) & touched]
    for _round in range(MAX_ROUNDS):
        breaches: dict[Interval, None] = {}
        still = []
        for geos in pending:
            report = audit(system, protection, geos, nafs=nafs)
            found = report.recoverable + report.below_level
            if found:
                still.append(geos)
                breaches.update((i, None) for i in found)
        if not breaches:
            break
        cells = list({cell: None for cell in (_repair(system, protection, i) for i in breaches) if cell is not None})
        if not cells:
            break
        before = set(protection.masked)
        extend(system, protection, cells)
        touched = {cell[0] for cell in protection.masked - before}
        pending = [geos for geos in sets if geos in still or set(members[tuple(geos)]) & touched]


def _repair(system: System, protection: Protection, breach: Interval) -> Cell | None:
    """One more cell to mask against ``breach``: among the published cells whose equations give the
    breached bound (the attacker's recipe, read from the linear program's duals), else among the cell's
    neighbours, the cheapest that covers ± level of it, else the largest."""
    value = breach.value
    side = breach.low_by if breach.low > value * (1 - protection.level) else breach.high_by
    need = protection.level * value
    for pool in (side, breach.low_by + breach.high_by, neighbours(system, protection, breach.cell)):
        options = [
            c
            for c in pool
            if c not in protection.masked
            and c != breach.cell
            and system.stats(c).value > 0
            and system.naf(c[1]) not in protection.locked
        ]
        if options:
            enough = [c for c in options if system.stats(c).value >= need]
            if enough:
                return min(enough, key=lambda c: (system.is_published(c), system.stats(c).value, c))
            return max(options, key=lambda c: (system.stats(c).value, c))
    return None
