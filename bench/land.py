"""Benchmark: a département-scale ZAE inventory — occupants by point-in-polygon, vacancy, GeoPackage (not a test).

Everything is **synthetic** and seeded (no warehouse needed): a 100 × 120 km box in Lambert-93 (the size of
Côte-d'Or), ``--zones`` zones (default 300, 15 to 110 ha, on a jittered grid), ``--units`` land units
(default 20 000, each zone cut into a grid of plots that covers most of it), ``--establishments``
geolocated establishments (default 571 000, the synthetic warehouse of 21 + 25: 10 % inside a zone, the
rest anywhere in the box; 15 % closed).

Times :func:`tindus.land.compute.occupants.prefill` for zones and for land units (``occupants_s``: both),
the vacancy rates of every zone from CFE records (5 % of units left without evidence), and the export of
the inventory (zones, units, the establishments found in zones) to the CNIG GeoPackage with its validation
(``export_s``); then the naive loop (every establishment against every zone, one shapely test each) on a
sample of establishments, extrapolated linearly to all of them, and checks it finds the same ones on the
sample. Last line: ``occupants_s=… vs_naive=… export_s=…`` (``vs_naive``: naive zones / fast zones).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
from shapely.geometry import MultiPoint, Point, box

from tindus.identifiers import luhn_check_digit
from tindus.land.compute.geopackage import write_geopackage
from tindus.land.compute.inventory import Establishment, Inventory, LandUnit, Zone
from tindus.land.compute.occupants import prefill, prefill_naive
from tindus.land.compute.vacancy import CfeRecord, all_zones

BOX = (800000.0, 6650000.0, 900000.0, 6770000.0)  # x0, y0, x1, y1 (Lambert-93, about Côte-d'Or)
TODAY = dt.date(2025, 6, 1)


def synthetic_zones(count: int, units: int, rng: np.random.Generator) -> tuple[list, list]:
    columns = int(np.ceil(np.sqrt(count * (BOX[2] - BOX[0]) / (BOX[3] - BOX[1]))))
    cell = (BOX[2] - BOX[0]) / columns
    zones, plots = [], []
    per_zone = np.full(count, units // count)
    per_zone[: units % count] += 1
    for n in range(count):
        side = float(np.sqrt(rng.uniform(15, 110) * 10000))
        x = BOX[0] + (n % columns) * cell + rng.uniform(0, cell - side)
        y = BOX[1] + (n // columns) * cell + rng.uniform(0, cell - side)
        site_id = f"21231_SITE-ECO_{n + 1:05d}"
        zones.append(
            Zone(
                site_id=site_id, pole_id="sans objet", site_nom=f"Zone synthétique {n + 1}",
                site_type="zone d'activité économique", site_vocadomi="industrielle", site_etat="existant et actif",
                site_surf_brute=side * side / 10000, site_surf_utile=side * side / 20000,
                site_identif_date=dt.date(2024, 1, 5), site_actu_date=dt.date(2025, 1, 5),
                site_epci_nom="EPCI synthétique", site_epci_siren="242100410", site_comm_nom="Commune",
                site_comm_insee="21231", site_moa_type="epci", geometry=box(x, y, x + side, y + side),
            )
        )  # fmt: skip
        k = int(np.ceil(np.sqrt(per_zone[n])))
        step = side / k
        for i in range(per_zone[n]):
            px, py = x + (i % k) * step, y + (i // k) * step
            plots.append(
                LandUnit(
                    terr_id=f"21231_TERRAIN-ECO_{len(plots) + 1:05d}", site_id=site_id,
                    terr_surf_brute=step * step / 1e4,
                    terr_identif_date=dt.date(2024, 1, 5), terr_actu_date=dt.date(2025, 1, 5),
                    terr_maitrise_fonc="inconnu", terr_stade_amngt="viabilisé et aménagé", terr_stade_comm="inconnu",
                    terr_etat_occup="occupé", terr_usage="bâti productif", geometry=box(px, py, px + step, py + step),
                )
            )  # fmt: skip
    return zones, plots


def synthetic_establishments(count: int, zones: list, rng: np.random.Generator):
    inside = rng.random(count) < 0.10
    x = rng.uniform(BOX[0], BOX[2], count)
    y = rng.uniform(BOX[1], BOX[3], count)
    chosen = rng.integers(0, len(zones), count)
    bounds = np.array([z.geometry.bounds for z in zones])[chosen]
    x = np.where(inside, rng.uniform(bounds[:, 0], bounds[:, 2]), x)
    y = np.where(inside, rng.uniform(bounds[:, 1], bounds[:, 3]), y)
    return x, y, rng.random(count) < 0.15


def siret(n: int) -> str:
    siren = f"{30000000 + n:08d}"
    siren += luhn_check_digit(siren)
    return siren + "0001" + luhn_check_digit(siren + "0001")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=300)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--establishments", type=int, default=571000)
    parser.add_argument("--sample", type=int, default=2000, help="establishments for the naive loop")
    args = parser.parse_args()
    rng = np.random.default_rng(20)
    zones, units = synthetic_zones(args.zones, args.units, rng)
    x, y, closed = synthetic_establishments(args.establishments, zones, rng)
    print(f"synthetic: {len(zones)} zones, {len(units)} land units, {len(x)} establishments")

    started = time.perf_counter()
    in_zones = prefill([z.site_id for z in zones], [z.geometry for z in zones], x, y, closed)
    zones_s = time.perf_counter() - started
    in_units = prefill([u.terr_id for u in units], [u.geometry for u in units], x, y, closed)
    occupants_s = time.perf_counter() - started
    found = sum(len(m) for m in in_zones.members)
    print(f"occupants: {found} establishments in zones ({int(closed[np.concatenate(in_zones.members)].sum())} "
          f"closed), {sum(len(m) for m in in_units.members)} on units; zones {zones_s:.2f} s, "
          f"zones + units {occupants_s:.2f} s")  # fmt: skip

    started = time.perf_counter()
    documented = rng.random(len(units)) >= 0.05
    records = []
    for unit, known in zip(units, documented, strict=True):
        if not known:
            continue
        occupied = rng.random() < 0.85
        ended = None if occupied else TODAY - dt.timedelta(days=int(rng.integers(30, 2500)))
        records.append(CfeRecord(unit.terr_id, occupied, ended, evidence="rôle CFE 2025 (synthétique)"))
    by_zone: dict[str, list] = {}
    for unit in units:
        by_zone.setdefault(unit.site_id, []).append((unit.terr_id, unit.terr_surf_brute))
    rates = all_zones(by_zone, records, 2025)
    vacancy_s = time.perf_counter() - started
    mean = np.mean([r.rate for r in rates.values() if r.rate is not None])
    unknown = sum(len(r.unknown) for r in rates.values())
    print(f"vacancy: {len(rates)} zones in {vacancy_s:.2f} s, mean rate {mean:.1f} %, {unknown} units without evidence")

    unit_of = {}
    for unit_id, members in zip(in_units.polygon_ids, in_units.members, strict=True):
        for i in members:
            unit_of.setdefault(int(i), unit_id)
    establishments = [
        Establishment(
            siret=siret(i), siren=siret(i)[:9], terr_id=unit_id, etab_raison_sociale=f"Entreprise {i}",
            etab_nat_juridique="5710", etab_nom=f"Établissement {i}", epci_nom="EPCI synthétique",
            epci_siren="242100410", comm_nom="Commune", comm_insee="21231", etab_creation_date=dt.date(2010, 1, 1),
            etab_identif_date=dt.date(2024, 1, 5), etab_actu_date=dt.date(2025, 1, 5),
            etab_actif="non" if closed[i] else "oui", etab_activite_code="25.62A", etab_activite_libelle="Décolletage",
            etab_effectif_code="11", etab_effectif_libelle="10 à 19 salariés", etab_effectif_annee=2023,
            etab_source_info="SIRENE (synthétique)", geocodage_qualite="localisation à la plaque adresse",
            geometry=MultiPoint([Point(x[i], y[i])]),
        )
        for i, unit_id in sorted(unit_of.items())
    ]  # fmt: skip
    inventory = Inventory(zones=zones, units=units, establishments=establishments)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_geopackage(inventory, Path(folder) / "inventaire.gpkg", today=TODAY)
        export_s = time.perf_counter() - started
        size = (Path(folder) / "inventaire.gpkg").stat().st_size / 1e6
    print(f"export: {len(zones)} zones, {len(units)} units, {len(establishments)} establishments validated and "
          f"written in {export_s:.2f} s ({size:.1f} MB)")  # fmt: skip

    sample = np.sort(rng.choice(len(x), size=min(args.sample, len(x)), replace=False))
    ids, polygons = [z.site_id for z in zones], [z.geometry for z in zones]
    started = time.perf_counter()
    naive = prefill_naive(ids, polygons, x[sample], y[sample], closed[sample])
    naive_sample_s = time.perf_counter() - started
    fast = prefill(ids, polygons, x[sample], y[sample], closed[sample])
    assert all(np.array_equal(np.sort(a), np.sort(b)) for a, b in zip(naive.members, fast.members, strict=True))
    naive_s = naive_sample_s * len(x) / len(sample)
    scaled = f"extrapolated linearly to {len(x)}: {naive_s:.0f} s" if len(sample) < len(x) else f"{naive_s:.1f} s"
    print(
        f"naive loop: {len(sample)} establishments × {len(zones)} zones in {naive_sample_s:.2f} s, "
        f"same result; {scaled}"
    )
    print(f"occupants_s={occupants_s:.2f} vs_naive={naive_s / zones_s:.0f} export_s={export_s:.2f}")


if __name__ == "__main__":
    main()
