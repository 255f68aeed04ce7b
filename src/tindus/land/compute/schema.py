"""A Table Schema validator for the CNIG « Sites économiques » and « Friches » schemas (shipped in ``data/``).

Written here rather than taken from ``frictionless``: the CNIG schemas put several ``enum`` lists at the
field level instead of inside ``constraints`` (a generic validator ignores them), and use strftime formats
(``%Y-%m-%d``, ``%Y``) for dates. What is checked, as the schemas declare it: the header (a required column
missing, an unknown column), the types (string with ``email``/``uri`` formats, number, integer, boolean,
date, year, geopoint ``lon, lat``, geojson), ``required``, ``enum`` (at either place), ``pattern`` (the
whole value must match, as Table Schema says), ``minimum``/``maximum``, ``minLength``/``maxLength``,
``unique``, the primary key (present and unique) and ``foreignKeys`` when a schema declares some (the CNIG
ones declare none: the model's references are checked by :mod:`.inventory`). ``missingValues`` (``""``,
``NA``, ``NaN``, ``N/A``) read as empty.

Every problem names the layer (``SITE-ECO``, ``TERRAIN-ECO``, ``ETABLISSEMENT``, ``POLE-ECO``, ``friches``),
the feature (CSV line, and its identifier when it has one) and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shapely.geometry import shape

from . import DATA
from .problems import Problem, gettext_noop

SCHEMA_FILES = {
    "POLE-ECO": "schema_pole-eco.json",
    "SITE-ECO": "schema_site-eco.json",
    "TERRAIN-ECO": "schema_terrain-eco.json",
    "ETABLISSEMENT": "schema_etablissement.json",
    "friches": "schema_friches.json",
}
INVENTORY_LAYERS = ("POLE-ECO", "SITE-ECO", "TERRAIN-ECO", "ETABLISSEMENT")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
YEAR = re.compile(r"\d{4}")
GEOJSON_TYPES = {
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
}  # fmt: skip


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    format: str = "default"
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: re.Pattern[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    unique: bool = False


@dataclass(frozen=True)
class Schema:
    layer: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict, ...]
    missing_values: frozenset[str]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@lru_cache(maxsize=8)
def load_schema(layer: str) -> Schema:
    """The shipped Table Schema of a CNIG class (``SITE-ECO``…) or of ``friches``."""
    raw = json.loads((DATA / SCHEMA_FILES[layer]).read_text(encoding="utf-8"))
    fields = []
    for spec in raw["fields"]:
        constraints = spec.get("constraints", {})
        enum = constraints.get("enum", spec.get("enum"))
        pattern = constraints.get("pattern")
        fields.append(
            Field(
                name=spec["name"],
                type=spec.get("type", "string"),
                format=spec.get("format", "default"),
                required=bool(constraints.get("required", False)),
                enum=tuple(enum) if enum is not None else None,
                pattern=re.compile(simplified(pattern)) if pattern else None,
                minimum=constraints.get("minimum"),
                maximum=constraints.get("maximum"),
                min_length=constraints.get("minLength"),
                max_length=constraints.get("maxLength"),
                unique=bool(constraints.get("unique", False)),
            )
        )
    key = raw.get("primaryKey") or ()
    return Schema(
        layer=layer,
        fields=tuple(fields),
        primary_key=(key,) if isinstance(key, str) else tuple(key),
        foreign_keys=tuple(raw.get("foreignKeys", ())),
        missing_values=frozenset(raw.get("missingValues", [""])),
    )


# The CNIG schemas write « ITEM(|ITEM)* » as ``(?:(?:^|\|)(ITEM|)\1+ITEM)+$``: a back-reference that
# backtracks exponentially on a wrong value (minutes for one cell). It is rewritten to its intended form.
LIST_PATTERN = re.compile(r"\(\?:\(\?:\^\|\\\|\)\((?P<item>.+)\|\)\\1\+(?P=item)\)\+\$")


def simplified(pattern: str) -> str:
    """A CNIG list pattern as ``ITEM(?:|ITEM)*``; any other pattern unchanged."""
    match = LIST_PATTERN.fullmatch(pattern)
    return f"(?:{match['item']})(?:\\|(?:{match['item']}))*" if match else pattern


class CellError(ValueError):
    """A cell that does not read as its field's type: an English template and its parameters."""

    def __init__(self, reason: str, **params: object) -> None:
        self.reason, self.params = reason, params
        super().__init__(reason % params if params else reason)


