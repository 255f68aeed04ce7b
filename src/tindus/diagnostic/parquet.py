"""The indicator tables of every territory in one Parquet file, for data teams.

One line per cell, as anyone may read it on the public diagnostic pages: the cells come from the page's
report (:func:`.services.build_report`, secrecy applied there), through :func:`.tables.indicator_tables`.
A masked cell has ``value`` null and ``secret`` true. The file is made by a shared background job (one per
warehouse state and set of perimeters); the API serves the newest one.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, JobError, job_task, job_url, start_shared_job
from tindus.jobs.models import Job
from tindus.jobs.results import result_available
from tindus.territories.models import Territory
from tindus.warehouse.queries import WarehouseUnavailableError
from tindus.warehouse.versions import pinned

from .services import build_report, warehouse_state
from .tables import indicator_tables

logger = logging.getLogger("tindus.diagnostic")
FILENAME = "tindus-indicateurs.parquet"
COLUMNS = ("territory", "table", "row", "row_label", "column", "unit", "value", "secret", "source", "vintage",
           "synthetic")  # fmt: skip


def cells_of(slug: str, tables: Iterable[dict]) -> Iterable[dict]:
    """One record per cell of ``tables`` (of the territory ``slug``)."""
    for table in tables:
        units = {c["id"]: c["unit"] for c in table["columns"]}
        for row in table["rows"]:
            source = row.get("source") or table["source"]
            for cell in row["cells"]:
                value = cell["value"]
                yield {
                    "territory": slug, "table": table["id"], "row": row["id"], "row_label": row["label"],
                    "column": cell["column"], "unit": units[cell["column"]] or row.get("unit") or "",
                    "value": None if cell["secret"] or value is None else float(value), "secret": cell["secret"],
                    "source": source["source"], "vintage": source["vintage"], "synthetic": source["synthetic"],
                }  # fmt: skip


def schema():
    import pyarrow as pa

    text = pa.string()
    return pa.schema([("territory", text), ("table", text), ("row", text), ("row_label", text), ("column", text),
                      ("unit", text), ("value", pa.float64()), ("secret", pa.bool_()), ("source", text),
                      ("vintage", text), ("synthetic", pa.bool_())])  # fmt: skip


def write(out: str | Path | IO[bytes], territories: Iterable[Territory] | None = None,
          say: Callable[[int, int, Territory], None] | None = None) -> dict:  # fmt: skip
    """Write the indicator tables of ``territories`` (every territory by default) to ``out``; the territories
    the warehouse does not cover are left out and listed in the answer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    found = list(territories if territories is not None else Territory.objects.order_by("slug"))
    records: dict[str, list] = {name: [] for name in COLUMNS}
    written, skipped = [], []
    for number, territory in enumerate(found):
        if say:
            say(number, len(found), territory)
        try:
            report = build_report(territory=territory)
        except WarehouseUnavailableError:
            raise
        except (LookupError, ValueError) as error:  # not covered by the warehouse, or no series
            skipped.append(territory.slug)
            logger.info("Parquet: %s left out (%s)", territory.slug, error)
            continue
        for record in cells_of(territory.slug, indicator_tables(report)):
            for name in COLUMNS:
                records[name].append(record[name])
        written.append(territory.slug)
    pq.write_table(pa.Table.from_pydict(records, schema=schema()), out, compression="zstd")
    return {"territories": written, "skipped": skipped, "cells": len(records["territory"])}


@job_task(gettext_noop("Indicator tables of every territory (Parquet)"))
def export_indicators_parquet(job: JobContext) -> None:
    def say(number: int, total: int, territory: Territory) -> None:
        job.progress(number, total + 1, _("Diagnostic of %(name)s") % {"name": territory.name})

    buffer = io.BytesIO()
    try:
        with pinned():
            done = write(buffer, say=say)
    except WarehouseUnavailableError:
        raise JobError(_("The warehouse is not available (an import may be running): try again later.")) from None
    with job.open_result(FILENAME, binary=True) as out:
        out.write(buffer.getvalue())
    job.summary = _("%(count)s territories, %(cells)s cells.") % {
        "count": len(done["territories"]), "cells": done["cells"]}  # fmt: skip


def state() -> list:
    """What the file is made of besides the code: the warehouse's state and every territory's perimeter."""
    perimeters = sorted(Territory.objects.values_list("slug", "communes__code", "communes__vintage"),
                        key=lambda t: tuple(str(v) for v in t))  # fmt: skip
    return [warehouse_state(), [list(p) for p in perimeters]]


def refresh() -> str:
    """Start (or find) the shared job making the file of the current state; the address of its page."""
    return job_url(start_shared_job(export_indicators_parquet, state=state()))


def latest_job() -> Job | None:
    jobs = Job.objects.filter(task_path=export_indicators_parquet.module_path, status=Job.Status.SUCCEEDED)
    for job in jobs.order_by("-finished_at")[:5]:
        if result_available(job):
            return job
    return None
