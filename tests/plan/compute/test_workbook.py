import io

import pytest
from openpyxl import load_workbook

from tindus.plan.compute.workbook import SHEETS, WorkbookError, read_workbook, write_workbook


def book_with(sheet, rows, header=None):
    content = write_workbook({}, ["x"])
    book = load_workbook(io.BytesIO(content))
    target = book[sheet]
    if header is not None:
        for index, value in enumerate(header, start=1):
            target.cell(1, index, value)
    for row in rows:
        target.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_has_every_sheet_and_reads_back_empty():
    sheets = read_workbook(write_workbook({}, ["Lisez-moi"]))
    assert set(sheets) == set(SHEETS) and all(rows == [] for rows in sheets.values())


def test_values_are_typed():
    content = book_with("Budget", [["P1", "investissement", 2024, "Machine", "1 234,50", None]])
    ((line, row),) = read_workbook(content)["Budget"]
    assert line == 2
    assert row == {"project": "P1", "nature": "investissement", "year": 2024, "label": "Machine",
                   "planned": __import__("decimal").Decimal("1234.50"), "actual": None}  # fmt: skip


def test_a_wrong_column_is_named():
    header = [c.header for c in SHEETS["Budget"]]
    header[4] = "montant"
    with pytest.raises(WorkbookError) as error:
        read_workbook(book_with("Budget", [], header=header))
    (problem,) = error.value.problems
    assert (problem.sheet, problem.line, problem.column) == ("Budget", 1, "E")
    assert "prévu (€)" in problem.reason and "montant" in problem.reason


def test_every_bad_cell_is_reported_with_its_line():
    content = book_with("Financements", [
        ["P1", "Région", None, "deux mille", 100, "2024-01-01", None, None],
        ["P1", "Région", None, 2024, None, "hier", None, None],
    ])  # fmt: skip
    with pytest.raises(WorkbookError) as error:
        read_workbook(content)
    found = {(p.sheet, p.line, p.column) for p in error.value.problems}
    assert found == {
        ("Financements", 2, "année"),
        ("Financements", 3, "montant (€)"),
        ("Financements", 3, "demandé le"),
    }


def test_not_a_workbook():
    with pytest.raises(WorkbookError) as error:
        read_workbook(b"titre;porteur\n")
    assert "XLSX" in str(error.value)
