"""BMO figures summed from employment basins to a territory.

Employment basins are France Travail's own zoning, not EPCI: a territory is made of communes, and the
commune → basin table (``bassin_emploi.csv.gz``, 404 basins) says which basins it touches. The join is on
the basin **code**; names come from the BMO file (the table's labels are older and differ for a few
codes). Three basins of recent BMO files are absent from the table (104 ILES DU NORD, 304 MATOURY, 7549
AIGUILLON in 2024; more in 2025): :func:`missing_basins` reports them, and they count in no territory.

A basin wholly inside the territory counts whole. A basin that **straddles** the territory's edge (some
of its communes in, some out) counts for a share of it, stated with the method that gave it:
``communes`` (the share of its communes inside, computed here: the only one available offline), or a
share given by the caller, such as ``population`` (the share of the basin's population living inside)
or ``establishments`` (the share of its establishments in the warehouse). Masked parts stay masked
whatever their share (:mod:`.figures`).

A basin spanning several départements has one BMO row per département: :func:`basin_job_matrix` adds
them (they are parts, not copies).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bmo import MASKED, BmoTable
from .csvfiles import rows
from .figures import Figure
from .problems import DataError, gettext_noop

COMMUNE = re.compile(r"\d[\dAB]\d{3}")
METHODS = {
    "whole": gettext_noop("every basin lies wholly inside the territory"),
    "communes": gettext_noop("share of the basin's communes inside the territory"),
    "population": gettext_noop("share of the basin's population living inside the territory"),
    "establishments": gettext_noop("share of the basin's establishments located inside the territory"),
}


@dataclass(frozen=True)
class BasinMap:
    """Commune code → basin code, and the table's own basin labels (used only when the BMO file has none)."""

    commune_basin: dict[str, int]
    labels: dict[int, str]

    def communes(self, basin: int) -> list[str]:
        return sorted(c for c, b in self.commune_basin.items() if b == basin)

    def commune_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for basin in self.commune_basin.values():
            counts[basin] = counts.get(basin, 0) + 1
        return counts


def read_basin_map(path: str | Path) -> BasinMap:
    """Read ``bassin_emploi.csv(.gz)`` (``code_commune_insee``, ``code_bassin_BMO``, ``lib_bassin_BMO``)."""
    commune_basin: dict[str, int] = {}
    labels: dict[int, str] = {}
    for line, row in rows(path, ("code_commune_insee", "code_bassin_BMO", "lib_bassin_BMO")):
        commune, basin = row["code_commune_insee"], row["code_bassin_BMO"]
        if not COMMUNE.fullmatch(commune):
            raise DataError(
                path,
                gettext_noop("invalid commune code %(value)r"),
                line=line,
                column="code_commune_insee",
                value=commune,
            )
        if not basin.isdigit():
            raise DataError(
                path, gettext_noop("invalid basin code %(value)r"), line=line, column="code_bassin_BMO", value=basin
            )
        if commune in commune_basin and commune_basin[commune] != int(basin):
            raise DataError(
                path,
                gettext_noop("commune %(value)s is in two basins"),
                line=line,
                column="code_commune_insee",
                value=commune,
            )
        commune_basin[commune] = int(basin)
        labels.setdefault(int(basin), row["lib_bassin_BMO"])
    return BasinMap(commune_basin, labels)


@dataclass(frozen=True)
class BasinShare:
    code: int
    share: float  # 1.0 for a basin wholly inside
    straddling: bool
    communes_inside: int
    communes_total: int


@dataclass(frozen=True)
class TerritoryBasins:
    """The basins a territory touches, each with the share of it that counts, and how it was apportioned."""

    basins: tuple[BasinShare, ...]
    method: str  # a key of METHODS
    unknown_communes: tuple[str, ...]  # communes of the territory absent from the basin table

    @property
    def weights(self) -> dict[int, float]:
        return {b.code: b.share for b in self.basins}

    @property
    def straddling(self) -> tuple[int, ...]:
        return tuple(b.code for b in self.basins if b.straddling)

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)


