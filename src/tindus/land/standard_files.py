"""Files in the CNIG « Sites économiques » standard: reading what is imported, writing what is exported.

**In**: a GeoPackage in the template's layout, or the standard's CSV files (one per class; several files, or
a zip of them). A CSV file's class is recognised from its columns (else from its name). Everything is
validated by the cores (Table Schema, geometry, unit inside its zone, Luhn, surfaces, dates): CSV files may
bring only some classes, and are checked together with the territory's inventory (a unit may belong to a
zone already recorded). Establishments are also checked against the warehouse (their SIRET must be in it).
Any problem refuses the whole input (:class:`~.compute.problems.LandDataError`).

**Out**: a GeoPackage (the template with the features appended), a zip of one CSV per class, or a zip of
one GeoJSON per class (RFC 7946); each validated by the cores first. Names carry the territory's slug and
the date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from tindus.territories.models import Territory

from .compute.geopackage import read_geopackage, validate_for_export, write_geopackage
from .compute.inventory import CLASSES, GEOMETRY_FIELD, Inventory, check
from .compute.problems import LandDataError, Problem, gettext_noop, refuse
from .compute.schema import check_header, load_schema, read_csv, validate_rows
from .compute.tables import _to_lambert93, to_geojson, write_csv
from .standard import LAYERS, inventory_of

FORMATS = ("gpkg", "csv", "geojson")
SQLITE_MAGIC = b"SQLite format 3\x00"
FILE_STEMS = {
    "POLE-ECO": "pole-eco",
    "SITE-ECO": "site-eco",
    "TERRAIN-ECO": "terrain-eco",
    "ETABLISSEMENT": "etablissement",
}
# The column that tells a CSV file's class (checked in this order: a unit's file also has site_id…).
CLASS_COLUMNS = (
    ("SIRET", "ETABLISSEMENT"),
    ("terr_id", "TERRAIN-ECO"),
    ("site_id", "SITE-ECO"),
    ("pole_nom", "POLE-ECO"),
)


def expand(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The files given, a zip replaced by the files it holds."""
    out = []
    for name, data in files:
        if data[:4] == b"PK\x03\x04":
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    for member in archive.infolist():
                        inner = Path(member.filename).name
                        if member.is_dir() or inner.startswith(".") or "__MACOSX" in member.filename:
                            continue
                        out.append((inner, archive.read(member)))
            except zipfile.BadZipFile:
                raise LandDataError([Problem(name, gettext_noop("not a readable zip archive"))]) from None
        else:
            out.append((name, data))
    return out


def read_files(
    files: Iterable[tuple[str, bytes]], territory: Territory | None = None, *, today: dt.date | None = None
) -> Inventory:
    """The inventory of the files (name, content), or :class:`LandDataError` with every problem."""
    files = expand(files)
    if not files:
        raise LandDataError([Problem("", gettext_noop("no file given"))])
    packages = [(n, d) for n, d in files if d.startswith(SQLITE_MAGIC) or n.lower().endswith(".gpkg")]
    if packages:
        if len(files) > 1:
            raise LandDataError(
                [Problem(packages[0][0], gettext_noop("a GeoPackage is imported alone (it holds every class)"))]
            )
        return _read_geopackage(*packages[0], today=today)
    return _read_csv_files(files, territory, today=today)


def _read_geopackage(name: str, data: bytes, *, today: dt.date | None) -> Inventory:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name or "inventaire.gpkg")
        path.write_bytes(data)
        return read_geopackage(path, today=today)


def layer_of(name: str, header: list[str]) -> str | None:
    for column, layer in CLASS_COLUMNS:
        if column in header:
            return layer
    lowered = name.lower().replace("_", "-")
    return next((layer for layer, stem in FILE_STEMS.items() if stem in lowered), None)


