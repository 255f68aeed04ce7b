"""The publication system: every jobs figure that the official geographies' reports publish together.

All figures are sums of *atoms*: the jobs of one **geographic atom** (the communes sharing the same
EPCI, région and set of official territories) in one **NAF sous-classe** (plus ``OTHER``, the jobs
outside the scope). A **cell** is a published geography × a NAF node (a sous-classe, a division, a
section, an A10/A17/A38 aggregate, ``TOTAL`` of the scope, ``ALL`` jobs); its value, its number of
employer establishments and its largest establishment are those of its atoms.

Two geographies (or two NAF nodes) made of the same atoms are one node: a territory of a single EPCI
*is* that EPCI, the A10 "BE" of the industry scope *is* its total. The additivity relations
(``parent = Σ children``) of both dimensions are listed once; the protection works on them, the
auditor on the atoms themselves.

Cells that no report shows (a sous-classe of a région, the jobs outside the scope) are part of the
system too: the protection assumes an attacker knows them unless they are masked, and masking them
costs nothing visible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

ALL = "ALL"  # every private salaried job of the geography
TOTAL = "TOTAL"  # the jobs of the scope (industry or manufacturing)
OTHER = "OTHER"  # the jobs outside the scope: an atom-level NAF code, never shown
FRANCE = "FR"

Cell = tuple[str, str]  # (geography id, NAF node id)


@dataclass(frozen=True)
class Stats:
    """What the primary rule needs of a cell: its value, its units, its largest unit's estimated size."""

    value: float
    units: int
    largest: float

    def __add__(self, other: Stats) -> Stats:
        return Stats(self.value + other.value, self.units + other.units, max(self.largest, other.largest))


ZERO = Stats(0.0, 0, 0.0)


@dataclass(frozen=True)
class NafRow:
    """A sous-classe and the nodes above it in both NAF hierarchies."""

    naf: str
    section: str
    division: str
    a10: str
    a17: str
    a38: str


def naf_hierarchies(rows: Iterable[NafRow]) -> tuple[dict[str, frozenset[str]], list[list[str]]]:
    """NAF nodes (id → sous-classes) and the two hierarchies as lists of levels, top first.

    Node ids: ``TOTAL``, ``sec:C``, ``div:25``, ``A10:BE``, ``A17:C5``, ``A38:CH`` and the sous-classe
    codes themselves. Divisions are the A88 level of the aggregate hierarchy.
    """
    members: dict[str, set[str]] = defaultdict(set)
    levels: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for level, node in (
            ("total", TOTAL), ("section", f"sec:{row.section}"), ("division", f"div:{row.division}"),
            ("a10", f"A10:{row.a10}"), ("a17", f"A17:{row.a17}"), ("a38", f"A38:{row.a38}"), ("naf", row.naf),
        ):  # fmt: skip
            members[node].add(row.naf)
            levels[level].add(node)
    hierarchies = [
        [sorted(levels[name]) for name in ("total", "section", "division", "naf")],
        [sorted(levels[name]) for name in ("total", "a10", "a17", "a38", "division")],
    ]
    return {node: frozenset(nafs) for node, nafs in members.items()}, hierarchies


