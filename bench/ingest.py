"""Benchmark: import of a national SIRENE stock, against pandas and DuckDB's raw read (not a test).

Generates a synthetic StockEtablissement in the official format (about 35 million rows at scale 1;
``--scale`` shrinks it), then measures on the same CSV file, each in a fresh process. Timings are of
the work itself, measured inside each process (interpreter and Django start-up excluded); peak
memory is each process's own high-water mark (VmHWM).

- ``tindus``: this importer (header check, Luhn/NAF/commune validation, report, atomic replace, then
  the rebuild of the aggregate tables that make territory reports fast), into an empty warehouse;
  then the same import into the loaded warehouse, whose new version starts as a copy of the current
  one (copy-on-write), and that copy alone (the file first dropped from the page cache);
- ``pandas``: what a chargé d'études would write: chunked ``read_csv(dtype=str)`` of the file + ``concat``;
- ``floor``: DuckDB reading the same columns of the file into a table, with no validation (timed until
  the table is on disk, as the importer's is when it returns).

pandas may not hold the national stock in 24 GB: ``--pandas-rows`` (default 5 million) caps the
rows it reads, and its figure is compared per row. Last line: ``ingest_vs_pandas=… ingest_vs_floor=…
peak_gb=… cow_copy_s=… cow_share=…`` (the copy's seconds, and its share of the second import).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from _common import measure, setup_django

setup_django()
from tindus.warehouse.importer import ESTABLISHMENT_COLUMNS  # noqa: E402

COLUMNS = ESTABLISHMENT_COLUMNS  # what the importer reads, so that the floor reads the same

TINDUS = """
import json, os, sys, time
from _common import peak_rss_gb, setup_django
setup_django()
from pathlib import Path
from tindus.warehouse.importer import import_file
from tindus.warehouse.reference import sync_reference
from tindus.warehouse.store import Warehouse
warehouse = Warehouse(Path(sys.argv[1]), memory_limit="4GB", threads=2)
sync_reference(warehouse)
started = time.monotonic()
report = import_file(warehouse, Path(sys.argv[2]), synthetic=True)
seconds = time.monotonic() - started
peak_gb = peak_rss_gb()
# The same import again, now into a loaded warehouse: its new version starts as a copy of the current one.
size_gb = warehouse.version().path.stat().st_size / 1e9
started = time.monotonic()
import_file(warehouse, Path(sys.argv[2]), synthetic=True)
again = time.monotonic() - started
from tindus.warehouse.versions import copy_file
scratch = Path(sys.argv[1]).with_name("bench-copy.duckdb")
current = warehouse.version().path
fd = os.open(current, os.O_RDONLY)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)  # out of the page cache, as a version written long ago
os.close(fd)
started = time.monotonic()
copy_file(current, scratch)  # the copy alone, as an import makes it (from disk)
copy = time.monotonic() - started
scratch.unlink()
print(json.dumps({"rows": report.rows_kept, "read": report.rows_read, "seconds": seconds, "peak_gb": peak_gb,
                  "again_seconds": again, "copy_seconds": copy, "warehouse_gb": size_gb}))
"""

PANDAS = """
import json, sys, time
import pandas as pd
from _common import peak_rss_gb
started = time.monotonic()
limit = int(sys.argv[3])
chunks, rows = [], 0
for chunk in pd.read_csv(sys.argv[1], dtype=str, chunksize=1_000_000, keep_default_na=False):
    chunks.append(chunk)
    rows += len(chunk)
    if rows >= limit:
        break
frame = pd.concat(chunks, ignore_index=True)
print(json.dumps({"rows": len(frame), "seconds": time.monotonic() - started, "peak_gb": peak_rss_gb()}))
"""

FLOOR = """
import json, sys, time
import duckdb
from _common import peak_rss_gb
started = time.monotonic()
con = duckdb.connect(sys.argv[1])
con.execute("SET memory_limit='4GB'"); con.execute("SET threads=2")
columns = json.loads(sys.argv[2])
source = f"read_csv('{sys.argv[3]}', all_varchar=true, header=true)"
con.execute(f"CREATE TABLE raw AS SELECT {', '.join(columns)} FROM {source}")
rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
con.close()  # written to disk, as the importer's table is when it returns
print(json.dumps({"rows": rows, "seconds": time.monotonic() - started, "peak_gb": peak_rss_gb()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = France (about 35 million rows)")
    parser.add_argument("--pandas-rows", type=int, default=5_000_000, help="cap of rows read by pandas")
    parser.add_argument("--workdir", type=Path, help="keep the generated files here (default: a temporary folder)")
    args = parser.parse_args()

    setup_django()
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.synth import generate

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tindus-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    stock = workdir / "StockEtablissement_utf8.csv"
    if not stock.exists():
        started = time.monotonic()
        communes, nafs = synth_inputs(None)
        manifest = generate(workdir, communes, nafs, scale=args.scale, seed=1, parquet=False,
                            outputs=frozenset({"stock-csv"}))  # fmt: skip
        print(f"generated {manifest['establishments']} rows in {time.monotonic() - started:.0f} s "
              f"({stock.stat().st_size / 1e9:.2f} GB CSV)")  # fmt: skip
    size_gb = stock.stat().st_size / 1e9

    _clean(workdir)
    tindus = measure(TINDUS, str(workdir / "bench-warehouse.duckdb"), str(stock))
    print(f"tindus: rows={tindus['rows']} seconds={tindus['seconds']:.1f} peak_gb={tindus['peak_gb']:.2f}")
    print(
        f"tindus, same import into the loaded warehouse: seconds={tindus['again_seconds']:.1f}, of which the "
        f"copy of the current version ({tindus['warehouse_gb']:.2f} GB) seconds={tindus['copy_seconds']:.1f}"
    )
    floor = measure(FLOOR, str(workdir / "bench-floor.duckdb"), json.dumps(COLUMNS), str(stock))
    print(
        f"floor (duckdb raw read): rows={floor['rows']} seconds={floor['seconds']:.1f} peak_gb={floor['peak_gb']:.2f}"
    )
    pandas = measure(PANDAS, str(stock), json.dumps(COLUMNS), str(args.pandas_rows))
    print(f"pandas (chunked read_csv + concat): rows={pandas['rows']} seconds={pandas['seconds']:.1f} "
          f"peak_gb={pandas['peak_gb']:.2f}")  # fmt: skip
    _clean(workdir)

    per_row = lambda m: m["seconds"] / max(m["rows"], 1)  # noqa: E731
    vs_pandas = per_row(pandas) / per_row(tindus)
    vs_floor = tindus["seconds"] / floor["seconds"]
    print(f"file_gb={size_gb:.2f} rows={tindus['read']}")
    print(
        f"ingest_vs_pandas={vs_pandas:.1f} ingest_vs_floor={vs_floor:.2f} peak_gb={tindus['peak_gb']:.2f} "
        f"cow_copy_s={tindus['copy_seconds']:.1f} cow_share={tindus['copy_seconds'] / tindus['again_seconds']:.2f}"
    )
    sys.stdout.flush()


def _clean(workdir: Path) -> None:
    """The benchmark's warehouses: the floor's file, Tindus's link and versions."""
    import shutil

    for leftover in ("bench-warehouse.duckdb", "bench-floor.duckdb", "bench-copy.duckdb"):
        (workdir / leftover).unlink(missing_ok=True)
    shutil.rmtree(workdir / "bench-warehouse.versions", ignore_errors=True)


if __name__ == "__main__":
    main()