def territory_basins(
    communes: Iterable[str],
    basin_map: BasinMap,
    shares: Mapping[int, float] | None = None,
    method: str | None = None,
) -> TerritoryBasins:
    """The basins of a territory given by its commune codes.

    Without ``shares``, a straddling basin counts for the share of its communes inside (method
    ``communes``). With ``shares`` ({basin code: share in [0, 1]}, e.g. of population or establishments),
    ``method`` must name how they were computed, and every straddling basin needs one; a share given
    for a basin wholly inside is ignored (it counts whole).
    """
    if shares is not None and not method:
        raise ValueError("shares given without the method that computed them")
    communes = set(communes)
    inside: dict[int, int] = {}
    unknown = []
    for commune in sorted(communes):
        basin = basin_map.commune_basin.get(commune)
        if basin is None:
            unknown.append(commune)
        else:
            inside[basin] = inside.get(basin, 0) + 1
    totals = basin_map.commune_counts()
    found = []
    for code in sorted(inside):
        straddling = inside[code] < totals[code]
        share = 1.0
        if straddling:
            if shares is None:
                share = inside[code] / totals[code]
            elif code not in shares:
                raise ValueError(f"no {method} share given for basin {code}, which straddles the territory's edge")
            else:
                share = float(shares[code])
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"the share of basin {code} is {share}, not between 0 and 1")
        found.append(BasinShare(code, share, straddling, inside[code], totals[code]))
    chosen = "whole" if not any(b.straddling for b in found) else "communes" if shares is None else str(method)
    return TerritoryBasins(tuple(found), chosen, tuple(unknown))


def missing_basins(table: BmoTable, basin_map: BasinMap) -> dict[int, str]:
    """Basins of the BMO file absent from the commune table (code → BMO name): no territory gets them."""
    return {code: name for code, name in sorted(table.basin_names.items()) if code not in basin_map.labels}


@dataclass
class BasinJobMatrix:
    """A BMO file summed per basin × job (département parts added), as ``(basins, jobs)`` arrays.

    For each of projects / difficult / seasonal: the sum of the published parts (``*_value``) and the
    number of masked parts (``*_masked``). For the shares: the projects and the difficult (resp.
    seasonal) projects of the parts where both are published (``difficult_basis``, ``difficult_known``…).
    ``present`` counts the rows (0: the job has no row in that basin).
    """

    year: int
    source: str
    basins: np.ndarray  # int32 basin codes, sorted
    jobs: tuple[str, ...]
    job_names: dict[str, str]
    basin_names: dict[int, str]
    values: dict[str, np.ndarray]  # "projects" / "difficult" / "seasonal" -> float64 (B, J)
    masked: dict[str, np.ndarray]  # -> int32 (B, J)
    basis: dict[str, np.ndarray]  # "difficult" / "seasonal" -> float64 (B, J): projects where both published
    known: dict[str, np.ndarray]  # "difficult" / "seasonal" -> float64 (B, J): those parts' difficult / seasonal
    present: np.ndarray  # int32 (B, J)

    def basin_index(self) -> dict[int, int]:
        return {int(b): i for i, b in enumerate(self.basins)}

    def weight_matrix(self, territories: Sequence[TerritoryBasins]) -> np.ndarray:
        """(territories, basins) float64: the share of each basin counted in each territory."""
        index = self.basin_index()
        weights = np.zeros((len(territories), len(self.basins)))
        for t, territory in enumerate(territories):
            for basin in territory.basins:
                if basin.code in index:
                    weights[t, index[basin.code]] = basin.share
        return weights


