"""Benchmark: BMO import and needs against offers for every wave-2 territory, against pandas (not a test).

Reads the real national BMO files (the 2024 workbook, sheet ``BMO_2024_open_data``, from ``--data``: the
shared ``emploi-formation`` folder, else the 2024 data sheet shipped as CSV; and the 2025 data sheet shipped
in ``src/tindus/employment/data``) and sums each to basins × jobs: that is the import time. Then the 183
wave-2 Territoires d'industrie (shipped perimeters, COG 2023 communes) get their basins (straddling ones
apportioned by the share of their communes) and anchor points (the mean point of their outline and 32 of its
vertices), their tension (FAP 2009 domain level, département then région then nation), and ``--sessions``
training sessions (default 50 000) are generated across France — **synthetic**, seeded: 70 % around a random
territory, 30 % anywhere in metropolitan France's bounding box, 10 % distance learning, 5 % undated, capacity
unknown for 30 %, each serving one or two BMO jobs drawn in proportion to their national projects.

Times :func:`tindus.employment.compute.needs.compute_needs` for the 183 territories (BMO 2025; the median
of 3 runs, the machine being shared), then a
straightforward pandas implementation (per territory: merge the basin shares, group by job; distances to
each anchor on Series; merge the sessions nearby with their jobs and group), and checks that both give the
same projects, masked parts, shares, sessions nearby, capacities and gaps for every territory and job.
Last line: ``bmo_import_s=… needs_all_s=… needs_vs_pandas=…``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import ROOT, peak_rss_gb

from tindus.employment.compute.basins import basin_job_matrix, read_basin_map, territory_basins
from tindus.employment.compute.bmo import MASKED, read_bmo
from tindus.employment.compute.fap import (
    domain_tensions,
    job_tensions,
    read_correspondence,
    read_fap2009,
    read_fap2021,
    read_tensions,
)
from tindus.employment.compute.geo import add_months, haversine_km
from tindus.employment.compute.needs import NO_START, Parameters, compute_needs, session_arrays, tension_matrix
from tindus.employment.compute.offers import Session

REFERENTIALS = ROOT / "src" / "tindus" / "referentials" / "data"
EMPLOYMENT = ROOT / "src" / "tindus" / "employment" / "data"
METROPOLE = (41.4, 51.1, -4.8, 8.2)  # latitude and longitude bounds
ANCHOR_VERTICES = 32


def wave2() -> tuple[list[str], dict[str, list[str]], dict[str, list[str]], dict[str, np.ndarray]]:
    """Territory ids, their communes, their départements and régions, and their anchor points."""
    communes: dict[str, list[str]] = {}
    with gzip.open(REFERENTIALS / "ti_2023_vague2_communes_cog2023.csv.gz", "rt", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            communes.setdefault(row["id_ti"], []).append(row["insee_com"])
    places: dict[str, list[str]] = {}
    with gzip.open(REFERENTIALS / "ti_2023_vague2_liste.csv.gz", "rt", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            places[row["id_ti"]] = [row["departements"].split("|")[0], row["regions"].split("|")[0]]
    with gzip.open(REFERENTIALS / "ti_2023_vague2.geojson.gz", "rt", encoding="utf-8") as stream:
        features = json.load(stream)["features"]
    anchors = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        points = np.array([(lat, lon) for polygon in polygons for ring in polygon for lon, lat in ring])
        step = max(1, len(points) // ANCHOR_VERTICES)
        anchors[feature["properties"]["id_ti"]] = np.vstack([points.mean(axis=0), points[::step][:ANCHOR_VERTICES]])
    ids = sorted(set(communes) & set(anchors))
    return ids, communes, places, anchors


def synthetic_sessions(count: int, anchors: list[np.ndarray], jobs: tuple[str, ...], weights: np.ndarray, seed: int):
    """``count`` synthetic sessions and the BMO jobs each serves (labelled synthetic: nothing real)."""
    rng = np.random.default_rng(seed)
    centres = np.array([a[0] for a in anchors])
    around = rng.random(count) < 0.7
    lat = np.where(around, 0, rng.uniform(METROPOLE[0], METROPOLE[1], count))
    lon = np.where(around, 0, rng.uniform(METROPOLE[2], METROPOLE[3], count))
    chosen = centres[rng.integers(0, len(centres), count)]
    lat = np.where(around, chosen[:, 0] + rng.normal(0, 0.25, count), lat)
    lon = np.where(around, chosen[:, 1] + rng.normal(0, 0.35, count), lon)
    reference = dt.date(2025, 9, 1)
    starts = rng.integers(-90, 540, count)
    lengths = rng.integers(20, 300, count)
    undated = rng.random(count) < 0.05
    remote = rng.random(count) < 0.10
    capacity = np.where(rng.random(count) < 0.3, -1, rng.integers(6, 21, count))
    probability = weights / weights.sum()
    served = rng.choice(len(jobs), size=(count, 2), p=probability)
    two = rng.random(count) < 0.4
    sessions, session_jobs = [], []
    for i in range(count):
        start = None if undated[i] else reference + dt.timedelta(days=int(starts[i]))
        end = None if undated[i] else start + dt.timedelta(days=int(lengths[i]))
        sessions.append(
            Session(
                key=f"S{i}",
                action=f"A{i}",
                start=start,
                end=end,
                latitude=None if remote[i] else float(lat[i]),
                longitude=None if remote[i] else float(lon[i]),
                capacity=None if capacity[i] < 0 else int(capacity[i]),
                modality="distance" if remote[i] else "presential",
            )
        )
        session_jobs.append([jobs[served[i, 0]], jobs[served[i, 1]]] if two[i] else [jobs[served[i, 0]]])
    return sessions, session_jobs


def needs_pandas(table, territories, anchors, sessions, parameters: Parameters, n_jobs: int) -> dict[str, np.ndarray]:
    """The same computation, written plainly with pandas, one territory at a time."""
    rows = pd.DataFrame(
        {
            "basin": table.basin,
            "job": table.job,
            **{k: np.where(getattr(table, k) == MASKED, np.nan, getattr(table, k)) for k in ("projects", "difficult")},
            "seasonal": np.where(table.seasonal == MASKED, np.nan, table.seasonal),
        }
    )
    found = {
        k: np.zeros((len(territories), n_jobs))
        for k in ("projects", "masked", "difficult_share", "sessions_near", "capacity_near", "gap")
    }
    first = parameters.reference.toordinal()
    last = add_months(parameters.reference, parameters.months).toordinal()
    frame = pd.DataFrame(
        {
            "lat": sessions.latitude,
            "lon": sessions.longitude,
            "start": sessions.start,
            "end": sessions.end,
            "capacity": sessions.capacity,
            "remote": sessions.remote,
        }
    )
    open_ = ((frame.start >= first) & (frame.start <= last)) | ((frame.start == NO_START) & (frame.end >= first))
    usable = frame[open_ & frame.lat.notna() & ~frame.remote]
    pairs = pd.DataFrame({"session": sessions.pair_session, "job": sessions.pair_job})
    for t, territory in enumerate(territories):
        shares = pd.DataFrame([(b.code, b.share) for b in territory.basins if b.share > 0], columns=["basin", "share"])
        mine = rows.merge(shares, on="basin")
        both = mine.projects.notna() & mine.difficult.notna()
        mine = mine.assign(
            p=mine.projects.fillna(0) * mine.share,
            m=mine.projects.isna().astype(int),
            basis=mine.projects.where(both, 0) * mine.share,
            known=mine.difficult.where(both, 0) * mine.share,
        )
        grouped = mine.groupby("job")[["p", "m", "basis", "known"]].sum()
        share = (grouped.known / grouped.basis).where(grouped.basis > 0)
        distance = pd.Series(np.inf, index=usable.index)
        for lat, lon in anchors[t]:
            distance = np.minimum(distance, haversine_km(usable.lat, usable.lon, lat, lon))
        near = usable[distance <= parameters.radius_km]
        served = pairs[pairs.session.isin(near.index)].merge(frame[["capacity"]], left_on="session", right_index=True)
        counted = served.groupby("job").agg(n=("session", "count"), places=("capacity", "sum"))
        jobs = grouped.index.to_numpy()
        found["projects"][t, jobs] = grouped.p
        found["masked"][t, jobs] = grouped.m
        found["difficult_share"][t] = np.nan
        found["difficult_share"][t, jobs] = share
        found["sessions_near"][t, counted.index.to_numpy()] = counted.n
        found["capacity_near"][t, counted.index.to_numpy()] = counted.places
        difficult = (share >= parameters.difficult_share) & (grouped.p >= parameters.min_projects)
        gap_jobs = jobs[difficult.to_numpy()]
        found["gap"][t, gap_jobs] = found["sessions_near"][t, gap_jobs] == 0
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "emploi-formation")
    parser.add_argument("--sessions", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()

    workbook = args.data / "Base_open_data_BMO_2024.xlsx"
    if not workbook.exists():  # a clone without the shared folder: the data sheet shipped in the repository
        print(f"{workbook} not found: the 2024 data sheet shipped as CSV is read instead of the workbook")
        workbook = EMPLOYMENT / "bmo_2024_open_data.csv.gz"
    started = time.perf_counter()
    bmo_2024 = read_bmo(workbook)
    read_2024 = time.perf_counter() - started
    bmo_2025 = read_bmo(EMPLOYMENT / "bmo_2025_open_data.csv.gz")
    matrices = {2024: basin_job_matrix(bmo_2024), 2025: basin_job_matrix(bmo_2025)}
    basin_map = read_basin_map(EMPLOYMENT / "bassin_emploi.csv.gz")
    import_s = time.perf_counter() - started
    print(
        f"BMO import: 2024 workbook {len(bmo_2024)} rows in {read_2024:.2f} s, 2025 CSV {len(bmo_2025)} rows; "
        f"both summed to basins × jobs and the commune → basin table read: {import_s:.2f} s"
    )

    started = time.perf_counter()
    ids, communes, places, outline = wave2()
    territories = [territory_basins(communes[i], basin_map) for i in ids]
    anchors = [outline[i] for i in ids]
    fap2021, fap2009 = read_fap2021(), read_fap2009()
    tensions, links = read_tensions(fap2009=fap2009), read_correspondence()
    by_place: dict[tuple[str, str], dict] = {}

    def at(place: tuple[str, str]) -> dict:
        return by_place.setdefault(place, domain_tensions(tensions, fap2009, place))

    matrix = matrices[2025]
    per_territory = []
    for i in ids:
        departement, region = places[i]
        ordered = [at(("dep", departement)), at(("reg", region)), at(("nat", ""))]
        per_territory.append(job_tensions(matrix.jobs, fap2021, links, ordered))
    tension = tension_matrix(per_territory, matrix.jobs)
    weights = matrix.values["projects"].sum(axis=0) + 1.0
    sessions, session_jobs = synthetic_sessions(args.sessions, anchors, matrix.jobs, weights, args.seed)
    arrays = session_arrays(sessions, session_jobs, matrix.jobs)
    prepare_s = time.perf_counter() - started
    straddling = sum(len(t.straddling) for t in territories)
    print(
        f"{len(territories)} wave-2 territories ({straddling} straddling basin parts, apportioned by communes), "
        f"{len(sessions)} SYNTHETIC sessions ({len(arrays.pair_job)} session-job pairs), tension matrix: "
        f"prepared in {prepare_s:.2f} s"
    )

    parameters = Parameters(dt.date(2025, 9, 1), radius_km=30, months=12)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        needs = compute_needs(matrix, territories, anchors, arrays, parameters, tension)
        runs.append(time.perf_counter() - started)
    needs_s = sorted(runs)[1]
    other = basin_job_matrix(bmo_2024)
    arrays_2024 = session_arrays(sessions, session_jobs, other.jobs)
    started = time.perf_counter()
    compute_needs(other, territories, anchors, arrays_2024, parameters)
    needs_2024_s = time.perf_counter() - started
    gaps = int(needs.gap.sum())
    print(
        f"needs against offers, {len(territories)} territories × {len(matrix.jobs)} jobs (30 km, 12 months): "
        f"BMO 2025 {needs_s:.3f} s (median of {', '.join(f'{r:.3f}' for r in runs)}), "
        f"BMO 2024 {needs_2024_s:.3f} s; {gaps} gaps named in all "
        f"({gaps / len(territories):.1f} per territory), {int(needs.difficult_job.sum())} difficult jobs"
    )

    started = time.perf_counter()
    plain = needs_pandas(bmo_2025, territories, anchors, arrays, parameters, len(matrix.jobs))
    pandas_s = time.perf_counter() - started
    checks = {
        "projects": np.allclose(plain["projects"], needs.values["projects"]),
        "masked": np.array_equal(plain["masked"], needs.masked["projects"]),
        "difficult share": np.allclose(plain["difficult_share"], needs.shares["difficult"], equal_nan=True),
        "sessions nearby": np.array_equal(plain["sessions_near"], needs.sessions_near),
        "capacity nearby": np.allclose(plain["capacity_near"], needs.capacity_near),
        "gaps": np.array_equal(plain["gap"].astype(bool), needs.gap),
    }
    print(f"pandas, one territory at a time: {pandas_s:.2f} s; cross-check of every territory and job: "
          + ", ".join(f"{k} {'identical' if ok else 'DIFFERENT'}" for k, ok in checks.items()))  # fmt: skip
    if not all(checks.values()):
        raise SystemExit("the pandas implementation disagrees")
    print(f"peak memory of the whole process: {peak_rss_gb():.2f} GB")
    print(f"bmo_import_s={import_s:.2f} needs_all_s={needs_s:.3f} needs_vs_pandas={pandas_s / needs_s:.0f}")


if __name__ == "__main__":
    main()
