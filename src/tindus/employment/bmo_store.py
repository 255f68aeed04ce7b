"""BMO files kept in the database: summed to basin × job cells at import, read back for a territory's basins.

A national file serves every territory; a territory's own import of a year wins over the national one of
that year (:func:`current_import`). The shipped 2024 and 2025 data sheets are loaded by ``tindus setup``
when their checksum differs from the loaded one (:func:`load_shipped_bmo`): safe to run again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tindus.files import sha256 as file_sha256
from tindus.territories.models import Territory

from .compute.basins import BasinJobMatrix, basin_job_matrix, missing_basins
from .compute.bmo import BmoTable, read_bmo
from .models import BmoCell, BmoImport
from .reference import SHIPPED_BMO, basin_map, fap2021

COUNTS = ("projects", "difficult", "seasonal")
BATCH = 5000


def known_jobs() -> frozenset[str]:
    """The FAP 2021 228-level codes: a BMO row of another code is refused at its line."""
    return frozenset(fap2021().labels["228"])


@transaction.atomic
def store_bmo(
    table: BmoTable,
    *,
    sha256: str,
    territory: Territory | None = None,
    shipped: bool = False,
    user: Any = None,
) -> BmoImport:
    """Save ``table`` as the current import of its year (national when ``territory`` is None); the previous
    current one keeps its provenance and loses its cells."""
    matrix = basin_job_matrix(table)
    previous = BmoImport.objects.filter(territory=territory, year=table.year, current=True)
    BmoCell.objects.filter(bmo_import__in=previous).delete()
    previous.update(current=False)
    departements = table.basin_departements()
    record = BmoImport.objects.create(
        territory=territory,
        year=table.year,
        source=table.source,
        sha256=sha256,
        rows=len(table),
        nomenclature=table.nomenclature,
        shipped=shipped,
        jobs=dict(sorted(table.job_names.items())),
        basins={
            str(code): {"name": name, "departements": list(departements.get(code, ()))}
            for code, name in sorted(table.basin_names.items())
        },
        missing_basins={str(code): name for code, name in missing_basins(table, basin_map()).items()},
        imported_by=user if getattr(user, "is_authenticated", False) else None,
    )
    cells = []
    for b, j in zip(*np.nonzero(matrix.present), strict=True):
        cells.append(
            BmoCell(
                bmo_import=record,
                basin=int(matrix.basins[b]),
                job=matrix.jobs[j],
                rows=int(matrix.present[b, j]),
                **{key: int(round(matrix.values[key][b, j])) for key in COUNTS},
                **{f"{key}_masked": int(matrix.masked[key][b, j]) for key in COUNTS},
                **{f"{key}_basis": int(round(matrix.basis[key][b, j])) for key in ("difficult", "seasonal")},
                **{f"{key}_known": int(round(matrix.known[key][b, j])) for key in ("difficult", "seasonal")},
            )
        )
    BmoCell.objects.bulk_create(cells, batch_size=BATCH)
    return record


def load_shipped_bmo(say: Callable[[str], None] = print) -> list[int]:
    """Load the BMO files shipped in ``employment/data`` whose checksum differs from the current national
    import of their year; the years loaded."""
    loaded = []
    for year, path in sorted(SHIPPED_BMO.items()):
        digest = file_sha256(path)
        if BmoImport.objects.filter(territory=None, year=year, current=True, sha256=digest).exists():
            continue
        table = read_bmo(path, known_jobs=known_jobs())
        store_bmo(table, sha256=digest, shipped=True)
        loaded.append(year)
        say(
            _("BMO %(year)s loaded: %(rows)s rows of France Travail's national file.")
            % {"year": year, "rows": len(table)}
        )
    return loaded


def current_imports(territory: Territory) -> dict[int, BmoImport]:
    """The BMO import each year uses for ``territory``: its own, else the national one; newest year first."""
    found: dict[int, BmoImport] = {}
    rows = BmoImport.objects.filter(current=True).filter(Q(territory=None) | Q(territory=territory))
    # a territory's own (not null) before the national one, on every database (PostgreSQL sorts nulls last)
    for record in rows.order_by("year", F("territory_id").desc(nulls_last=True)):
        found.setdefault(record.year, record)
    return dict(sorted(found.items(), reverse=True))


def matrix_for(record: BmoImport, basins: Iterable[int]) -> BasinJobMatrix:
    """The stored cells of these basins as a :class:`BasinJobMatrix` over every job of the file."""
    jobs = tuple(sorted(record.jobs))
    wanted = sorted(set(basins))
    cells = list(
        BmoCell.objects.filter(bmo_import=record, basin__in=wanted).values_list(
            "basin", "job", "rows", *COUNTS, *(f"{k}_masked" for k in COUNTS),
            "difficult_basis", "difficult_known", "seasonal_basis", "seasonal_known",
        )
    )  # fmt: skip
    codes = np.asarray(sorted({c[0] for c in cells}), dtype=np.int32)
    row_of = {int(b): i for i, b in enumerate(codes)}
    col_of = {job: j for j, job in enumerate(jobs)}
    shape = (len(codes), len(jobs))
    values = {k: np.zeros(shape) for k in COUNTS}
    masked = {k: np.zeros(shape, dtype=np.int32) for k in COUNTS}
    basis = {k: np.zeros(shape) for k in ("difficult", "seasonal")}
    known = {k: np.zeros(shape) for k in ("difficult", "seasonal")}
    present = np.zeros(shape, dtype=np.int32)
    for basin, job, rows, p, d, s, pm, dm, sm, db, dk, sb, sk in cells:
        at = (row_of[basin], col_of[job])
        present[at] = rows
        values["projects"][at], values["difficult"][at], values["seasonal"][at] = p, d, s
        masked["projects"][at], masked["difficult"][at], masked["seasonal"][at] = pm, dm, sm
        basis["difficult"][at], known["difficult"][at] = db, dk
        basis["seasonal"][at], known["seasonal"][at] = sb, sk
    return BasinJobMatrix(
        year=record.year,
        source=record.source,
        basins=codes,
        jobs=jobs,
        job_names=dict(record.jobs),
        basin_names={int(code): info["name"] for code, info in record.basins.items()},
        values=values,
        masked=masked,
        basis=basis,
        known=known,
        present=present,
    )
