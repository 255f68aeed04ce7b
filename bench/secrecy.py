"""Benchmark: joint statistical-secrecy protection of every official geography of France (not a test).

On a national synthetic warehouse (built once in ``--workdir`` by :func:`diagnostic.build_warehouse`):
the protection of every publication set, i.e. the totals of every geography for every year of the
URSSAF series, then every NAF level × every geography (all territories of both waves, their EPCI and
parts, every EPCI, région and France) for the last year; the independent auditor on a random sample
of ``--sample`` publication sets; and the cells that protecting each table alone (the former method)
would suppress, counted on the same published tables of the territories and EPCI. Last line:
``protect_all_s=… audit_recoverable=… audit_below_level=… vs_table_by_table=…``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from _common import peak_rss_gb, setup_django

from diagnostic import build_warehouse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--sample", type=int, default=20, help="publication sets to audit")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    import duckdb

    from tindus.diagnostic import data
    from tindus.diagnostic.compute.audit import audit
    from tindus.diagnostic.compute.baseline import table_by_table
    from tindus.diagnostic.protected import ProtectedTables, audit_sets

    workdir = args.workdir or Path(tempfile.gettempdir()) / f"tindus-bench-national-{args.scale}"
    workdir.mkdir(parents=True, exist_ok=True)
    path = build_warehouse(workdir, args.scale)
    con = duckdb.connect(str(path), read_only=True)
    years = data.years(con)
    cache = Path(tempfile.mkdtemp(prefix="tindus-secrecy-"))

    started = time.monotonic()
    protected = ProtectedTables(con, cache)
    protected.totals(years[-1])
    totals_s = time.monotonic() - started
    year = protected.full(years[-1])
    protect_s = time.monotonic() - started
    system, protection = year.system, year.protection
    sets = audit_sets(system)
    territories = sum(s[0].startswith("territory:") for s in sets)
    print(f"{len(system.geos)} geographies, {len(system.nafs)} NAF nodes, {len(system.cells)} non-empty cells, "
          f"{len(sets)} publication sets ({territories} with a territory); totals of {len(years)} years "
          f"{totals_s:.1f} s, then {years[-1]} in full {protect_s - totals_s:.1f} s")  # fmt: skip

    sample = random.Random(args.seed).sample(sets, min(args.sample, len(sets)))
    started = time.monotonic()
    recoverable = below = intervals = 0
    for geos in sample:
        report = audit(system, protection, geos)
        recoverable += len(report.recoverable)
        below += len(report.below_level)
        intervals += len(report.intervals)
    audit_s = time.monotonic() - started
    print(f"audit of {len(sample)} sets: {intervals} masked cells bounded in {audit_s:.1f} s")

    def reports(cells) -> int:
        return sum(1 for c in cells if system.is_published(c) and c[0].startswith(("epci:", "territory:")))

    joint = reports(protection.masked)
    baseline = reports(table_by_table(system))
    shown = reports(system.cells)
    print(f"suppressed in the territories' and EPCI's tables: joint {joint}, table by table {baseline}, "
          f"of {shown} non-empty published cells; peak memory {peak_rss_gb():.2f} GB")  # fmt: skip
    print(
        f"protect_all_s={protect_s:.1f} audit_recoverable={recoverable} audit_below_level={below} "
        f"vs_table_by_table={joint / baseline:.2f}"
    )


if __name__ == "__main__":
    main()
