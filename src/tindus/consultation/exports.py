"""Anonymised answers as a table (CSV or XLSX): one line per answer, segments as shown in the
results (folded so that no group below five stands out), dates by month, never a token."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tindus.core.tables import Sheet
from tindus.core.tables import to_csv as write_csv
from tindus.core.tables import to_xlsx as write_xlsx

from .compute.results import OTHER, K, Respondent, Segmentation
from .compute.schema import CODE_TYPES, Questionnaire


def columns(schema: Questionnaire) -> list[tuple[str, str]]:
    """(key, header) of every column: segments, version, then one or more per question."""
    out = [("version", "version"), ("month", "mois")]
    for q in schema.questions():
        if q.type == "matrix":
            out += [(f"{q.id}--{row}", f"{q.label} : {row}") for row in q.rows]
        else:
            out.append((q.id, q.label))
    return out


def rare_codes(schema: Questionnaire, respondents: list[Respondent], k: int = K) -> dict[str, set[str]]:
    """For each code question (commune, NAF, ROME, EWC), the codes fewer than ``k`` respondents gave."""
    rare = {}
    for q in schema.questions():
        if q.type in CODE_TYPES:
            counts = Counter(code for r in respondents for code in r.answers.get(q.id) or [])
            rare[q.id] = {code for code, n in counts.items() if n < k}
    return rare


def rows(
    schema: Questionnaire,
    segmentation: Segmentation,
    months: list[str],
    *,
    published_texts: set[tuple[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """One row per answer. With ``published_texts`` (the approved (answer, question) pairs), the table is
    for others than the team: free texts not approved are left out and rare codes become « autres »."""
    rare = rare_codes(schema, segmentation.respondents, segmentation.k) if published_texts is not None else {}
    texts = {q.id for q in schema.questions() if q.type in ("short_text", "long_text")}
    table = []
    for respondent, month in zip(segmentation.respondents, months, strict=True):
        row: dict[str, Any] = {d: segmentation.label(respondent, d) for d in segmentation.dimensions}
        row["version"], row["month"] = respondent.version, month
        for q in schema.questions():
            value = respondent.answers.get(q.id)
            if q.type == "matrix":
                for line in q.rows:
                    row[f"{q.id}--{line}"] = (value or {}).get(line, "")
            elif q.id in texts and published_texts is not None and (respondent.key, q.id) not in published_texts:
                row[q.id] = ""
            elif q.id in rare:
                row[q.id] = "; ".join(sorted({OTHER if v in rare[q.id] else str(v) for v in value or []}))
            elif isinstance(value, list):
                row[q.id] = "; ".join(str(v) for v in value)
            else:
                row[q.id] = "" if value is None else value
        table.append(row)
    return table


def to_csv(headers: list[tuple[str, str]], table: list[dict[str, Any]]) -> bytes:
    """The header on the first line, as this file always had it (the source is in the XLSX)."""
    return write_csv([h for _k, h in headers], [[row.get(k, "") for k, _h in headers] for row in table])


def to_xlsx(headers: list[tuple[str, str]], table: list[dict[str, Any]], note: str) -> bytes:
    rows = [[row.get(k, "") for k, _h in headers] for row in table]
    return write_xlsx([Sheet("réponses", [h for _k, h in headers], rows)], note)