def _read_csv_files(files: list[tuple[str, bytes]], territory: Territory | None, *, today: dt.date | None) -> Inventory:
    problems: list[Problem] = []
    layers: dict[str, list] = {layer: [] for layer in LAYERS}
    seen: dict[str, str] = {}
    for name, data in files:
        try:
            header, rows = read_csv(data, name)
        except LandDataError as error:
            problems += error.problems
            continue
        layer = layer_of(name, header)
        if layer is None:
            problems.append(Problem(name, gettext_noop("not a CSV file of the standard (its columns name no class)")))
            continue
        if layer in seen:
            problems.append(
                Problem(
                    layer,
                    gettext_noop("given twice (%(first)s, %(second)s)"),
                    params={"first": seen[layer], "second": name},
                )
            )
            continue
        seen[layer] = name
        schema = load_schema(layer)
        problems += check_header(schema, header)
        records, row_problems = validate_rows(schema, rows)
        problems += row_problems
        for record in records:
            layers[layer].append(CLASSES[layer].from_record(record, _to_lambert93(record.get(GEOMETRY_FIELD[layer]))))
    refuse(problems)
    given = Inventory(poles=layers["POLE-ECO"], zones=layers["SITE-ECO"], units=layers["TERRAIN-ECO"],
                      establishments=layers["ETABLISSEMENT"])  # fmt: skip
    refuse(_check_with(given, territory, today=today))
    return given


def _check_with(given: Inventory, territory: Territory | None, *, today: dt.date | None) -> list[Problem]:
    """The cores' rules on the files' features, with the territory's features they do not replace (so that a
    unit's file may refer to zones already recorded); only the files' features are reported."""
    if territory is None:
        return check(given, today=today)
    current = inventory_of(territory)
    merged = Inventory()
    for layer, features in given.layers().items():
        keys = {f.key for f in features}
        merged.layers()[layer].extend([f for f in current.layers()[layer] if f.key not in keys] + list(features))
    ours = {(layer, f.key) for layer, features in given.layers().items() for f in features}
    return [p for p in check(merged, today=today) if (p.layer, p.feature) in ours]


def warehouse_problems(inventory: Inventory) -> list[Problem]:
    """Establishments whose SIRET the warehouse does not hold."""
    sirets = [e.siret for e in inventory.establishments if e.siret]
    if not sirets:
        return []
    from tindus.synergies.places import establishments

    found = establishments(sirets)
    if not found:
        from tindus.warehouse.queries import holds_establishments
        from tindus.warehouse.services import get_warehouse

        if not holds_establishments(get_warehouse()):
            return [
                Problem("ETABLISSEMENT", gettext_noop("the warehouse holds no establishment: the SIRETs cannot be "
                                                      "checked (import SIRENE first)"), field="SIRET")
            ]  # fmt: skip
    return [
        Problem("ETABLISSEMENT", gettext_noop("SIRET « %(value)s » is not in the warehouse (SIRENE)"),
                feature=siret, field="SIRET", params={"value": siret})
        for siret in sirets if siret not in found
    ]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    counts: dict[str, int]


def export_name(territory: Territory, fmt: str, day: dt.date | None = None) -> str:
    stem = f"sites-economiques-{territory.slug}-{(day or dt.date.today()).isoformat()}"
    return f"{stem}.gpkg" if fmt == "gpkg" else f"{stem}-{fmt}.zip"


def export(
    territory: Territory, fmt: str, *, today: dt.date | None = None, inventory: Inventory | None = None
) -> Export:
    """The territory's inventory as a file of the standard, validated on the way out."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    inventory = inventory if inventory is not None else inventory_of(territory)
    day = today or dt.date.today()
    counts = {layer: len(features) for layer, features in inventory.layers().items()}
    name = export_name(territory, fmt, day)
    if fmt == "gpkg":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            write_geopackage(inventory, path, today=day)
            return Export(name, path.read_bytes(), counts)
    refuse(validate_for_export(inventory, today=day))
    stem = name.removesuffix(f"-{fmt}.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for layer in LAYERS:
            if fmt == "csv":
                archive.writestr(f"{stem}-{FILE_STEMS[layer]}.csv", write_csv(inventory, layer))
            else:
                collection = to_geojson(inventory, layer)
                archive.writestr(f"{stem}-{FILE_STEMS[layer]}.geojson", json.dumps(collection, ensure_ascii=False))
    return Export(name, buffer.getvalue(), counts)