def parse_value(field: Field, text: str) -> object:
    """The typed value of a non-empty cell, or :class:`CellError`."""
    kind, fmt = field.type, field.format
    if kind == "string":
        if fmt == "email" and not EMAIL.fullmatch(text):
            raise CellError(gettext_noop("« %(value)s » is not an e-mail address"), value=text)
        if fmt == "uri" and not URI.fullmatch(text):
            raise CellError(gettext_noop("« %(value)s » is not a web address"), value=text)
        return text
    if kind == "number":
        if not NUMBER.fullmatch(text):
            raise CellError(gettext_noop("« %(value)s » is not a number (decimal point, no spaces)"), value=text)
        return float(text)
    if kind == "integer":
        if not INTEGER.fullmatch(text):
            raise CellError(gettext_noop("« %(value)s » is not a whole number"), value=text)
        return int(text)
    if kind == "boolean":
        if text.lower() in {"true", "1"}:
            return True
        if text.lower() in {"false", "0"}:
            return False
        raise CellError(gettext_noop("« %(value)s » is not true or false"), value=text)
    if kind == "year" or (kind == "date" and fmt == "%Y"):
        if not YEAR.fullmatch(text):
            raise CellError(gettext_noop("« %(value)s » is not a year (YYYY)"), value=text)
        return int(text)
    if kind == "date":
        pattern = "%Y-%m-%d" if fmt in {"default", "any", "%Y-%m-%d"} else fmt.removeprefix("fmt:")
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            raise CellError(gettext_noop("« %(value)s » is not a date (YYYY-MM-DD)"), value=text) from None
    if kind == "geopoint":
        return _geopoint(text)
    if kind == "geojson":
        return _geojson(text)
    return text


