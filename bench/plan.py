"""Benchmark: importing, exporting and reporting a large action plan (not a test).

Builds a plan workbook of ``--projects`` projects (each with 3 budget lines, 3 fundings, 2
milestones, 2 indicators and 4 measures) under 4 levers and 12 axes, then times on a fresh SQLite
database: the first import (all rows checked, then written in one transaction), a second import of
the same workbook (an update: no duplicate), the export, and the PDF « état du plan ». Last line:
``plan_projects=… import_s=… reimport_s=… export_s=… state_pdf_s=…``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from _common import setup_django


def workbook(projects: int) -> bytes:
    from tindus.plan.compute.workbook import write_workbook

    rows: dict[str, list[dict]] = {"Axes": [], "Projets": [], "Budget": [], "Financements": [], "Jalons": [],
                                   "Indicateurs": [], "Mesures": []}  # fmt: skip
    for lever in range(1, 5):
        rows["Axes"].append({"code": str(lever), "title": f"Levier {lever}"})
        for axis in range(1, 4):
            rows["Axes"].append({"code": f"{lever}.{axis}", "title": f"Axe {lever}.{axis}"})
    statuses = ["idée", "en préparation", "en cours", "réalisé", "en pause"]
    funders = ["État", "Région", "Europe", "EPCI", "fonds propres du porteur"]
    for n in range(projects):
        ref = f"P{n:05d}"
        rows["Projets"].append({
            "ref": ref, "title": f"Projet {n}", "porteur_name": f"Porteur {n % 97}", "axes": f"{n % 4 + 1}.{n % 3 + 1}",
            "status": statuses[n % 5], "status_date": dt.date(2023, 1 + n % 12, 1), "priority": "moyenne",
            "start_date": dt.date(2022, 1 + n % 12, 1), "end_date": dt.date(2026, 1 + n % 12, 1),
            "is_public": n % 2 == 0,
        })  # fmt: skip
        for year in (2023, 2024, 2025):
            rows["Budget"].append({"project": ref, "nature": "investissement", "year": year, "label": "Travaux",
                                   "planned": 10000 + n, "actual": 5000})  # fmt: skip
        for k in range(3):
            rows["Financements"].append({"project": ref, "financeur": funders[(n + k) % 5], "year": 2023 + k,
                                         "amount": 1000 * (k + 1), "requested_on": dt.date(2023, 1, 2),
                                         "granted_on": dt.date(2023, 6, 1) if k else None})  # fmt: skip
        for k in range(2):
            rows["Jalons"].append({"project": ref, "title": f"Jalon {k}", "planned_on": dt.date(2024, 3 + k, 1)})
            rows["Indicateurs"].append({"project": ref, "name": f"Indicateur {k}", "unit": "emplois", "target": 10})
            for year in (2023, 2024):
                rows["Mesures"].append({"project": ref, "indicator": f"Indicateur {k}",
                                        "measured_on": dt.date(year, 12, 31), "value": k + year - 2020})  # fmt: skip
    return write_workbook(rows, ["benchmark"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tindus-bench-plan-"))
    os.environ["TINDUS_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    setup_django()
    from django.core.management import call_command

    from tindus.core.pdf import render_pdf
    from tindus.plan.importing import export_workbook, import_workbook
    from tindus.plan.models import Project
    from tindus.plan.report import plan_state
    from tindus.referentials.loading import load_all
    from tindus.territories.models import Territory

    call_command("migrate", verbosity=0)
    load_all()
    territory = Territory.objects.get(kind="official", wave=1, official_id="ti-2701")
    content = workbook(args.projects)
    print(f"workbook: {args.projects} projects, {len(content) / 1e6:.1f} MB")
    started = time.monotonic()
    import_workbook(territory, content)
    import_s = time.monotonic() - started
    assert Project.objects.filter(territory=territory).count() == args.projects
    started = time.monotonic()
    import_workbook(territory, content)
    reimport_s = time.monotonic() - started
    assert Project.objects.filter(territory=territory).count() == args.projects
    started = time.monotonic()
    exported = export_workbook(territory)
    export_s = time.monotonic() - started
    started = time.monotonic()
    pdf = render_pdf("plan/state_pdf.html", plan_state(territory, dt.date(2024, 6, 30)))
    state_pdf_s = time.monotonic() - started
    print(f"export {len(exported) / 1e6:.1f} MB, PDF {len(pdf) / 1e6:.1f} MB")
    print(f"plan_projects={args.projects} import_s={import_s:.2f} reimport_s={reimport_s:.2f} "
          f"export_s={export_s:.2f} state_pdf_s={state_pdf_s:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
