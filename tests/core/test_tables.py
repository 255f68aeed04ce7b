"""The shared table writer (CSV, XLSX) and the download of any table of a page through the page itself."""

from __future__ import annotations

import csv
import io

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.conftest import signed_in
from tests.diagnostic.conftest import diagnostic_warehouse, synth_doubs  # noqa: F401 (fixtures)
from tests.land.views.test_dashboard import inventory  # noqa: F401 (fixture)
from tindus.core.html_tables import find_table, text_of, value_of
from tindus.core.tables import CSV_TYPE, XLSX_TYPE, Sheet, table_response, to_csv, to_xlsx
from tindus.jobs.models import Job

HEADER = ["Commune", "Emplois", "Part"]
ROWS = [["Pontarlier", 1234, 0.5], ["Morteau", None, "s"], ["Besançon; centre", 12.25, ""]]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_opens_in_spreadsheets_with_the_note_first():
    content = to_csv(HEADER, ROWS, "Source : URSSAF 2024, synthétique")
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
    assert read_csv(content) == [
        ["Source : URSSAF 2024, synthétique"],
        HEADER,
        ["Pontarlier", "1234", "0.5"],
        ["Morteau", "", "s"],
        ["Besançon; centre", "12.25", ""],
    ]
    assert read_csv(to_csv(HEADER, ROWS))[0] == HEADER  # no note: the header comes first


def test_xlsx_keeps_numbers_and_makes_the_header_bold():
    book = load_workbook(io.BytesIO(to_xlsx([("Emplois: 2024 [a]", HEADER, ROWS), Sheet("Vide", ["x"], [])], "Note")))
    sheet = book.worksheets[0]
    assert book.sheetnames == ["Emplois  2024  a", "Vide"]  # characters Excel refuses in a title are replaced
    assert sheet["A1"].value == "Note" and [c.value for c in sheet[2]] == HEADER and sheet["A2"].font.bold
    assert [c.value for c in sheet[3]] == ["Pontarlier", 1234, 0.5] and isinstance(sheet["B3"].value, int)
    assert [c.value for c in sheet[4]] == ["Morteau", None, "s"]
    lead = load_workbook(io.BytesIO(to_xlsx([Sheet("A", ["h"], [[1]], before=[["Zone"]])], "N"))).active
    assert [r[0] for r in lead.iter_rows(values_only=True)] == ["Zone", "N", "h", 1]


def test_same_titles_get_distinct_sheets():
    book = load_workbook(io.BytesIO(to_xlsx([("Zone", ["a"], []), ("Zone", ["b"], [])])))
    assert book.sheetnames == ["Zone", "Zone (2)"]


def test_table_response_names_the_file_and_its_type():
    csv_file = table_response("foncier-zones.csv", HEADER, ROWS, "N", "csv")
    assert csv_file["Content-Type"] == CSV_TYPE
    assert csv_file["Content-Disposition"] == 'attachment; filename="foncier-zones.csv"'
    xlsx_file = table_response("foncier-zones.csv", HEADER, ROWS, "N", "xlsx")
    assert xlsx_file["Content-Type"] == XLSX_TYPE and xlsx_file["Content-Disposition"].endswith('zones.xlsx"')
    with pytest.raises(ValueError):
        table_response("x", HEADER, ROWS, fmt="pdf")


@pytest.mark.parametrize(
    ("shown", "value"),
    [
        ("1\u202f234,5", 1234.5),
        ("1 234", 1234),
        ("12", 12),
        ("\u22123", -3),  # the typographic minus sign
        ("+4", 4),
        ("\u22123,5", -3.5),
        ("-2", -2),
        ("s", "s"),
        ("12,5 %", "12,5 %"),
        ("05", "05"),
        ("—", "—"),
        ("1,2,3", "1,2,3"),
        ("12345678901234567", "12345678901234567"),
    ],
)
def test_french_numbers_become_numbers_and_the_rest_stays_as_shown(shown, value):
    assert value_of(shown) == value


def test_a_table_is_read_as_seen():
    html = """<main><h2>Emplois</h2><div class="table-scroll"><table id="t"><caption>Emplois par secteur</caption>
      <thead><tr><th>Secteur</th><th colspan="2">Emplois</th></tr></thead>
      <tbody><tr><th scope="row">Bois<span class="visually-hidden"> (ligne)</span></th><td>1 204</td>
      <td><abbr title="secret statistique">s</abbr><button>voir</button></td></tr></tbody></table></div>
      <p class="table-downloads">CSV</p><p class="source">Source : URSSAF 2024.</p><h2>Autre</h2>
      <p class="source">Pas celle-ci</p></main>"""
    table = find_table(html, "t")
    assert table.header == ["Secteur", "Emplois", ""]
    assert table.rows == [["Bois", 1204, "s"]]
    assert table.caption == "Emplois par secteur" and table.source == "Source : URSSAF 2024."
    assert find_table(html, "absent") is None and find_table(html, "t' or '1'='1") is None


