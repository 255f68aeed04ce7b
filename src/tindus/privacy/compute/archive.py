"""An export as files (no Django import): one JSON document, or a zip of that JSON and one CSV per
section that spreadsheet software opens (``;``-separated UTF-8 with a byte-order mark)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tindus.core.tables import to_csv

# Fixed date of the zip entries: the same export gives the same bytes.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def to_json(export: dict[str, Any]) -> bytes:
    return (json.dumps(export, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def section_csv(rows: list[dict[str, Any]]) -> bytes:
    """One section as CSV: a column per label met in any row, in the order first met."""
    columns: list[str] = []
    for row in rows:
        columns += [label for label in row if label not in columns]
    return to_csv(columns, [[row.get(c) for c in columns] for row in rows])


def to_zip(export: dict[str, Any]) -> bytes:
    """``export.json`` and ``NN-<section id>.csv`` for each section with rows."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("export.json", ZIP_DATE), to_json(export), zipfile.ZIP_DEFLATED)
        for n, section in enumerate(export["sections"], start=1):
            if section["rows"]:
                info = zipfile.ZipInfo(f"{n:02d}-{section['id']}.csv", ZIP_DATE)
                archive.writestr(info, section_csv(section["rows"]), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
