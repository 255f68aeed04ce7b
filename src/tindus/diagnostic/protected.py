"""The protected tables of the official geographies, computed once per warehouse state and cached.

Two stages per year, so that every report agrees with every other one:

1. the **totals** (all jobs, jobs of the scope, jobs outside it) of every geography, for every year of
   the URSSAF series: what the time series, the comparisons and the key figures show;
2. the **full tables** (every NAF level × every geography) of a year that a report details (the end and
   the start of its period), with the masks of stage 1 kept as they are.

The result is pickled beside the warehouse, under a name made of the warehouse's state (its imports and
reference tables), and kept in memory by each process: every page, export and report of that state
reads the same suppression pattern.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from . import data
from .compute.joint import protect_jointly, repair
from .compute.protection import DEFAULT_LEVEL, Protection
from .compute.publication import ALL, OTHER, TOTAL, Cell, GeoInput, NafRow, System, build_system
from .compute.secrecy import SECRET

TOTALS = (ALL, TOTAL, OTHER)
# The cache is named after the method too: a new version of the protection never reads an old pattern.
METHOD = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted((Path(__file__).parent / "compute").glob("*.py")))
    + Path(__file__).read_bytes()
).hexdigest()[:12]
_MEMORY: dict[tuple[str, str, int | None], object] = {}
_LOCK = threading.Lock()


@dataclass
class ProtectedYear:
    """One year's system and its protection."""

    year: int
    system: System
    protection: Protection

    def value(self, geo: str, naf: str) -> float | str | None:
        """The published value of a cell: a number, ``"s"`` when masked, ``None`` when the geography is
        not part of the system (outside the warehouse's coverage)."""
        if self.system.geo(geo) not in self.system.geos:
            return None
        cell = self.system.cell(geo, naf)
        if cell in self.protection.masked:
            return SECRET
        return self.system.stats(cell).value

    def masked(self, geo: str, naf: str) -> bool:
        return self.system.cell(geo, naf) in self.protection.masked

    def covers(self, geo: str) -> bool:
        return self.system.geo(geo) in self.system.geos

    def geo(self, name: str) -> str:
        return self.system.geo(name)

    @property
    def geos(self) -> dict[str, frozenset[str]]:
        return self.system.geos

    @property
    def geo_alias(self) -> dict[str, str]:
        return self.system.geo_alias


@dataclass
class PublishedYear:
    """What a report reads of one year, and no more: the value of each non-empty cell, the masked ones,
    and the names of geographies and NAF nodes (a fraction of the whole system, quick to load)."""

    year: int
    values: dict[Cell, float]
    hidden: frozenset[Cell]
    geos: dict[str, frozenset[str]]
    geo_alias: dict[str, str]
    naf_alias: dict[str, str]

    @classmethod
    def of(cls, protected: ProtectedYear) -> PublishedYear:
        system = protected.system
        return cls(protected.year, {cell: stats.value for cell, stats in system.cells.items()},
                   frozenset(protected.protection.masked), system.geos, system.geo_alias, system.naf_alias)  # fmt: skip

    def geo(self, name: str) -> str:
        return self.geo_alias.get(name, name)

    def covers(self, geo: str) -> bool:
        return self.geo(geo) in self.geos

    def masked(self, geo: str, naf: str) -> bool:
        return (self.geo(geo), self.naf_alias.get(naf, naf)) in self.hidden

    def value(self, geo: str, naf: str) -> float | str | None:
        """As :meth:`ProtectedYear.value`."""
        if not self.covers(geo):
            return None
        cell = (self.geo(geo), self.naf_alias.get(naf, naf))
        return SECRET if cell in self.hidden else self.values.get(cell, 0.0)


def geo_inputs(con: duckdb.DuckDBPyConnection) -> list[GeoInput]:
    return [
        GeoInput(commune, epci or "", region or "", frozenset(territories))
        for commune, epci, region, _dep, territories in data.system_communes(con)
    ]


def audit_sets(system: System) -> list[list[str]]:
    """The publication sets: each official territory with its member EPCIs, and each EPCI of no territory."""
    epcis_of_atom = {atom: [g for g in geos if g.startswith("epci:")] for atom, geos in system.geos_by_atom.items()}
    territories = [g for g in system.geos if g.startswith("territory:")]
    in_territory = {atom for t in territories for atom in system.geos[t]}
    sets = []
    for territory in territories:
        members = sorted({e for atom in system.geos[territory] for e in epcis_of_atom.get(atom, ())})
        sets.append([territory, *members])
    alone = [g for g in system.geos if g.startswith("epci:") and not system.geos[g] <= in_territory]
    return sets + [[epci] for epci in alone]


