"""The action-plan workbook (XLSX): one sheet per kind of row, fixed French column headers.

The same layout serves as the import template and as the export, so an exported plan can be
imported again. This module only reads and writes cells and checks their types; what the values
mean (an axis code, a commune of the territory…) is checked by :mod:`tindus.plan.importing`.

Plain Python (no Django import). Its messages are written in English and pass through the ``_``
argument of :func:`read_workbook`, :class:`WorkbookError` and :meth:`Problem.describe`: the Django
layer gives ``gettext``, so problems read in the user's language; a notebook keeps the English.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"  # text, int, decimal, date, bool
    required: bool = False
    width: int = 18
    added_later: bool = False  # may be missing from the end of a sheet written by an older Tindus


SHEETS: dict[str, list[Column]] = {
    "Axes": [
        Column("code", "code", required=True, width=10),
        Column("intitulé", "title", required=True, width=60),
        Column("description", "description", width=60),
    ],
    "Projets": [
        Column("réf", "ref", required=True, width=8),
        Column("titre", "title", required=True, width=40),
        Column("description", "description", width=50),
        Column("porteur", "porteur_name", required=True, width=30),
        Column("SIRET porteur", "porteur_siret", width=16),
        Column("pilote", "pilot", width=20),
        Column("courriel pilote", "pilot_email", width=24),
        Column("partenaires", "partners", width=30),
        Column("axes", "axes", width=12),
        Column("statut", "status", required=True, width=16),
        Column("statut depuis le", "status_date", "date", width=14),
        Column("priorité", "priority", width=10),
        Column("début", "start_date", "date", width=12),
        Column("fin", "end_date", "date", width=12),
        Column("communes", "communes", width=20),
        Column("public", "is_public", "bool", width=8),
        Column("résumé public", "public_summary", width=40),
    ],
    "Budget": [
        Column("réf projet", "project", required=True, width=10),
        Column("nature", "nature", required=True, width=16),
        Column("année", "year", "int", required=True, width=8),
        Column("libellé", "label", required=True, width=40),
        Column("prévu (€)", "planned", "decimal", required=True, width=14),
        Column("réalisé (€)", "actual", "decimal", width=14),
    ],
    "Financements": [
        Column("réf projet", "project", required=True, width=10),
        Column("financeur", "financeur", required=True, width=24),
        Column("programme", "financeur_detail", width=20),
        Column("année", "year", "int", required=True, width=8),
        Column("montant (€)", "amount", "decimal", required=True, width=14),
        Column("demandé le", "requested_on", "date", required=True, width=12),
        Column("accordé le", "granted_on", "date", width=12),
        Column("versé le", "paid_on", "date", width=12),
    ],
    "Jalons": [
        Column("réf projet", "project", required=True, width=10),
        Column("jalon", "title", required=True, width=40),
        Column("prévu le", "planned_on", "date", required=True, width=12),
        Column("réalisé le", "done_on", "date", width=12),
    ],
    "Indicateurs": [
        Column("réf projet", "project", required=True, width=10),
        Column("indicateur", "name", required=True, width=40),
        Column("unité", "unit", width=12),
        Column("cible", "target", "decimal", required=True, width=10),
        Column("échéance", "target_on", "date", width=12),
        Column("nature", "kind", width=12, added_later=True),
    ],
    "Mesures": [
        Column("réf projet", "project", required=True, width=10),
        Column("indicateur", "indicator", required=True, width=40),
        Column("mesurée le", "measured_on", "date", required=True, width=12),
        Column("valeur", "value", "decimal", required=True, width=10),
    ],
}
README_SHEET = "Lisez-moi"
MAX_ROWS = 20_000


Translate = Callable[[str], str]


def untranslated(message: str) -> str:
    """The default translation: the English message itself."""
    return message


@dataclass(frozen=True)
class Problem:
    sheet: str
    line: int
    column: str  # a header, or "" for the whole line
    reason: str

    def describe(self, _: Translate = untranslated) -> str:
        """Where and what, as one line: ``Projets, line 3, column « statut »: …``."""
        values = {"sheet": self.sheet, "line": self.line, "column": self.column, "reason": self.reason}
        if self.column:
            return _("%(sheet)s, line %(line)d, column « %(column)s »: %(reason)s") % values
        return _("%(sheet)s, line %(line)d: %(reason)s") % values

    def __str__(self) -> str:
        return self.describe()


class WorkbookError(Exception):
    def __init__(self, problems: list[Problem], _: Translate = untranslated) -> None:
        super().__init__("; ".join(p.describe(_) for p in problems[:5]))
        self.problems = problems


def _convert(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "text":
        return str(value).strip() if not isinstance(value, float) or not value.is_integer() else str(int(value))
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return int(str(value).strip())
    if kind == "decimal":
        if isinstance(value, (int, float)):
            return Decimal(str(value))
        return Decimal(str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", "."))
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for layout in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, layout).date()
            except ValueError:
                continue
        raise ValueError(text)
    if kind == "bool":
        text = str(value).strip().lower()
        if text in ("oui", "o", "vrai", "true", "1", "x", "yes"):
            return True
        if text in ("non", "n", "faux", "false", "0", "no"):
            return False
        raise ValueError(text)
    raise AssertionError(kind)


KIND_HINTS = {
    "int": "un nombre entier",
    "decimal": "un nombre",
    "date": "une date (AAAA-MM-JJ ou JJ/MM/AAAA)",
    "bool": "oui ou non",
}


# What openpyxl raises on a file that is not a sound XLSX workbook (zip, XML, cell errors).
UNREADABLE = (InvalidFileException, BadZipFile, KeyError, OSError, ValueError, SyntaxError, TypeError)


def read_workbook(source: BinaryIO | bytes, _: Translate = untranslated) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Rows of every sheet as (line number, values by key). Raises WorkbookError with every problem,
    each reason translated by ``_``."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    problems: list[Problem] = []
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
        try:
            result = _read_sheets(book, problems, _)
        finally:
            book.close()
    except UNREADABLE:
        # openpyxl's own wording (in English, about zip files or XML) would only puzzle the reader.
        reason = _("the file cannot be read as an XLSX workbook: open it in a spreadsheet and save it as .xlsx")
        raise WorkbookError([Problem("", 0, "", reason)], _) from None
    if problems:
        raise WorkbookError(problems, _)
    return result


def _read_sheets(book: Any, problems: list[Problem], _: Translate) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    result: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, columns in SHEETS.items():
        if name not in book.sheetnames:
            problems.append(Problem(name, 0, "", _("the sheet is missing")))
            continue
        rows = book[name].iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        while header and header[-1] == "":
            header.pop()
        expected = [c.header for c in columns]
        while len(header) < len(expected) and header == expected[: len(header)] and columns[len(header)].added_later:
            header.append(columns[len(header)].header)  # an older workbook: the newer columns stay empty
        if header != expected:
            for index, want in enumerate(expected):
                found = header[index] if index < len(header) else ""
                if found != want:
                    reason = _("expected the column « %(want)s », found « %(found)s »") % {"want": want, "found": found}
                    problems.append(Problem(name, 1, get_column_letter(index + 1), reason))
                    break
            else:
                problems.append(Problem(name, 1, get_column_letter(len(expected) + 1),
                    _("unexpected column « %(found)s »") % {"found": header[len(expected)]}))  # fmt: skip
            continue
        result[name] = []
        for line, values in enumerate(rows, start=2):
            if line > MAX_ROWS:
                problems.append(Problem(name, line, "", _("too many lines (at most %(n)d)") % {"n": MAX_ROWS}))
                break
            values = list(values) + [None] * (len(columns) - len(values))
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values[: len(columns)]):
                continue
            row: dict[str, Any] = {}
            for column, raw in zip(columns, values[: len(columns)], strict=True):
                try:
                    row[column.key] = _convert(raw, column.kind)
                except (ValueError, InvalidOperation):
                    reason = _("« %(value)s » is not %(kind)s") % {"value": raw, "kind": KIND_HINTS[column.kind]}
                    problems.append(Problem(name, line, column.header, reason))
                    continue
                if column.required and row[column.key] is None:
                    problems.append(Problem(name, line, column.header, _("this cell is required")))
            result[name].append((line, row))
    return result


def write_workbook(rows: dict[str, list[dict[str, Any]]], readme: list[str]) -> bytes:
    """A workbook with a read-me sheet then one sheet per kind of row (empty sheets make the template)."""
    book = Workbook()
    sheet = book.active
    sheet.title = README_SHEET
    for line in readme:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 120
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c.header for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        dates = [index for index, column in enumerate(columns, start=1) if column.kind == "date"]
        for line, row in enumerate(rows.get(name, []), start=2):
            sheet.append([_cell(row.get(c.key), c.kind) for c in columns])
            for index in dates:
                sheet.cell(line, index).number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "bool":
        return "oui" if value else "non"
    if kind == "decimal":
        return float(value)
    return value
