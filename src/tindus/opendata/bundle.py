"""Write the open-data bundle: one CSV (and GeoJSON where located) per dataset over every territory, the
diagnostic's indicator tables as Parquet, a Frictionless ``datapackage.json`` (schema and licence), and a zip
of it all. Files go to the storage under ``opendata/<stamp>/``; ``opendata/current.json`` names the newest."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.diagnostic import parquet

from .datasets import DATASETS, territories
from .flatten import cell, flat, table_type

ROOT = "opendata"
CURRENT = f"{ROOT}/current.json"
ZIP_NAME = "tindus-donnees-ouvertes.zip"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def csv_bytes(rows: list[dict[str, Any]]) -> tuple[bytes, list[dict[str, str]]]:
    """Plain CSV for machines (UTF-8, comma, header first) and the Table Schema fields of its columns."""
    columns: list[str] = []
    for row in rows:
        columns += [name for name in row if name not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(name)) for name in columns] for row in rows)
    fields = [{"name": name, "type": table_type(row.get(name) for row in rows)} for name in columns]
    return out.getvalue().encode("utf-8"), fields


def build(say: Callable[[int, int, str], None] | None = None, only: list[str] | None = None) -> dict[str, Any]:
    """Write a new bundle (of every territory, or of the ``only`` slugs) and make it the current one; return
    its manifest."""
    stamp = timezone.now()
    folder = f"{ROOT}/{stamp:%Y%m%dT%H%M%S%f}"
    found = [t for t in territories() if only is None or t.slug in only]
    files: dict[str, bytes] = {}
    resources = []
    steps = len(DATASETS) + 1
    for number, dataset in enumerate(DATASETS):
        if say:
            say(number, steps, str(dataset.title))
        rows = [flat(record) for territory in found for record in dataset.records(territory)]
        content, fields = csv_bytes(rows)
        files[f"{dataset.name}.csv"] = content
        resources.append({
            "name": dataset.name, "path": f"{dataset.name}.csv", "title": str(dataset.title),
            "description": str(dataset.description), "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "rows": len(rows), "schema": {"fields": fields},
        })  # fmt: skip
        if dataset.geojson is not None:
            features = []
            for territory in found:
                for feature in dataset.geojson(territory)["features"]:
                    feature["properties"] = {"territory": territory.slug, **feature["properties"]}
                    features.append(feature)
            files[f"{dataset.name}.geojson"] = json.dumps(
                {"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str
            ).encode()
            resources.append({
                "name": f"{dataset.name}-carte", "path": f"{dataset.name}.geojson", "format": "geojson",
                "mediatype": "application/geo+json", "title": str(dataset.title),
                "description": _("The same, located (GeoJSON, WGS84)."), "rows": len(features),
            })  # fmt: skip
    if say:
        say(len(DATASETS), steps, _("Diagnostic indicators"))
    buffer = io.BytesIO()
    done = parquet.write(buffer, found)
    files["indicateurs.parquet"] = buffer.getvalue()
    resources.append({
        "name": "indicateurs", "path": "indicateurs.parquet", "format": "parquet",
        "mediatype": "application/vnd.apache.parquet", "title": _("Diagnostic indicators"),
        "description": _("Every cell of the indicator tables of the public diagnostic pages; a cell hidden by "
                         "statistical secrecy has no value and « secret » true."),
        "rows": done["cells"],
        "schema": {"fields": [{"name": f.name, "type": _parquet_type(str(f.type))} for f in parquet.schema()]},
    })  # fmt: skip
    package = {
        "name": "tindus-territoires-d-industrie",
        "title": _("Tindus: the public data of the Territoires d'industrie"),
        "licenses": [LICENCE],
        "created": stamp.isoformat(),
        "resources": resources,
    }
    files["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=1).encode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    files[ZIP_NAME] = archive.getvalue()
    for name, content in files.items():
        default_storage.save(f"{folder}/{name}", ContentFile(content))
    manifest = {
        "folder": folder, "created": stamp.isoformat(), "territories": len(found),
        "files": {name: len(content) for name, content in files.items()}, "package": package,
    }  # fmt: skip
    previous = current()
    if default_storage.exists(CURRENT):
        default_storage.delete(CURRENT)
    default_storage.save(CURRENT, ContentFile(json.dumps(manifest, ensure_ascii=False).encode()))
    if previous and previous["folder"] != folder:
        for name in previous["files"]:
            default_storage.delete(f"{previous['folder']}/{name}")
    return manifest


def _parquet_type(arrow: str) -> str:
    return {"double": "number", "bool": "boolean"}.get(arrow, "string")


def current() -> dict[str, Any] | None:
    if not default_storage.exists(CURRENT):
        return None
    with default_storage.open(CURRENT) as handle:
        return json.loads(handle.read())
