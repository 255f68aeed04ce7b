"""The yearly programme report as a PDF (WeasyPrint, offline): cover, the scope's figures, the régions'
table, one section per région, the per-territory annex; every table with its source line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format

from tindus.core.pdf import render_pdf
from tindus.core.templatetags.tindus_tags import euros, percent

from .compute.report import WITHHELD, Figure, ReportData, Table

# The régions' table's first columns printed together (région, territories, contract, plan).
REGIONS_SPLIT = 10


def display(value: Any, kind: str, withheld_label: str) -> tuple[str, str]:
    """A value as the PDF prints it, with its cell's class (``num`` for numbers, ``withheld``)."""
    if value is WITHHELD:
        return withheld_label, "withheld"
    if value is None or value == "":
        return "—", "num" if kind != "text" else ""
    if kind == "amount":
        return euros(Decimal(value)), "num"
    if kind == "percent":
        return percent(value), "num"
    if kind == "tonnes":
        return number_format(round(float(value), 1), 1, force_grouping=True), "num"
    if kind == "int":
        return number_format(value, 0, force_grouping=True), "num"
    if kind == "date" and isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT"), "num"
    return str(value), ""


def _table(table: Table, withheld_label: str) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "columns": [{"label": c.label, "num": c.kind != "text"} for c in table.columns],
        "rows": [
            [display(v, c.kind, withheld_label) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
        ],
        "source": table.source,
        "notes": table.notes,
    }


def _figures(figures: list[Figure], withheld_label: str) -> list[dict[str, Any]]:
    return [
        {"label": f.label, "value": display(f.value, f.kind, withheld_label), "coverage": f.coverage} for f in figures
    ]


def report_pdf(data: ReportData) -> bytes:
    return render_pdf("programme/report_pdf.html", pdf_context(data))


def pdf_context(data: ReportData) -> dict[str, Any]:
    """What the PDF's template reads: every value already printed as the reader reads it."""
    w = data.withheld_label
    national = []
    for table in data.sheets:
        if table.key == "regions":  # too wide for a page: contract and plan, then funding and activity
            national += [_table(part, w) for part in table.split(REGIONS_SPLIT)]
        elif table.key == "sharing":
            national.append(_table(table, w))
    context = {
        "report": data,
        "figures": _figures(data.figures, w),
        "national": national,
        "sections": [
            {
                "title": s.title,
                "synthetic": s.synthetic,
                "figures": _figures(s.figures, w),
                "tables": [_table(t, w) for t in s.tables],
                "annex": _table(s.annex, w) if s.annex else None,
            }
            for s in data.sections
        ],
        "generated_at": data.generated_at,
    }
    return context
