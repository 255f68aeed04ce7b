"""CSV import and export in the CNIG « Sites économiques » standard, and GeoJSON export for GIS users.

CSV: one file per class, the schema's columns in its order, ``;``-separated, UTF-8 (as the standard's
examples). Geometries: GeoJSON in Lambert-93 metres for ``*_geomsurf`` and ``etab_geompoint``, ``lon, lat``
in degrees for ``pole_geompoint`` (a Table Schema ``geopoint``). The standard's own examples mix degrees and
metres in GeoJSON cells: a GeoJSON geometry whose coordinates all lie within ±180 / ±90 is read as degrees
and projected to Lambert-93. An import is all or nothing (:class:`~.problems.LandDataError`).

GeoJSON export: RFC 7946, longitude and latitude (WGS84, equal to RGF93 within a metre), properties in the
schema's field names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

import shapely

from .inventory import CLASSES, GEOMETRY_FIELD, Inventory, check
from .lambert93 import transform
from .problems import refuse
from .schema import check_header, load_schema, read_csv, validate_rows


def write_csv(inventory: Inventory, layer: str) -> str:
    """The CSV text of one class of ``inventory``."""
    schema = load_schema(layer)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(schema.names)
    for feature in inventory.layers()[layer]:
        row = feature.text_row()
        writer.writerow([row[name] for name in schema.names])
    return out.getvalue()


def read_csv_inventory(files: Mapping[str, str | Path | bytes], *, today: dt.date | None = None) -> Inventory:
    """An inventory from CSV files by class (``{"SITE-ECO": path or bytes, …}``; a class may be left out),
    checked by the Table Schema then by :func:`~.inventory.check`; nothing returned on any problem."""
    problems = []
    layers: dict[str, list] = {layer: [] for layer in CLASSES}
    for layer, source in files.items():
        schema = load_schema(layer)
        header, rows = read_csv(source, layer)
        problems += check_header(schema, header)
        records, row_problems = validate_rows(schema, rows)
        problems += row_problems
        geometry_field = GEOMETRY_FIELD[layer]
        for record in records:
            layers[layer].append(CLASSES[layer].from_record(record, _to_lambert93(record.get(geometry_field))))
    refuse(problems)
    inventory = Inventory(
        poles=layers["POLE-ECO"],
        zones=layers["SITE-ECO"],
        units=layers["TERRAIN-ECO"],
        establishments=layers["ETABLISSEMENT"],
    )
    refuse(check(inventory, today=today))
    return inventory


def _to_lambert93(value):
    """A geopoint ``(lon, lat)`` or a geometry in degrees → Lambert-93; a geometry in metres unchanged."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return transform(shapely.Point(value))
    x0, y0, x1, y1 = value.bounds
    if x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90:
        return transform(value)
    return value


def to_geojson(inventory: Inventory, layer: str) -> dict:
    """One class as a GeoJSON FeatureCollection (RFC 7946: longitude, latitude)."""
    schema = load_schema(layer)
    geometry_field = GEOMETRY_FIELD[layer]
    features = []
    for feature in inventory.layers()[layer]:
        row = feature.text_row()
        properties = {name: (row[name] or None) for name in schema.names if name != geometry_field}
        geometry = None
        if feature.geometry is not None:
            geometry = shapely.geometry.mapping(shapely.set_precision(transform(feature.geometry, inverse=True), 1e-7))
        features.append({"type": "Feature", "id": feature.key, "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "name": layer, "features": features}
