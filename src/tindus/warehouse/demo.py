"""The demo warehouse: synthetic SIRENE and URSSAF files for départements 21 and 25, generated in the
official formats and imported on first start (labelled synthetic in every figure)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from .importer import import_file
from .services import prepared_warehouse, synth_inputs
from .synth import generate

DEMO_DEPARTEMENTS = ["21", "25"]


def load_demo_warehouse(say=print) -> bool:
    """Generate and import the synthetic files; does nothing when the warehouse already holds
    establishments (so a second start is fast). True when it imported."""
    warehouse = prepared_warehouse()
    with warehouse.session(read_only=True) as con:
        if con.execute("SELECT count(*) FROM establishment").fetchone()[0]:
            return False
    folder = settings.VAR_DIR / "synthetique" / "21-25"
    say(_("Generating synthetic SIRENE and URSSAF files for départements 21 and 25 (first start only)…"))
    communes, nafs = synth_inputs(DEMO_DEPARTEMENTS)
    manifest = generate(folder, communes, nafs, seed=2026, parquet=False)
    order = ["StockUniteLegale_utf8.zip", "StockEtablissement_utf8.zip"]
    names = order + sorted(n for n in manifest["files"] if n not in order)
    with warehouse.new_version():  # every file in one version: one copy, published once complete
        for name in names:
            report = import_file(warehouse, folder / name)
            say(_("  %(file)s: %(rows)d rows imported (synthetic)") % {"file": name, "rows": report.rows_kept})
    return True
