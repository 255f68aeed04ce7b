"""The yearly programme report's shape, its years and its workbook: plain Python, no Django.

:mod:`tindus.programme.report` fills a :class:`ReportData` from the steering's figures (labels already in
the reader's language); :func:`workbook` writes it as XLSX, one sheet per table, each opening with its
title, scope, date and source lines. A figure a territory does not share is :data:`WITHHELD`, written as
the report's « non partagé » label, never as a 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tindus.core.tables import Sheet, to_xlsx

FIRST_YEAR = 2019  # the programme's first wave

KINDS = ("text", "int", "amount", "percent", "tonnes", "date")


class Withheld:
    """A figure the territory does not share (« non partagé »)."""

    _instance: Withheld | None = None

    def __new__(cls) -> Withheld:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()


def report_day(year: int, today: dt.date) -> dt.date:
    """The day the report's figures are read at: the year's last day, or ``today`` for the current year."""
    return min(dt.date(year, 12, 31), today)


def year_problem(year: int, data_years: Iterable[int], today: dt.date) -> str | None:
    """Why a year cannot be reported: ``"range"`` (before the programme or in the future), ``"no_data"``
    (nothing dated in that year), or None."""
    if not FIRST_YEAR <= year <= today.year:
        return "range"
    if year not in set(data_years):
        return "no_data"
    return None


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # one of KINDS

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(self.kind)


@dataclass
class Table:
    """A table of the report: a sheet of the workbook, a table of the PDF."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    source: str
    notes: list[str] = field(default_factory=list)

    def split(self, at: int) -> tuple[Table, Table]:
        """The table as two narrower ones, both keeping the first column: columns before ``at``, then the rest."""
        first = [0, *range(1, at)]
        rest = [0, *range(at, len(self.columns))]
        return self._select(first, f"{self.key}-1"), self._select(rest, f"{self.key}-2")

    def _select(self, indices: list[int], key: str) -> Table:
        return Table(
            key, self.title, [self.columns[i] for i in indices], [[row[i] for i in indices] for row in self.rows],
            self.source, self.notes,
        )  # fmt: skip

    def column(self, label: str) -> list[Any]:
        """The values of one column, by its label."""
        index = [c.label for c in self.columns].index(label)
        return [row[index] for row in self.rows]


@dataclass
class Figure:
    """A headline figure: its value and, when some territories withhold it, how many share it."""

    label: str
    value: Any
    kind: str = "int"
    coverage: str = ""


@dataclass
class RegionSection:
    """What the PDF shows of one région: its figures and its tables."""

    title: str
    figures: list[Figure]
    tables: list[Table]
    annex: Table | None = None  # each territory's row, at the end of the document
    synthetic: bool = False


@dataclass
class ReportData:
    title: str
    scope: str  # « France » or the région's name
    region_code: str | None
    year: int
    as_of: dt.date
    generated_at: dt.datetime
    withheld_label: str  # « non partagé »
    lines: list[str]  # scope, date and source lines, written atop every sheet
    synthetic_note: str  # « synthétique »: which territories are demo ones, "" when none
    figures: list[Figure]
    sheets: list[Table]
    sections: list[RegionSection]
    empty_note: str = ""  # said when the scope follows no territory

    def sheet(self, key: str) -> Table:
        return next(t for t in self.sheets if t.key == key)


def percent(share: float | None) -> float | None:
    """A share as a percentage with one decimal, as written in the workbook."""
    return None if share is None else round(share * 100, 1)


def cell(value: Any, kind: str, withheld_label: str) -> Any:
    """A value as the workbook stores it: numbers stay numbers, a withheld figure is the label."""
    if value is WITHHELD:
        return withheld_label
    if value is None:
        return None
    if kind == "percent":
        return percent(value)
    if kind == "tonnes":
        return round(float(value), 1)
    if kind == "amount":
        return Decimal(value).quantize(Decimal(1))
    return value


def _sheet(table: Table, data: ReportData) -> Sheet:
    before: list[Sequence[Any]] = [[table.title], *([line] for line in data.lines)]
    before += [[note] for note in table.notes]
    before += [[table.source]]
    if data.synthetic_note:
        before.append([data.synthetic_note])
    before.append([])
    rows = [
        [cell(v, c.kind, data.withheld_label) for v, c in zip(row, table.columns, strict=True)] for row in table.rows
    ]
    return Sheet(table.title, [c.label for c in table.columns], rows, before)


def workbook(data: ReportData) -> bytes:
    """The report as an XLSX workbook: one sheet per table, each with its title, scope, date and sources."""
    return to_xlsx([_sheet(table, data) for table in data.sheets])


def theme_matrix(
    counts: Iterable[tuple[str, str, int]], themes: Sequence[str], statuses: Sequence[str]
) -> list[list[int]]:
    """(theme, status, projects) counts → one row per theme (in ``themes``' order; a theme not listed falls
    in the last one), one column per status plus the total."""
    index = {theme: i for i, theme in enumerate(themes)}
    columns = {status: i for i, status in enumerate(statuses)}
    matrix = [[0] * (len(statuses) + 1) for _ in themes]
    for theme, status, n in counts:
        row = matrix[index.get(theme, len(themes) - 1)]
        if status in columns:
            row[columns[status]] += n
        row[-1] += n
    return matrix
