"""Diagnostics side by side: the key industrial indicators of the followed territories of a région (or of
France), with ranks, the région and France as references (docs/programme/diagnostics.md).

Each territory's figures come from its own diagnostic report (``diagnostic.services.build_report``, the dict
its page shows), so that statistical secrecy is that page's. The diagnostic is public: no sharing level
applies to it. Building the reports of a région (about 0.5 s each uncached) or of the 183 territories does
not fit in a web request: a shared background job builds the table once per warehouse state, set of
followed territories and language (:func:`current`), and the pages show its result.

The région's and France's rows are the « Comparison » rows of the territories' reports; their SIRENE figures,
which no report holds (share of the scope in active establishments, establishments of 50 employees or more),
are computed as the report computes a zone's, on the communes of the départements the warehouse covers (the
région and « France » of those rows), the size table's secrecy applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.core.collation import french_key
from tindus.diagnostic import data
from tindus.diagnostic.report import ZoneNotCoveredError
from tindus.diagnostic.report import _protected_counts as protected_size_table  # the size table's own secrecy
from tindus.diagnostic.services import build_report, not_covered_message, warehouse_state
from tindus.jobs.models import Job
from tindus.jobs.results import result_available
from tindus.referentials.models import Region
from tindus.territories.models import Territory
from tindus.warehouse.services import get_warehouse
from tindus.warehouse.store import aggregate_source

from .compute import diagnostics as core
from .scope import Followed, followed_territories

FRANCE = "FR"
Progress = Callable[[int, int | None, str], None]


# --- the table, built by the background job ----------------------------------------------------------------


def build(region: Region | None, progress: Progress | None = None) -> dict[str, Any]:
    """The side-by-side table of the followed territories of ``region`` (None: all of France), as JSON values.

    The caller pins the warehouse version (``warehouse.versions.pinned``) so that every report reads the same.
    """
    followed = followed_territories(region)
    codes = dict(Region.objects.values_list("pk", "code"))
    regions = [region] if region is not None else list(Region.objects.all())
    wanted = {r.code for r in regions}
    territories, meta, references, france = [], None, {}, None
    for done, item in enumerate(followed):
        if progress:
            progress(done, len(followed), _("Diagnostic of %(name)s") % {"name": item.label})
        row, report = _territory_row(item, codes.get(item.region_id, ""))
        territories.append(row)
        if report is None:
            continue
        meta = meta or _meta(report)
        france = france or core.comparison_row(report, "france")
        for code in wanted - set(references):
            found = core.comparison_row(report, "region", code)
            if found is not None:
                references[code] = found
    if progress:
        progress(len(followed), len(followed), _("Establishments of the régions and of France"))
    counts = _establishments_by_region() if meta else {}
    ranked = core.ranks({row["id"]: row["values"] for row in territories})
    for row in territories:
        row["ranks"] = ranked[row["id"]]
    return {
        "region": region.code if region else "",
        "built_at": timezone.now().isoformat(),
        "meta": meta,
        "territories": territories,
        "regions": [
            {
                "code": r.code,
                "name": r.name,
                "followed": sum(1 for t in territories if t["region"] == r.code),
                "covered": sum(1 for t in territories if t["region"] == r.code and t["values"] is not None),
                "values": _reference_values(references.get(r.code), counts.get(r.code)),
            }
            for r in sorted(regions, key=lambda r: french_key(r.name))
        ],
        "france": {"label": france["label"], "values": _reference_values(france, counts.get(FRANCE))}
        if france
        else None,
    }


def _territory_row(item: Followed, region_code: str) -> tuple[dict, dict | None]:
    territory = item.territory
    row = {"id": territory.pk, "slug": territory.slug, "label": item.label, "region": region_code,
           "demo": territory.is_demo, "values": None, "reason": ""}  # fmt: skip
    try:
        report = build_report(territory=territory)
    except ZoneNotCoveredError as error:
        row["reason"] = (
            not_covered_message(error)
            if error.missing
            else _("None of the territory's communes is in the warehouse's reference tables.")
        )
        return row, None
    except (LookupError, ValueError) as error:  # a warehouse without URSSAF series, a period outside it
        row["reason"] = str(error)
        return row, None
    row["values"] = core.territory_values(report)
    return row, report


def _meta(report: dict) -> dict:
    """What the source line says: scope, period, reference, sources and their vintage, synthetic or not."""
    return {key: report[key] for key in ("scope_label", "period", "reference", "sources", "synthetic")}


def _reference_values(row: dict | None, counts: Counts | None) -> dict | None:
    values = core.values_of(row)
    if values is None:
        return None
    counts = counts or Counts()
    values["establishment_share"] = core.establishment_share(counts.in_scope, counts.everything)
    values["large_employers"] = core.large_employers(protected_size_table(counts.bands)) if counts.bands else None
    return values


@dataclass
class Counts:
    """Active SIRENE establishments of a région or of France: by headcount band, in the scope, with a sector."""

    bands: dict[str, int] = field(default_factory=dict)
    in_scope: int = 0
    everything: int = 0

    def add(self, other: Counts) -> None:
        for band, count in other.bands.items():
            self.bands[band] = self.bands.get(band, 0) + count
        self.in_scope += other.in_scope
        self.everything += other.everything


def _establishments_by_region(scope: str = "industry") -> dict[str, Counts]:
    """The active establishments of every région and of France (code ``FR``), counted as the report counts a
    zone's (``data.size_structure``: by headcount band, « NN » for none; ``data.establishments_by``: those
    with a known activity, and those of the scope), on the communes of the départements the URSSAF series
    covers: the région and « France » of the comparison rows."""
    con = get_warehouse().connect(read_only=True)
    try:
        rows = con.execute(
            f"""
            WITH places AS (SELECT code, min(current_code) AS current_code FROM ref_commune GROUP BY code),
                 current AS (SELECT DISTINCT current_code, region FROM ref_commune
                             WHERE code = current_code AND departement IN (SELECT unnest(?::VARCHAR[])))
            SELECT c.region, coalesce(e.size_band, 'NN'), count(*),
                   count(n.naf) FILTER (WHERE n.section IN (SELECT unnest(?::VARCHAR[]))), count(n.naf)
            FROM {aggregate_source(con, "agg_est_commune")} e
                 JOIN places p ON p.code = e.commune JOIN current c ON c.current_code = p.current_code
                 LEFT JOIN ref_naf n ON n.naf = e.naf
            WHERE e.active GROUP BY ALL
            """,
            [data.coverage(con), list(data.SCOPES[scope])],
        ).fetchall()
    finally:
        con.close()
    out: dict[str, Counts] = {}
    for region, band, count, in_scope, known in rows:
        part = Counts({band: int(count)}, int(in_scope), int(known))
        for code in (region, FRANCE):
            out.setdefault(code, Counts()).add(part)
    return out


# --- the job's result, for the pages --------------------------------------------------------------------------


def state(followed: list[Followed]) -> list[str]:
    """What the table is made of besides the language: the warehouse's state and the followed territories
    (their names, région and communes). Raises ``WarehouseUnavailableError`` when the warehouse cannot be read."""
    ids = [item.territory.pk for item in followed]
    rows = (
        Territory.communes.through.objects.filter(territory_id__in=ids)
        .values("territory_id")
        .annotate(n=Count("commune_id"), total=Sum("commune_id"))
        .order_by()
    )
    communes = {row["territory_id"]: (row["n"], row["total"]) for row in rows}
    digest = hashlib.sha256()
    for item in followed:
        digest.update(f"{item.territory.pk}:{item.label}:{item.region_id}:{communes.get(item.territory.pk)};".encode())
    return [warehouse_state(), digest.hexdigest()]


def current(region: Region | None) -> tuple[dict | None, Job | None]:
    """The table of ``region`` (None: France) for the warehouse's present state, and the shared job that makes
    it: started if no job of that state is running or kept, its result None until it has succeeded. A région
    where the programme follows no territory needs no job (nor the warehouse): its table says so at once."""
    from tindus.jobs.api import start_shared_job

    from .tasks_diagnostics import compare_diagnostics

    followed = followed_territories(region)
    if not followed:
        return build(region), None
    job = start_shared_job(compare_diagnostics, state=state(followed), region=region.code if region else "")
    if job.status != Job.Status.SUCCEEDED or not result_available(job):
        return None, job
    with default_storage.open(job.result_file.name, "rb") as handle:
        return json.loads(handle.read()), job


# --- what the tables show ------------------------------------------------------------------------------------


def columns() -> list[dict]:
    """The indicators in the order of the tables: key, French label and unit."""
    labels = {
        "industry_jobs": _("Industrial jobs"),
        "industry_share": _("Share of industry in jobs"),
        "change": _("Change in industrial jobs"),
        "annual_rate": _("Annual rate of change"),
        "lq_industry": _("Specificity of industry (LQ)"),
        "establishment_share": _("Share of industry in active establishments"),
        "large_employers": _("Establishments of 50 employees or more (all sectors)"),
    }
    return [{"key": key, "label": labels[key], "unit": core.UNITS[key]} for key in core.INDICATORS]


def for_display(table: dict) -> dict:
    """The job's table as the templates read it: each row's cells (value and unit; rank, None when the figure
    is masked or missing) in the order of :func:`columns`, the régions' names beside their codes."""
    names = dict(Region.objects.values_list("code", "name"))
    keys = core.INDICATORS
    territories = [
        {**row, "region_name": names.get(row["region"], ""),
         "cells": [{"value": (row["values"] or {}).get(k), "unit": core.UNITS[k],
                    "rank": (row.get("ranks") or {}).get(k)} for k in keys]}
        for row in table["territories"]
    ]  # fmt: skip

    def reference(row: dict | None) -> dict | None:
        if row is None:
            return None
        return {"label": row.get("name", ""), **row,
                "cells": [{"value": (row["values"] or {}).get(k), "unit": core.UNITS[k]} for k in keys]}  # fmt: skip

    regions = [reference(row) for row in table["regions"]]
    france = reference(table["france"])
    return {
        "built_at": dt.datetime.fromisoformat(table["built_at"]),
        "territories": territories,
        "ranked": [row for row in territories if row["values"] is not None],
        "ranked_counts": [sum(1 for row in territories if row["cells"][i]["rank"]) for i in range(len(keys))],
        "regions": regions,
        "france": france,
        "references": [*regions, *([france] if france else [])],
        "france_reference": [france] if france else [],
    }
