"""Strict readers for the reference files shipped in ``data/``.

Each reader yields plain dictionaries and raises :class:`ReferenceFileError`
naming the file, the line and the reason at the first malformed row, so that a
load can be refused before anything is written.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from tindus.files import FileProblemError

DATA_DIR = Path(__file__).resolve().parent / "data"


class ReferenceFileError(FileProblemError):
    """A reference file cannot be read: ``path``, 1-based ``line`` (0 for the whole file), ``reason``."""


def _open_text(path: Path) -> io.TextIOBase:
    if not path.exists():
        raise ReferenceFileError(path, 0, _("file not found"))
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def read_csv(
    path: Path, columns: Sequence[str], parse: Callable[[dict[str, str]], dict[str, Any]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, parse(row))`` for each data row of a UTF-8 CSV (optionally gzipped).

    The header must contain every name of ``columns``; each row must have as many
    fields as the header. ``parse`` raises ``ValueError`` with a reason for a bad row.
    """
    line = 1
    try:
        with _open_text(path) as stream:
            reader = csv.reader(stream)
            header = next(reader, None)
            if header is None:
                raise ReferenceFileError(path, 1, _("the file is empty"))
            missing = [c for c in columns if c not in header]
            if missing:
                raise ReferenceFileError(path, 1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
            for fields in reader:
                line = reader.line_num
                if len(fields) != len(header):
                    raise ReferenceFileError(
                        path,
                        line,
                        _("%(found)d fields where the header has %(expected)d")
                        % {"found": len(fields), "expected": len(header)},
                    )
                try:
                    parsed = parse(dict(zip(header, fields, strict=True)))
                except ValueError as error:
                    raise ReferenceFileError(path, line, str(error)) from None
                yield line, parsed
    except UnicodeDecodeError:
        raise ReferenceFileError(path, line + 1, _("not valid UTF-8 text")) from None
    except (gzip.BadGzipFile, EOFError, OSError) as error:
        raise ReferenceFileError(path, line, _("unreadable file (%(error)s)") % {"error": error}) from None
    except csv.Error as error:
        raise ReferenceFileError(path, line, _("malformed CSV (%(error)s)") % {"error": error}) from None


def read_geojson_features(path: Path, key: str) -> Iterator[dict[str, Any]]:
    """Yield ``{"code", "name", "geometry", "properties"}`` for each feature, keyed by property ``key``."""
    try:
        with _open_text(path) as stream:
            document = json.load(stream)
    except json.JSONDecodeError as error:
        raise ReferenceFileError(path, error.lineno, _("invalid JSON (%(error)s)") % {"error": error.msg}) from None
    except UnicodeDecodeError:
        raise ReferenceFileError(path, 0, _("not valid UTF-8 text")) from None
    except (gzip.BadGzipFile, EOFError) as error:
        raise ReferenceFileError(path, 0, _("unreadable file (%(error)s)") % {"error": error}) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ReferenceFileError(path, 1, _("not a GeoJSON FeatureCollection"))
    for index, feature in enumerate(document.get("features", []), start=1):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if key not in properties:
            raise ReferenceFileError(
                path, 0, _("feature %(index)d has no property %(key)s") % {"index": index, "key": key}
            )
        if not geometry or geometry.get("type") not in _GEOMETRY_TYPES:
            raise ReferenceFileError(path, 0, _("feature %(index)d has no usable geometry") % {"index": index})
        yield {"code": str(properties[key]), "properties": properties, "geometry": geometry}


_GEOMETRY_TYPES = {"Polygon", "MultiPolygon", "Point", "MultiPoint", "GeometryCollection"}


# --- field parsers: each returns the clean value or raises ValueError with a reason ---


def code(value: str, pattern: str, what: str) -> str:
    value = value.strip()
    if not re.fullmatch(pattern, value):
        raise ValueError(_("invalid %(what)s %(value)r") % {"what": what, "value": value})
    return value


def optional_code(value: str, pattern: str, what: str) -> str:
    return code(value, pattern, what) if value.strip() else ""


def integer(value: str, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(_("%(what)s is not an integer: %(value)r") % {"what": what, "value": value}) from None
    if number < 0:
        raise ValueError(_("%(what)s is negative: %(value)r") % {"what": what, "value": value})
    return number


def text(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError(_("%(what)s is empty") % {"what": what})
    return value


SIREN = r"\d{9}"
COMMUNE_CODE = r"(\d[\dAB]\d{3})"
DEPARTEMENT_CODE = r"(\d{2}|2A|2B|\d{3})"
REGION_CODE = r"\d{2}"
