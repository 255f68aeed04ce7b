"""What the tests of the CNIG import and export build: the standard's own example rows (with the known fixes),
a small valid inventory (the cores' builders, near Dijon) saved to the models, and a warehouse holding its
SIRETs."""

from __future__ import annotations

import io
import zipfile

from tests.factories import sirene_establishments
from tests.land.compute.builders import TODAY, small_inventory
from tindus.land.compute import DATA
from tindus.land.compute.tables import write_csv
from tindus.land.standard import save_inventory

LAYERS = ("POLE-ECO", "SITE-ECO", "TERRAIN-ECO", "ETABLISSEMENT")
FILES = {
    "POLE-ECO": "exemple_valide_pole-eco.csv",
    "SITE-ECO": "exemple_valide_site-eco.csv",
    "TERRAIN-ECO": "exemple_valide_terrain-eco.csv",
    "ETABLISSEMENT": "exemple_valide_etablissement.csv",
}
EXAMPLE_SIRET = "34749951900010"
EXAMPLE_UNIT = "80024_TERRAIN-ECO_00131"
# The standard's « valid » examples, fixed as docs/land.md says: SITE-ECO writes « entrepôts;logistique »
# across two columns (its site_etat lost), « extension » and « EPCI » outside their lists; ETABLISSEMENT
# capitalises « Localisation » and names units of another inventory.
FIXES = {
    "SITE-ECO": [
        (";entrepôts;logistique;", ";entrepôts, logistique;existant et actif;"),
        (";extension;", ";extension urbaine;"),
        (";EPCI;", ";epci;"),
    ],
    "ETABLISSEMENT": [
        (";Localisation au bâtiment;", ";localisation au bâtiment;"),
        (";44003_TERRAIN-ECO_ 000131|44003_TERRAIN-ECO_00115;", f";{EXAMPLE_UNIT};"),
    ],
}


def example_files() -> dict[str, bytes]:
    """The four example CSV files of the standard, fixed."""
    out = {}
    for layer, name in FILES.items():
        text = (DATA / name).read_text(encoding="utf-8")
        for before, after in FIXES.get(layer, ()):
            assert before in text, (layer, before)
            text = text.replace(before, after)
        out[layer] = text.encode()
    return out


def csv_files(inventory=None) -> dict[str, bytes]:
    inventory = inventory or small_inventory()
    return {layer: write_csv(inventory, layer).encode() for layer in LAYERS}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def warehouse_of(inventory) -> object:
    """A test warehouse holding the inventory's establishments (in Dijon, 21231)."""
    return sirene_establishments(
        [(e.siret, "21231", "25.62A", "11", e.etab_raison_sociale) for e in inventory.establishments]
    )


def saved_inventory(territory, *, synthetic: bool = False):
    """The cores' small inventory saved to ``territory``'s models; the core inventory it came from."""
    inventory = small_inventory()
    save_inventory(territory, inventory, synthetic=synthetic)
    return inventory


__all__ = ["TODAY", "csv_files", "example_files", "saved_inventory", "small_inventory", "warehouse_of", "zipped"]
