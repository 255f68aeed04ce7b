"""Reading and writing the CNIG « Sites économiques » GeoPackage (pyogrio), validated both ways, all or nothing.

The layout is the standard's empty template (``data/sites_economiques_modele_vide.gpkg``): layers
``pole_eco`` (Point), ``site_eco`` (MultiPolygon), ``terrain_eco`` (Polygon), ``etablissement``
(MultiPoint), Lambert-93 (EPSG:2154), geometry column ``geom``, field names the schema's in lower case
with ``_`` for ``-``, types and widths as the template declares them (``TEXT(20)`` for ``site_id``…). Fields
of the schema the template lacks (``site_geompoint``, ``terr_url_cartofriches``) are not exported. The
template's integer columns (``MEDIUMINT``: counts, ``site_taux_vacance``, distances, ``terr_vente_montant``,
``terr_m2_prix``, ``pole_surface``) receive rounded values.

**Writing** copies the template (so its QGIS forms come along), appends the features, and moves the file
into place: nothing is written when the inventory has a problem. **Reading** refuses a file whose layers,
fields or field types differ from the template, any feature breaking the Table Schema, and anything
:func:`~.inventory.check` refuses; every problem names the layer, the feature and the field.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyogrio import raw

from . import DATA
from .inventory import CLASSES, GEOMETRY_FIELD, Inventory, attribute, check
from .problems import LandDataError, Problem, gettext_noop, refuse
from .schema import format_value, load_schema, validate_rows

TEMPLATE = DATA / "sites_economiques_modele_vide.gpkg"
LAYER_NAMES = {
    "POLE-ECO": "pole_eco",
    "SITE-ECO": "site_eco",
    "TERRAIN-ECO": "terrain_eco",
    "ETABLISSEMENT": "etablissement",
}
GEOMETRY_TYPES = {
    "POLE-ECO": "Point",
    "SITE-ECO": "MultiPolygon",
    "TERRAIN-ECO": "Polygon",
    "ETABLISSEMENT": "MultiPoint",
}
CRS = "EPSG:2154"
# The schema lets an establishment list several units (``a|b``) where the template declares TEXT(23), one
# identifier: SQLite does not enforce declared widths, and GDAL writes the whole list.
UNBOUNDED = {("ETABLISSEMENT", "terr_id")}


@lru_cache(maxsize=2)
def template_layout(path: str | Path = TEMPLATE) -> dict[str, list[tuple[str, str, int | None]]]:
    """Layer → ``[(field, SQL type, width or None)]`` in the template's order (``fid`` and ``geom`` left out)."""
    layout = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for layer, name in LAYER_NAMES.items():
            fields = []
            for _, column, declared, *_ in connection.execute(f"PRAGMA table_info('{name}')"):  # noqa: S608
                if column in {"fid", "geom"}:
                    continue
                kind, _, width = declared.partition("(")
                fields.append((column, kind, int(width.rstrip(")")) if width else None))
            layout[layer] = fields
    return layout


def _schema_names(layer: str) -> dict[str, str]:
    """Template field name → schema field name."""
    return {attribute(f.name): f.name for f in load_schema(layer).fields}


def write_geopackage(inventory: Inventory, path: str | Path, *, today: dt.date | None = None) -> None:
    """Export ``inventory`` to ``path`` in the standard's layout, or :class:`LandDataError` and no file."""
    refuse(validate_for_export(inventory, today=today))
    path = Path(path)
    handle, temporary = tempfile.mkstemp(suffix=".gpkg", dir=path.parent)
    os.close(handle)
    try:
        shutil.copyfile(TEMPLATE, temporary)
        os.chmod(temporary, 0o644)
        for layer, features in inventory.layers().items():
            if features:
                _write_layer(temporary, layer, features)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def validate_for_export(inventory: Inventory, *, today: dt.date | None = None) -> list[Problem]:
    """Every problem that would make the export invalid: the Table Schema, :func:`~.inventory.check`, and
    the template's text widths."""
    problems = check(inventory, today=today)
    for layer, features in inventory.layers().items():
        schema = load_schema(layer)
        rows = []
        rows = [(n, feature.text_row()) for n, feature in enumerate(features, start=1)]
        problems += validate_rows(schema, rows, lines=False)[1]
        widths = {
            name: width
            for name, kind, width in template_layout()[layer]
            if kind == "TEXT" and width and (layer, name) not in UNBOUNDED
        }
        for feature in features:
            for name, width in widths.items():
                value = getattr(feature, name, None)
                if isinstance(value, str) and len(value) > width:
                    problems.append(
                        Problem(
                            layer,
                            gettext_noop("longer than the %(width)d characters of the standard's GeoPackage"),
                            feature=feature.key,
                            field=_schema_names(layer).get(name, name),
                            params={"width": width},
                        )
                    )
    return problems


