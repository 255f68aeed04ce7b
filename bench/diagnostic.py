"""Benchmark: the main diagnostic indicators of all 183 wave-2 territories and all EPCI (not a test).

Builds (once, in ``--workdir``) a national synthetic warehouse: SIRENE stock and URSSAF series of
``--scale`` × France. Then measures in one run: Tindus' batch computation (:mod:`tindus.diagnostic.batch`),
a straightforward pandas implementation of the same indicators (data loaded from the warehouse into
DataFrames, merged, grouped), and one territory's full HTML report. Last line:
``diag_all_s=… diag_vs_pandas=… one_report_html_s=…``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from _common import setup_django


def build_warehouse(workdir: Path, scale: float) -> Path:
    from tindus.warehouse.importer import import_file
    from tindus.warehouse.reference import sync_reference
    from tindus.warehouse.services import synth_inputs
    from tindus.warehouse.store import Warehouse
    from tindus.warehouse.synth import generate

    path = workdir / "warehouse.duckdb"
    warehouse = Warehouse(path, memory_limit="4GB", threads=2)
    if path.exists():
        return path
    started = time.monotonic()
    if not (workdir / "StockEtablissement_utf8.csv").exists():
        communes, nafs = synth_inputs(None)
        outputs = frozenset({"stock-csv", "urssaf"})
        generate(workdir, communes, nafs, scale=scale, seed=5, parquet=False, outputs=outputs)
        print(f"generated in {time.monotonic() - started:.0f} s")
    sync_reference(warehouse)
    for name in (
        "StockEtablissement_utf8.csv",
        "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv",
    ):
        report = import_file(warehouse, workdir / name, synthetic=True)
        print(f"imported {name}: {report.rows_kept} rows in {report.seconds} s")
    return path


def pandas_indicators(con, kind: str, start: int, end: int) -> dict:
    """The same indicators, written the straightforward pandas way."""
    import pandas as pd

    employment = con.execute("SELECT commune, naf, year, jobs FROM employment WHERE year IN (?, ?)", [start, end]).df()
    communes = con.execute("SELECT code, current_code, epci FROM ref_commune").df()
    naf = con.execute("SELECT naf, section, a38 FROM ref_naf").df()
    est = con.execute("SELECT commune FROM establishment WHERE active").df()
    if kind == "epci":
        zones = communes[["code", "epci"]].rename(columns={"epci": "zone"})
    else:
        members = con.execute(
            "SELECT t.official_id AS zone, c.current_code FROM ref_territory_commune t JOIN ref_commune c "
            "ON c.code = t.commune WHERE t.wave = ?", [int(kind.split("-")[1])]
        ).df().drop_duplicates()  # fmt: skip
        zones = communes[["code", "current_code"]].merge(members, on="current_code")[["code", "zone"]]
    df = employment.merge(communes[["code"]], left_on="commune", right_on="code").merge(naf, on="naf")
    df["in_scope"] = df["section"].isin(["B", "C", "D", "E"])
    france = df[df.in_scope].groupby(["year", "a38"])["jobs"].sum()
    fr_total_end = df[df.year == end]["jobs"].sum()
    df = df.merge(zones, left_on="commune", right_on="code")
    est_zone = est.merge(zones, left_on="commune", right_on="code").groupby("zone").size()
    g = france[end].sum() / france[start].sum() - 1
    fr_share = france[end] / france[end].sum()
    fr_growth = france[end] / france[start] - 1
    out = {}
    for zone, part in df.groupby("zone"):
        scope = part[part.in_scope]
        by = scope.groupby(["year", "a38"])["jobs"].sum()
        end_v = by[end] if end in by.index.get_level_values(0) else pd.Series(dtype=float)
        start_v = by[start] if start in by.index.get_level_values(0) else pd.Series(dtype=float)
        total_end = part[part.year == end]["jobs"].sum()
        industry = end_v.sum()
        share = end_v / industry if industry else end_v * 0
        krugman = (
            share.reindex(fr_share.index, fill_value=0).sub(fr_share).abs().sum()
            + share[~share.index.isin(fr_share.index)].abs().sum()
        )
        start_aligned = start_v.reindex(fr_growth.index, fill_value=0)
        national = start_aligned.sum() * g
        mix = (start_aligned * (fr_growth.fillna(g) - g)).sum()
        change = industry - start_v.sum()
        out[zone] = {
            "jobs": total_end, "industry_jobs": industry,
            "industry_share": industry / total_end if total_end else None, "change": change,
            "annual_rate": (industry / start_v.sum()) ** (1 / (end - start)) - 1 if start_v.sum() > 0 else None,
            "lq_industry": (industry / total_end) / (france[end].sum() / fr_total_end) if total_end else None,
            "krugman": krugman, "shift_national": national, "shift_mix": mix, "shift_local": change - national - mix,
            "establishments": int(est_zone.get(zone, 0)),
        }  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    setup_django()
    import duckdb
    from django.conf import settings

    from tindus.diagnostic.batch import main_indicators

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tindus-diag-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = build_warehouse(workdir, args.scale)
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET threads=2")
    start, end = 2006, 2024

    started = time.monotonic()
    territories = main_indicators(con, "ti-2", start, end)
    epcis = main_indicators(con, "epci", start, end)
    ours = time.monotonic() - started
    print(f"tindus: {len(territories)} territories + {len(epcis)} EPCI in {ours:.2f} s")

    started = time.monotonic()
    p_territories = pandas_indicators(con, "ti-2", start, end)
    p_epcis = pandas_indicators(con, "epci", start, end)
    theirs = time.monotonic() - started
    print(f"pandas: {len(p_territories)} territories + {len(p_epcis)} EPCI in {theirs:.2f} s")
    for key in ("industry_jobs", "krugman", "shift_local"):
        a, b = territories["ti-2701"][key], p_territories["ti-2701"][key]
        assert abs(a - b) <= 1e-6 * max(1, abs(a)), (key, a, b)
    con.close()

    settings.WAREHOUSE_PATH = path
    from tindus.diagnostic.exports import to_html
    from tindus.diagnostic.protected import clear_memory
    from tindus.diagnostic.services import build_report, protected_tables
    from tindus.territories.models import Territory

    started = time.monotonic()
    with duckdb.connect(str(path), read_only=True) as protect_con:
        protected = protected_tables(protect_con)
        protected.published(start), protected.published(end)
    print(f"statistical secrecy of every geography (once per import): {time.monotonic() - started:.1f} s")
    clear_memory()
    territory = Territory.objects.get(kind="official", wave=2, official_id="ti-2701")
    started = time.monotonic()
    to_html(build_report(territory=territory))
    print(
        f"first HTML report of a process (protected tables read from their cache): {time.monotonic() - started:.2f} s"
    )
    started = time.monotonic()
    html = to_html(build_report(territory=territory))
    one = time.monotonic() - started
    print(f"one HTML report (wave 2, ti-2701): {len(html) / 1024:.0f} kB in {one:.2f} s")
    print(f"diag_all_s={ours:.2f} diag_vs_pandas={theirs / ours:.1f} one_report_html_s={one:.2f}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tindus.config.settings")
    main()