def basin_job_matrix(table: BmoTable) -> BasinJobMatrix:
    basins, basin_row = np.unique(table.basin, return_inverse=True)
    shape = (len(basins), len(table.job_codes))
    flat = basin_row * shape[1] + table.job

    def summed(weights: np.ndarray) -> np.ndarray:
        return np.bincount(flat, weights=weights, minlength=shape[0] * shape[1]).reshape(shape)

    values, masked, basis, known = {}, {}, {}, {}
    counts = {"projects": table.projects, "difficult": table.difficult, "seasonal": table.seasonal}
    for key, column in counts.items():
        published = column != MASKED
        values[key] = summed(np.where(published, column, 0).astype(np.float64))
        masked[key] = summed((~published).astype(np.float64)).astype(np.int32)
    for key in ("difficult", "seasonal"):
        both = (table.projects != MASKED) & (counts[key] != MASKED)
        basis[key] = summed(np.where(both, table.projects, 0).astype(np.float64))
        known[key] = summed(np.where(both, counts[key], 0).astype(np.float64))
    present = summed(np.ones(len(table.job))).astype(np.int32)
    return BasinJobMatrix(
        year=table.year,
        source=table.source,
        basins=basins.astype(np.int32),
        jobs=table.job_codes,
        job_names=dict(table.job_names),
        basin_names=dict(table.basin_names),
        values=values,
        masked=masked,
        basis=basis,
        known=known,
        present=present,
    )


@dataclass(frozen=True)
class JobFigures:
    job: str
    name: str
    projects: Figure
    difficult: Figure
    seasonal: Figure
    difficult_share: float | None  # over the parts where both are published; None when there is none
    difficult_share_basis: float  # the projects those parts hold
    seasonal_share: float | None
    seasonal_share_basis: float


@dataclass(frozen=True)
class TerritoryFigures:
    year: int
    source: str
    method: str
    method_label: str
    basins: tuple[tuple[BasinShare, str], ...]  # with the BMO name
    jobs: tuple[JobFigures, ...]  # the jobs with at least one row in the territory's basins, most projects first
    unknown_communes: tuple[str, ...]


def _ratio(known: float, basis: float) -> float | None:
    return known / basis if basis > 0 else None


def territory_figures(matrix: BasinJobMatrix, territory: TerritoryBasins) -> TerritoryFigures:
    """The BMO figures of one territory, job by job, apportioned as ``territory`` says."""
    weights = matrix.weight_matrix([territory])[0]
    touched = weights > 0
    value = {k: weights @ v for k, v in matrix.values.items()}
    masked = {k: touched.astype(np.int32) @ v for k, v in matrix.masked.items()}
    basis = {k: weights @ v for k, v in matrix.basis.items()}
    known = {k: weights @ v for k, v in matrix.known.items()}
    present = touched.astype(np.int32) @ matrix.present
    jobs = []
    for j, code in enumerate(matrix.jobs):
        if not present[j]:
            continue
        jobs.append(
            JobFigures(
                job=code,
                name=matrix.job_names.get(code, code),
                projects=Figure(float(value["projects"][j]), int(masked["projects"][j])),
                difficult=Figure(float(value["difficult"][j]), int(masked["difficult"][j])),
                seasonal=Figure(float(value["seasonal"][j]), int(masked["seasonal"][j])),
                difficult_share=_ratio(known["difficult"][j], basis["difficult"][j]),
                difficult_share_basis=float(basis["difficult"][j]),
                seasonal_share=_ratio(known["seasonal"][j], basis["seasonal"][j]),
                seasonal_share_basis=float(basis["seasonal"][j]),
            )
        )
    jobs.sort(key=lambda f: (-f.projects.value, f.job))
    named = tuple((b, matrix.basin_names.get(b.code, "")) for b in territory.basins)
    return TerritoryFigures(
        year=matrix.year,
        source=matrix.source,
        method=territory.method,
        method_label=territory.method_label,
        basins=named,
        jobs=tuple(jobs),
        unknown_communes=territory.unknown_communes,
    )