def _geopoint(text: str) -> tuple[float, float]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(NUMBER.fullmatch(p) for p in parts):
        raise CellError(gettext_noop("« %(value)s » is not a point « longitude, latitude »"), value=text)
    lon, lat = float(parts[0]), float(parts[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise CellError(gettext_noop("« %(value)s » is not a longitude and latitude in degrees"), value=text)
    return lon, lat


def _geojson(text: str):
    try:
        data = json.loads(text)
    except ValueError:
        raise CellError(gettext_noop("not valid GeoJSON (unreadable JSON)")) from None
    if not isinstance(data, dict) or data.get("type") not in GEOJSON_TYPES:
        raise CellError(gettext_noop("not a GeoJSON geometry (its « type » is missing or unknown)"))
    try:
        geometry = shape(data)
    except Exception:  # noqa: BLE001 - shapely raises several kinds on malformed coordinates
        raise CellError(gettext_noop("not a GeoJSON geometry (malformed coordinates)")) from None
    if geometry.is_empty or not all(math.isfinite(v) for v in geometry.bounds):
        raise CellError(gettext_noop("empty GeoJSON geometry"))
    return geometry


def validate_rows(
    schema: Schema, rows: Iterable[tuple[int, Mapping[str, object]]], *, lines: bool = True
) -> tuple[list[dict[str, object]], list[Problem]]:
    """Check rows of text cells against ``schema``; return the typed records and the problems.

    Each row is ``(n, {field: text})``: ``n`` is the CSV line when ``lines``, else the feature's ordinal
    (a GeoPackage fid), shown as « fid n » when the feature has no identifier. A missing key or ``None`` is
    an empty cell. Records come back in the input order, every field of the schema present (``None`` when
    empty), typed by :func:`parse_value`.
    """
    records: list[dict[str, object]] = []
    problems: list[Problem] = []
    seen: dict[str, dict[object, int]] = {f.name: {} for f in schema.fields if f.unique}
    keys: dict[tuple, int] = {}
    for n, row in rows:
        key_text = " | ".join(str(row.get(k) or "") for k in schema.primary_key).strip(" |")
        feature = key_text or ("" if lines else f"fid {n}")
        line = n if lines else 0

        def report(field: str, reason: str, _line=line, _feature=feature, **params: object) -> None:
            problems.append(Problem(schema.layer, reason, line=_line, feature=_feature, field=field, params=params))

        record: dict[str, object] = {}
        for field in schema.fields:
            cell = row.get(field.name)
            text = "" if cell is None else str(cell).strip()
            if text in schema.missing_values:
                record[field.name] = None
                if field.required:
                    report(field.name, gettext_noop("required value missing"))
                continue
            try:
                value = parse_value(field, text)
            except CellError as error:
                record[field.name] = None
                report(field.name, error.reason, **error.params)
                continue
            record[field.name] = value
            _check_constraints(field, text, value, report)
            if field.unique:
                if value in seen[field.name]:
                    report(field.name, gettext_noop("« %(value)s » is already used (unique)"), value=text)
                seen[field.name][value] = n
        if schema.primary_key and key_text:
            key = tuple(record.get(k) for k in schema.primary_key)
            if key in keys:
                where = gettext_noop("identifier « %(value)s » already used at line %(other)d") if lines else (
                    gettext_noop("identifier « %(value)s » already used by fid %(other)d")
                )  # fmt: skip
                report(schema.primary_key[0], where, value=key_text, other=keys[key])
            else:
                keys[key] = n
        records.append(record)
    return records, problems


def _check_constraints(field: Field, text: str, value: object, report) -> None:
    if field.enum is not None and text not in field.enum:
        report(field.name, gettext_noop("« %(value)s » is not one of the standard's values"), value=text)
    if field.pattern is not None and not field.pattern.fullmatch(text):
        report(field.name, gettext_noop("« %(value)s » does not have the expected form"), value=text)
    if field.minimum is not None and isinstance(value, (int, float)) and value < field.minimum:
        report(field.name, gettext_noop("%(value)s is below the minimum %(limit)s"), value=text, limit=field.minimum)
    if field.maximum is not None and isinstance(value, (int, float)) and value > field.maximum:
        report(field.name, gettext_noop("%(value)s is above the maximum %(limit)s"), value=text, limit=field.maximum)
    if field.min_length is not None and len(text) < field.min_length:
        report(field.name, gettext_noop("shorter than %(limit)d characters"), limit=field.min_length)
    if field.max_length is not None and len(text) > field.max_length:
        report(field.name, gettext_noop("longer than %(limit)d characters"), limit=field.max_length)


def check_header(schema: Schema, header: list[str], *, layer: str = "") -> list[Problem]:
    """A required column missing, an unknown or repeated column (optional columns may be left out)."""
    problems = []
    name = layer or schema.layer
    for field in schema.fields:
        if field.required and field.name not in header:
            problems.append(Problem(name, gettext_noop("required column missing"), line=1, field=field.name))
    known = set(schema.names)
    for column in header:
        if column not in known:
            problems.append(Problem(name, gettext_noop("column unknown to the standard"), line=1, field=column))
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(name, gettext_noop("column given twice"), line=1, field=column))
    return problems


def read_csv(source: str | Path | bytes, layer: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line, row)`` of a CSV file (``;`` or ``,``, guessed from the header; gzipped or not;
    UTF-8 with or without BOM), or :class:`~.problems.LandDataError` naming the line."""
    from .problems import LandDataError

    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LandDataError([Problem(layer, gettext_noop("the file is not UTF-8 text"))]) from None
    stream = io.StringIO(text, newline="")
    first = stream.readline()
    sep = ";" if first.count(";") >= first.count(",") else ","
    header = [h.strip() for h in next(csv.reader([first], delimiter=sep), [])]
    if not any(header):
        raise LandDataError([Problem(layer, gettext_noop("the file is empty"), line=1)])
    rows = []
    reader = csv.reader(stream, delimiter=sep)
    try:
        for cells in reader:
            line = reader.line_num + 1 - cells_extra_lines(cells)
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise LandDataError(
                    [
                        Problem(
                            layer,
                            gettext_noop("%(found)d fields where the header has %(expected)d"),
                            line=line,
                            params={"found": len(cells), "expected": len(header)},
                        )
                    ]
                )
            rows.append((line, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise LandDataError(
            [
                Problem(
                    layer, gettext_noop("malformed CSV (%(error)s)"), line=reader.line_num, params={"error": str(error)}
                )
            ]
        ) from None
    return header, rows


def cells_extra_lines(cells: list[str]) -> int:
    """Line breaks inside quoted cells, so that a row is located by its first line."""
    return sum(c.count("\n") for c in cells)


def validate_csv(source: str | Path | bytes, layer: str) -> tuple[list[dict[str, object]], list[Problem]]:
    """Read and check a CSV file of a CNIG class (or ``friches``): the typed records and every problem."""
    schema = load_schema(layer)
    header, rows = read_csv(source, layer)
    problems = check_header(schema, header)
    records, row_problems = validate_rows(schema, rows)
    return records, problems + row_problems


def check_foreign_keys(
    schema: Schema, records: list[dict[str, object]], targets: Mapping[str, list[dict[str, object]]]
) -> list[Problem]:
    """The ``foreignKeys`` a schema declares, against the records of the referenced layers (by name)."""
    problems = []
    for spec in schema.foreign_keys:
        fields = [spec["fields"]] if isinstance(spec["fields"], str) else list(spec["fields"])
        ref = spec["reference"]
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
        pool = records if not ref.get("resource") else targets.get(ref["resource"], [])
        known = {tuple(r.get(f) for f in ref_fields) for r in pool}
        for index, record in enumerate(records, start=1):
            value = tuple(record.get(f) for f in fields)
            if all(v is None for v in value) or value in known:
                continue
            problems.append(
                Problem(
                    schema.layer,
                    gettext_noop("« %(value)s » refers to nothing in %(target)s"),
                    feature=str(record.get(schema.primary_key[0], index)) if schema.primary_key else str(index),
                    field=fields[0],
                    params={"value": " | ".join(map(str, value)), "target": ref.get("resource") or schema.layer},
                )
            )
    return problems


def format_value(field: Field, value: object) -> str:
    """The text of a typed value in the standard's CSV (the inverse of :func:`parse_value`); ``""`` for None.

    Geometries (shapely) are written as GeoJSON, geopoints as ``lon, lat``."""
    if value is None:
        return ""
    if field.format == "%Y" and isinstance(value, int):
        return f"{value:04d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, tuple) and field.type == "geopoint":
        return f"{value[0]:.7f}, {value[1]:.7f}"
    if hasattr(value, "geom_type"):
        import shapely

        return shapely.to_geojson(value)
    return str(value)