def _write_layer(path: str, layer: str, features: list) -> None:
    names, columns, masks = [], [], []
    for name, kind, _ in template_layout()[layer]:
        values = [_stored(getattr(f, name, None)) for f in features]
        missing = np.array([v is None for v in values], dtype=bool)
        if kind in {"MEDIUMINT", "INTEGER", "SMALLINT", "TINYINT"}:
            column = np.array([0 if v is None else round(float(v)) for v in values], dtype=np.int64)
        elif kind in {"REAL", "FLOAT", "DOUBLE"}:
            column = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
        else:
            column = np.array(values, dtype=object)
        names.append(name)
        columns.append(column)
        masks.append(missing)
    geometries = [f.geometry for f in features]
    if GEOMETRY_TYPES[layer].startswith("Multi"):
        geometries = [_multi(g) for g in geometries]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Value of field 'terr_id' has", category=RuntimeWarning)
        raw.write(
        path, np.array(shapely.to_wkb(geometries), dtype=object), columns, names, field_mask=masks,
        layer=LAYER_NAMES[layer], driver="GPKG", geometry_type=GEOMETRY_TYPES[layer], crs=CRS, append=True,
        encoding="utf-8",
    )  # fmt: skip


def _stored(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return value


def _multi(geometry):
    if geometry.geom_type == "Point":
        return shapely.MultiPoint([geometry])
    if geometry.geom_type == "Polygon":
        return shapely.MultiPolygon([geometry])
    return geometry


def read_geopackage(path: str | Path, *, today: dt.date | None = None) -> Inventory:
    """The inventory of a GeoPackage in the standard's layout, or :class:`LandDataError` naming every problem."""
    path = Path(path)
    try:
        present = {name for name, _ in pyogrio.list_layers(path)}
    except Exception as error:  # noqa: BLE001 - GDAL's errors on a file that is not a GeoPackage vary
        raise LandDataError(
            [Problem(path.name, gettext_noop("not a readable GeoPackage (%(error)s)"), params={"error": str(error)})]
        ) from None  # noqa: E501
    problems: list[Problem] = []
    layers: dict[str, list] = {}
    for layer, name in LAYER_NAMES.items():
        if name not in present:
            problems.append(Problem(layer, gettext_noop("layer « %(name)s » missing"), params={"name": name}))
            continue
        features, layer_problems = _read_layer(path, layer)
        problems += layer_problems
        layers[layer] = features
    refuse(problems)
    inventory = Inventory(
        poles=layers["POLE-ECO"],
        zones=layers["SITE-ECO"],
        units=layers["TERRAIN-ECO"],
        establishments=layers["ETABLISSEMENT"],
    )
    refuse(check(inventory, today=today))
    return inventory


def _read_layer(path: Path, layer: str) -> tuple[list, list[Problem]]:
    name = LAYER_NAMES[layer]
    info = pyogrio.read_info(path, layer=name)
    expected = {field: kind for field, kind, _ in template_layout()[layer]}
    template_types = dict(zip(*_ogr_types(TEMPLATE, name), strict=True))
    found_types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    problems = []
    for field in expected:
        if field not in found_types:
            problems.append(Problem(layer, gettext_noop("field missing from the layer"), field=field))
        elif found_types[field] != template_types[field]:
            problems.append(
                Problem(
                    layer,
                    gettext_noop("field of type %(found)s where the standard has %(expected)s"),
                    field=field,
                    params={"found": found_types[field], "expected": template_types[field]},
                )
            )
    for field in found_types:
        if field not in expected:
            problems.append(Problem(layer, gettext_noop("field unknown to the standard"), field=field))
    if problems:
        return [], problems
    _, fids, wkb, values = raw.read(path, layer=name, return_fids=True)
    fields = list(info["fields"])
    to_schema = _schema_names(layer)
    rows = []
    for i, fid in enumerate(fids):
        row = {}
        for j, field in enumerate(fields):
            value = values[j][i]
            if isinstance(value, float) and np.isnan(value):
                value = None
            row[to_schema[field]] = value if value is None or isinstance(value, str) else format_value(
                load_schema(layer).field(to_schema[field]), value.item() if hasattr(value, "item") else value
            )  # fmt: skip
        rows.append((int(fid), row))
    schema_problems = []
    geometry_field = GEOMETRY_FIELD[layer]
    schema = load_schema(layer)
    checked = type(schema)(
        schema.layer, tuple(f for f in schema.fields if f.name != geometry_field), schema.primary_key,
        schema.foreign_keys, schema.missing_values,
    )  # fmt: skip
    records, schema_problems = validate_rows(checked, rows, lines=False)
    geometries = []
    for (fid, row), blob in zip(rows, wkb, strict=True):
        try:
            geometries.append(None if blob is None else shapely.from_wkb(blob))
        except shapely.errors.GEOSException:
            feature = str(row.get(schema.primary_key[0]) or f"fid {fid}")
            schema_problems.append(Problem(layer, gettext_noop("unreadable geometry"), feature=feature, field="geom"))
            geometries.append(None)
    cls = CLASSES[layer]
    return [cls.from_record(r, g) for r, g in zip(records, geometries, strict=True)], schema_problems


@lru_cache(maxsize=8)
def _ogr_types(path: Path, layer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    info = pyogrio.read_info(path, layer=layer)
    return tuple(info["fields"]), tuple(info["ogr_types"])