# The generic download on real pages.


def page_header(html: bytes, table_id: str) -> list[str]:
    return [text_of(cell) for cell in lxml.html.fromstring(html).xpath(f"//table[@id='{table_id}']/thead/tr/th")]


def source_under(html: bytes, table_id: str) -> str:
    path = f"//table[@id='{table_id}']/following::p[@class='source'][1]"
    return text_of(lxml.html.fromstring(html).xpath(path)[0])


def page_cells(html: bytes, table_id: str) -> list[list[str]]:
    """The texts of the body cells of the page's table, read independently of the download code."""
    table = lxml.html.fromstring(html).xpath(f"//table[@id='{table_id}']")[0]
    return [[text_of(cell) for cell in row.xpath("./th|./td")] for row in table.xpath("./tbody/tr")]


def same_as_shown(shown: list[list[str]], downloaded: list[list]) -> None:
    assert len(shown) == len(downloaded) and shown
    for page_row, file_row in zip(shown, downloaded, strict=True):
        assert [value_of(text) for text in page_row] == [("" if v is None else v) for v in file_row]


@pytest.mark.django_db
def test_a_land_table_downloads_as_shown_for_the_team_and_not_for_others(inventory, territory, committee, company):  # noqa: F811
    url = reverse("land:home", kwargs={"slug": territory.slug})
    browser = signed_in(committee)
    page = browser.get(url)
    html = page.content.decode()
    assert 'href="?tableau=zones-table&amp;format=xlsx"' in html
    label = _("%(format)s: download the table « %(name)s »") % {
        "format": "XLSX",
        "name": _("Occupancy and vacancy per zone"),
    }
    assert f'aria-label="{escape(label)}">XLSX</a>' in html
    download = browser.get(url, {"tableau": "zones-table", "format": "csv"})
    assert download["Content-Type"] == CSV_TYPE and "zones-table.csv" in download["Content-Disposition"]
    note, header, *rows = read_csv(download.content)
    assert note == [
        f"{_('Occupancy and vacancy per zone')} — {source_under(page.content, 'zones-table')} — Tindus, "
        f"http://testserver{url}, {timezone.localdate():%d/%m/%Y}"
    ]  # the source line under the table
    assert header == page_header(page.content, "zones-table")
    shown = page_cells(page.content, "zones-table")
    assert [[str(value_of(t)) for t in row] for row in shown] == rows
    book = load_workbook(io.BytesIO(browser.get(url, {"tableau": "zones-table", "format": "xlsx"}).content)).active
    same_as_shown(shown, [list(r) for r in book.iter_rows(min_row=3, values_only=True)])
    assert isinstance(book["D3"].value, int)  # the land units: a number, not a text
    # The page's own CSV (``?format=csv&table=…``) is untouched, and an unknown table is a plain 404.
    assert browser.get(url, {"format": "csv", "table": "epci"})["Content-Type"] == CSV_TYPE
    assert browser.get(url, {"tableau": "nothing-here", "format": "csv"}).status_code == 404
    assert browser.get(url, {"tableau": "zones-table", "format": "pdf"}).status_code == 404
    # Whoever cannot open the page gets what the page gives them, never the table.
    for other in (Client(), signed_in(company)):
        refused = other.get(url, {"tableau": "zones-table", "format": "csv"})
        assert refused.status_code == other.get(url).status_code != 200
        assert not refused.get("Content-Type", "").startswith("text/csv")


@pytest.mark.django_db
def test_diagnostic_tables_keep_secret_cells_masked_and_start_no_export(client, diagnostic_warehouse, haut_doubs):  # noqa: F811
    url = reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug})
    page = client.get(url)
    shown = page_cells(page.content, "sector-by-epci")
    assert any("s" in row[1:] for row in shown)  # the table has cells masked by statistical secrecy
    response = client.get(url, {"tableau": "sector-by-epci", "format": "xlsx"})
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    note = sheet["A1"].value
    assert "synthétique" in note.lower() and "secret" in note.lower()  # the diagnostic's source line
    same_as_shown(shown, [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)])
    assert not Job.objects.exists()  # the page's own ``?format=xlsx`` export was not started
    as_csv = read_csv(client.get(url, {"tableau": "sectors", "format": "csv"}).content)
    assert len(as_csv) - 2 == len(page_cells(page.content, "sectors"))