@dataclass
class System:
    """Published geographies × NAF nodes over the atoms, with the relations of both dimensions."""

    geos: dict[str, frozenset[str]]  # canonical geography id -> geographic atoms
    nafs: dict[str, frozenset[str]]  # canonical NAF node id -> sous-classes (or OTHER)
    atoms: dict[tuple[str, str], Stats]  # (geographic atom, sous-classe) -> stats
    geo_relations: list[tuple[str, list[str]]]
    naf_relations: list[tuple[str, list[str]]]
    published: Mapping[str, frozenset[str]]  # geography -> NAF nodes its reports show
    geo_alias: dict[str, str] = field(default_factory=dict)  # any geography id -> its canonical id
    naf_alias: dict[str, str] = field(default_factory=dict)
    _cells: dict[Cell, Stats] | None = None

    @cached_property
    def atoms_by_geo_atom(self) -> dict[str, list[tuple[str, Stats]]]:
        out: dict[str, list[tuple[str, Stats]]] = defaultdict(list)
        for (geo_atom, naf), stats in self.atoms.items():
            out[geo_atom].append((naf, stats))
        return dict(out)

    @cached_property
    def geos_by_atom(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for geo, members in self.geos.items():
            for atom in members:
                out[atom].append(geo)
        return dict(out)

    def __getstate__(self) -> dict:  # indexes are rebuilt, not stored
        return {k: v for k, v in self.__dict__.items() if k not in ("atoms_by_geo_atom", "geos_by_atom")}

    def geo(self, name: str) -> str:
        return self.geo_alias.get(name, name)

    def naf(self, name: str) -> str:
        return self.naf_alias.get(name, name)

    def cell(self, geo: str, naf: str) -> Cell:
        """The canonical cell of a geography and a NAF node, under any of their names."""
        return self.geo(geo), self.naf(naf)

    @property
    def cells(self) -> dict[Cell, Stats]:
        """Every non-empty cell with its stats (computed once)."""
        if self._cells is None:
            self._cells = _cell_stats(self)
        return self._cells

    def stats(self, cell: Cell) -> Stats:
        found = self.cells.get(cell)
        return found if found is not None else self.cells.get(self.cell(*cell), ZERO)

    def is_published(self, cell: Cell) -> bool:
        geo, naf = self.cell(*cell)
        return naf in self.published.get(geo, frozenset())


def _cell_stats(system: System) -> dict[Cell, Stats]:
    by_geo_atom: dict[str, dict[str, Stats]] = defaultdict(dict)
    for (geo_atom, naf), stats in system.atoms.items():
        by_geo_atom[geo_atom][naf] = stats
    naf_of: dict[str, list[str]] = defaultdict(list)  # sous-classe -> the NAF nodes containing it
    for node, nafs in system.nafs.items():
        for naf in nafs:
            naf_of[naf].append(node)
    out: dict[Cell, Stats] = {}
    for geo, geo_atoms in system.geos.items():
        vector: dict[str, Stats] = {}
        for geo_atom in geo_atoms:
            for naf, stats in by_geo_atom.get(geo_atom, {}).items():
                vector[naf] = vector.get(naf, ZERO) + stats
        for naf, stats in vector.items():
            for node in naf_of.get(naf, ()):
                key = (geo, node)
                out[key] = out.get(key, ZERO) + stats
    return out


def _canonical(sets: Mapping[str, frozenset[str]], preferred: Sequence[str] = ()) -> tuple[dict, dict]:
    """One node per distinct set of members; aliases map every name to its node (the first preferred)."""
    rank = {name: i for i, name in enumerate(preferred)}
    by_members: dict[frozenset[str], str] = {}
    for name in sorted(sets, key=lambda n: (rank.get(n, len(rank)), n)):
        if sets[name]:
            by_members.setdefault(sets[name], name)
    nodes = {name: members for members, name in by_members.items()}
    aliases = {name: by_members[members] for name, members in sets.items() if members in by_members}
    return nodes, aliases


def _relations(nodes: Mapping[str, frozenset[str]], levels: list[list[str]], alias: Mapping[str, str]) -> list:
    """``parent = Σ children`` for consecutive levels, where the children partition the parent exactly."""
    found: dict[tuple[str, tuple[str, ...]], None] = {}
    for upper, lower in zip(levels, levels[1:], strict=False):
        for parent_name in upper:
            parent = alias.get(parent_name)
            if parent is None:
                continue
            children = sorted({alias[c] for c in lower if c in alias and nodes[alias[c]] <= nodes[parent]})
            children = [c for c in children if c != parent]
            if len(children) < 2:
                continue
            covered = [m for c in children for m in nodes[c]]
            if len(covered) == len(set(covered)) and set(covered) == nodes[parent]:
                found[(parent, tuple(children))] = None
    return [(parent, list(children)) for parent, children in found]


def _unique(relations: Iterable[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    seen: dict[tuple[str, tuple[str, ...]], None] = {}
    for parent, children in relations:
        seen[(parent, tuple(children))] = None
    return [(parent, list(children)) for parent, children in seen]


@dataclass(frozen=True)
class GeoInput:
    """A commune with what places it: its EPCI, its région and the official territories holding it."""

    commune: str
    epci: str
    region: str
    territories: frozenset[str]  # territory ids such as "ti-1:ti-2704"


def geographic_atoms(communes: Iterable[GeoInput]) -> dict[str, str]:
    """commune → geographic atom id: the communes with the same EPCI, région and territories."""
    ids: dict[tuple, str] = {}
    out = {}
    for c in communes:
        signature = (c.epci, c.region, tuple(sorted(c.territories)))
        if signature not in ids:
            ids[signature] = f"g{len(ids)}:{c.epci}:{c.region}:{'+'.join(signature[2])}"
        out[c.commune] = ids[signature]
    return out


# NAF nodes each kind of geography shows: the member-EPCI columns of a territory show A38 and the total;
# régions and France show what the comparisons and location quotients use.
def _shown(kind: str, nafs: Iterable[str]) -> frozenset[str]:
    if kind in ("epci", "territory"):
        return frozenset(n for n in nafs if n != OTHER)
    if kind == "part":
        return frozenset(n for n in nafs if n == TOTAL or n.startswith("A38:"))
    return frozenset(n for n in nafs if n in (ALL, TOTAL) or n.startswith(("A38:", "sec:")))


def build_system(communes: Iterable[GeoInput], naf_rows: Iterable[NafRow],
                 atom_rows: Iterable[tuple[str, str, float, int, float]]) -> System:  # fmt: skip
    """The publication system of every official geography covered by ``communes``.

    ``atom_rows``: (commune, sous-classe or ``OTHER``, jobs, employer establishments, largest
    establishment's estimated jobs), one row per commune × sous-classe of the year.
    """
    communes = list(communes)
    atom_of = geographic_atoms(communes)
    atoms: dict[tuple[str, str], Stats] = {}
    for commune, naf, jobs, units, largest in atom_rows:
        if commune not in atom_of:
            continue
        key = (atom_of[commune], naf)
        atoms[key] = atoms.get(key, ZERO) + Stats(float(jobs or 0), int(units or 0), float(largest or 0))

    kinds: dict[str, str] = {}
    geo_sets: dict[str, set[str]] = defaultdict(set)
    for c in communes:
        atom = atom_of[c.commune]
        for name, kind in ((FRANCE, "france"), (f"region:{c.region}", "region"), (f"epci:{c.epci}", "epci")):
            geo_sets[name].add(atom)
            kinds[name] = kind
        for territory in c.territories:
            geo_sets[f"territory:{territory}"].add(atom)
            geo_sets[f"part:{territory}:{c.epci}"].add(atom)
            kinds[f"territory:{territory}"], kinds[f"part:{territory}:{c.epci}"] = "territory", "part"
    order = {"france": 0, "region": 1, "epci": 2, "territory": 3, "part": 4}
    preferred = sorted(geo_sets, key=lambda n: (order[kinds[n]], n))
    geos, geo_alias = _canonical({k: frozenset(v) for k, v in geo_sets.items()}, preferred)

    naf_sets, hierarchies = naf_hierarchies(naf_rows)
    scope_nafs = naf_sets.get(TOTAL, frozenset())
    naf_sets[OTHER] = frozenset({OTHER})
    naf_sets[ALL] = scope_nafs | {OTHER}
    hierarchies.append([[ALL], [TOTAL, OTHER]])
    nafs, naf_alias = _canonical(naf_sets, [ALL, TOTAL, OTHER])

    by_kind: dict[str, list[str]] = defaultdict(list)
    for name in sorted(geo_sets):
        by_kind[kinds[name]].append(name)
    parts_of_territory: dict[str, list[str]] = defaultdict(list)
    parts_of_epci: dict[str, list[str]] = defaultdict(list)
    for part in by_kind["part"]:
        _prefix, wave, official_id, siren = part.split(":")
        parts_of_territory[f"territory:{wave}:{official_id}"].append(part)
        parts_of_epci[f"epci:{siren}"].append(part)
    geo_levels = [[[FRANCE], by_kind["region"]], [by_kind["region"], by_kind["epci"]]]
    geo_levels += [[[territory], parts_of_territory[territory]] for territory in by_kind["territory"]]
    # An EPCI split between territories, when its parts cover it exactly.
    geo_levels += [[[epci], parts_of_epci[epci]] for epci in by_kind["epci"] if parts_of_epci[epci]]
    geo_relations = _unique(r for pair in geo_levels for r in _relations(geos, pair, geo_alias))
    # Each hierarchy level by level, and where they cross: the section C is the sum of its divisions, and
    # also of the A17 branches C1 to C5 and of its A38 branches; the A17 branch DE is sections B, D and E.
    sections, a17, a38 = hierarchies[0][1], hierarchies[1][2], hierarchies[1][3]
    pairs = [list(p) for h in hierarchies for p in zip(h, h[1:], strict=False)]
    pairs += [[sections, a17], [a17, sections], [sections, a38]]
    naf_relations = _unique(r for pair in pairs for r in _relations(nafs, pair, naf_alias))

    published: dict[str, set[str]] = defaultdict(set)
    for name, kind in kinds.items():
        published[geo_alias[name]] |= {naf_alias[n] for n in _shown(kind, naf_sets) if n in naf_alias}
    return System(geos, nafs, atoms, geo_relations, naf_relations,
                  {g: frozenset(v) for g, v in published.items()}, geo_alias, naf_alias)  # fmt: skip
