"""Anonymised answers as a table (CSV or XLSX): one line per answer, segments as shown in the
results (folded so that no group below five stands out), dates by month, never a token."""

from __future__ import annotations

import csv
import io
from typing import Any

from .results import Segmentation
from .schema import Questionnaire


def columns(schema: Questionnaire) -> list[tuple[str, str]]:
    """(key, header) of every column: segments, version, then one or more per question."""
    out = [("version", "version"), ("month", "mois")]
    for q in schema.questions():
        if q.type == "matrix":
            out += [(f"{q.id}--{row}", f"{q.label} : {row}") for row in q.rows]
        else:
            out.append((q.id, q.label))
    return out


def rows(schema: Questionnaire, segmentation: Segmentation, months: list[str]) -> list[dict[str, Any]]:
    table = []
    for respondent, month in zip(segmentation.respondents, months, strict=True):
        row: dict[str, Any] = {d: segmentation.label(respondent, d) for d in segmentation.dimensions}
        row["version"], row["month"] = respondent.version, month
        for q in schema.questions():
            value = respondent.answers.get(q.id)
            if q.type == "matrix":
                for line in q.rows:
                    row[f"{q.id}--{line}"] = (value or {}).get(line, "")
            elif isinstance(value, list):
                row[q.id] = "; ".join(str(v) for v in value)
            else:
                row[q.id] = "" if value is None else value
        table.append(row)
    return table


def to_csv(headers: list[tuple[str, str]], table: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([h for _k, h in headers])
    for row in table:
        writer.writerow([row.get(k, "") for k, _h in headers])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets spreadsheet software read UTF-8


def to_xlsx(headers: list[tuple[str, str]], table: list[dict[str, Any]], note: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "réponses"
    sheet.append([h for _k, h in headers])
    for row in table:
        sheet.append([row.get(k, "") for k, _h in headers])
    book.create_sheet("source").append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
