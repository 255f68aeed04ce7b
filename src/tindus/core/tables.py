"""The one writer of tables for download, as CSV or XLSX, shared by every page and export of Tindus.

CSV is for spreadsheet software in France: UTF-8 with its byte-order mark, « ; » between cells, CRLF line
ends. XLSX keeps numbers as numbers and makes the header bold. Both start with the ``note`` when there is
one: where the figures come from, their vintage, « synthétique » when they are (the line that a page shows
under the table). The writers need no Django, so computation cores can use them; :func:`table_response`
wraps a file in an HTTP answer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from django.http import HttpResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
SHEET_TITLE_MAX = 31
# Characters a sheet title may not hold (Excel's rule, enforced by openpyxl).
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")

Row = Sequence[Any]


class Sheet(NamedTuple):
    """One sheet of a workbook: its title, the header line, the rows; ``before`` are lines written above the
    note (a title block, say)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Row]
    before: Sequence[Row] = ()


def _cell(value: Any) -> Any:
    return "" if value is None else value


def to_csv(header: Sequence[Any], rows: Iterable[Row], note: str | None = None) -> bytes:
    """The table as CSV bytes: the note (if any) on the first line, then the header, then the rows; an empty
    value (``None``) is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if note:
        writer.writerow([note])
    writer.writerow([_cell(v) for v in header])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the mark lets spreadsheet software read UTF-8


def sheet_title(title: str, used: set[str] | None = None) -> str:
    """A title Excel accepts (31 characters, none of ``\\/*?:[]``), unique among ``used`` (which it joins)."""
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:SHEET_TITLE_MAX] or "Tableau"
    found, n = base, 2
    while used is not None and found in used:
        suffix = f" ({n})"
        found, n = base[: SHEET_TITLE_MAX - len(suffix)] + suffix, n + 1
    if used is not None:
        used.add(found)
    return found


def to_xlsx(sheets: Iterable[Sheet | tuple], note: str | None = None) -> bytes:
    """A workbook of one sheet per (title, header, rows[, before]): each opens with the note (if any), then
    the header in bold, then the rows, numbers kept as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for given in sheets:
        sheet = Sheet(*given)
        ws = book.create_sheet(sheet_title(sheet.title, used))
        for line in sheet.before:
            ws.append(list(line))
        if note:
            ws.append([note])
        ws.append(list(sheet.header))
        for cell in ws[ws.max_row]:
            cell.font = bold
        for row in sheet.rows:
            ws.append(list(row))
    if not book.sheetnames:
        book.create_sheet("Tableau")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_file(header: Sequence[Any], rows: Iterable[Row], note: str | None, fmt: str, title: str = "") -> bytes:
    """One table as ``fmt`` (``csv`` or ``xlsx``); ``title`` names the sheet."""
    if fmt == "csv":
        return to_csv(header, rows, note)
    if fmt == "xlsx":
        return to_xlsx([Sheet(title or "Tableau", header, rows)], note)
    raise ValueError(fmt)


def table_response(
    filename: str, header: Sequence[Any], rows: Iterable[Row], note: str | None = None, fmt: str = "csv",
    title: str = "",
) -> HttpResponse:  # fmt: skip
    """The table as a download named ``filename`` (its extension follows ``fmt``)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    content = table_file(header, rows, note, fmt, title)
    stem = filename.rsplit(".", 1)[0] if filename.lower().endswith((".csv", ".xlsx")) else filename
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return response