class ProtectedTables:
    """The protected tables of one warehouse state, stored in ``folder``."""

    def __init__(self, con: duckdb.DuckDBPyConnection, folder: Path, level: float = DEFAULT_LEVEL) -> None:
        self.con = con
        self.folder = Path(folder)
        self.level = level
        self.state = f"{data.state(con)}-{level}-{METHOD}"

    def totals(self, year: int) -> ProtectedYear:
        return self._cached("totals", None, self._compute_totals)[year]

    def full(self, year: int) -> ProtectedYear:
        return self._cached("full", year, lambda: self._compute_full(year))

    def ready(self, year: int) -> bool:
        """Whether the tables that reports read of ``year`` are computed already (in this process or on disk)."""
        key = (self.state, "published", year)
        with _LOCK:
            if key in _MEMORY:
                return True
        return self._path("published", year).exists()

    def published(self, year: int) -> PublishedYear:
        """What reports read of the full tables of ``year``."""
        return self._cached("published", year, lambda: PublishedYear.of(self.full(year)))

    def _cached(self, kind: str, year: int | None, compute):
        key = (self.state, kind, year)
        with _LOCK:
            if key in _MEMORY:
                return _MEMORY[key]
        path = self._path(kind, year)
        value = None
        if path.exists():
            try:
                value = pickle.loads(path.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError):
                value = None  # a damaged cache is recomputed
        if value is None:
            value = compute()
            self._store(kind, year, value)
        _remember(key, value)
        return value

    def _compute_totals(self) -> dict[int, ProtectedYear]:
        communes = geo_inputs(self.con)
        years = data.years(self.con)
        rows: dict[int, list] = defaultdict(list)
        for year, commune, code, jobs, units, largest in data.atom_rows(self.con, years, detail=False):
            rows[year].append((commune, code, jobs, units, largest))
        naf = [NafRow(TOTAL, TOTAL, TOTAL, TOTAL, TOTAL, TOTAL)]
        out = {}
        for year in years:
            system = build_system(communes, naf, rows[year])
            out[year] = ProtectedYear(
                year, system, protect_jointly(system, audit_sets(system), level=self.level, nafs=TOTALS)
            )
        return out

    def _compute_full(self, year: int) -> ProtectedYear:
        naf = [NafRow(*row) for row in data.naf_rows(self.con)]
        rows = [row[1:] for row in data.atom_rows(self.con, [year])]
        system = build_system(geo_inputs(self.con), naf, rows)
        sets = audit_sets(system)
        protection = protect_jointly(system, sets, level=self.level, fixed=self._total_masks(year, system),
                                     locked_nafs=TOTALS)  # fmt: skip
        fed: set = set()
        for _attempt in range(4):
            forced = protection.forced_locked - fed
            if not forced:
                break
            # A total that the detailed tables had to mask is masked in the totals too (and so in every
            # time series); what the totals then mask around it is masked in the detailed tables.
            self._mask_totals(year, forced)
            fed |= forced
            repair(system, protection, sets, extra=self._total_masks(year, system))
        return ProtectedYear(year, system, protection)

    def _total_masks(self, year: int, system: System) -> set:
        totals = self.totals(year)
        return {
            system.cell(geo, naf_name)
            for geo in totals.system.geos
            for naf_name in TOTALS
            if totals.masked(geo, naf_name) and system.geo(geo) in system.geos
        }

    def _mask_totals(self, year: int, cells) -> None:
        everything = self._cached("totals", None, self._compute_totals)
        old = everything[year]
        extra = {old.system.cell(geo, naf_name) for geo, naf_name in cells}
        protection = protect_jointly(old.system, audit_sets(old.system), level=self.level, nafs=TOTALS,
                                     fixed=old.protection.masked | extra)  # fmt: skip
        everything[year] = ProtectedYear(year, old.system, protection)
        self._store("totals", None, everything)

    def _path(self, kind: str, year: int | None) -> Path:
        return self.folder / f"{self.state}-{kind}{'' if year is None else f'-{year}'}.pickle"

    def _store(self, kind: str, year: int | None, value) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, delete=False, suffix=".tmp") as handle:
            handle.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(handle.name, self._path(kind, year))  # atomic: a reader sees the old file or the new one
        _remember((self.state, kind, year), value)


def _remember(key: tuple, value) -> None:
    """Keep ``value`` in this process, forgetting what belonged to an older warehouse state."""
    with _LOCK:
        for old in [k for k in _MEMORY if k[0] != key[0]]:
            del _MEMORY[old]
        _MEMORY[key] = value


def clear_memory() -> None:
    """Forget what this process loaded (tests that change the warehouse in place)."""
    with _LOCK:
        _MEMORY.clear()
