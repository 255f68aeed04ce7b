"""The page, its XLSX export, the API and the Parquet file publish the very same masked cells, and the same
figures everywhere else, for several territories (issue 21)."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.diagnostic.exports import to_xlsx
from tindus.diagnostic.parquet import write
from tindus.diagnostic.services import build_report

pytestmark = pytest.mark.django_db
SECRET = "s"

# For each table: the API's columns in the order of the page's HTML table and of the XLSX sheet (after the
# row's label), the page's table (its id, or the n-th table of a section) and the sheet's name and first row.
SECTOR_COLUMNS = ["jobs", "share", "lq_france", "lq_region", "lq_rest_of_france", "lq_rest_of_region", "change",
                  "national_effect", "mix_effect", "local_effect"]  # fmt: skip
TABLES = {
    "figures": {"html": ("id", "indicators"), "html_columns": ["value"], "sheet": lambda: _("Key figures"),
                "sheet_columns": ["value"], "first_row": 4, "label_cells": 1},
    "comparison": {"html": ("id", "comparison"),
                   "html_columns": ["jobs", "industry_share", "annual_rate", "lq_industry", "krugman"],
                   "sheet": lambda: _("Comparison"),
                   "sheet_columns": ["jobs", "industry_jobs", "industry_share", "change", "annual_rate",
                                     "lq_industry", "krugman"], "first_row": 3, "label_cells": 1},
    "sectors": {"html": ("id", "sectors"), "html_columns": SECTOR_COLUMNS, "sheet": lambda: _("Sectors"),
                "sheet_columns": SECTOR_COLUMNS, "first_row": 3, "label_cells": 2},
    "sector-by-epci": {"html": ("id", "sector-by-epci"), "html_columns": None, "sheet": lambda: _("Sectors × EPCI"),
                       "sheet_columns": None, "first_row": 3, "label_cells": 1},
    "size-structure": {"html": ("section", "size-h", 0), "html_columns": ["establishments"],
                       "sheet": lambda: _("Size"), "sheet_columns": ["establishments"], "first_row": 3,
                       "label_cells": 1},
    "demography": {"html": ("section", "size-h", 1), "html_columns": ["creation_rate", "closure_rate"],
                   "sheet": lambda: _("Demography"),
                   "sheet_columns": ["creations", "closures", "stock", "creation_rate", "closure_rate"],
                   "first_row": 3, "label_cells": 1},
}  # fmt: skip


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def html_rows(page: str, where: tuple) -> list[list[str]]:
    """The body rows of a table of the page, as the texts of their cells."""
    if where[0] == "id":
        table = re.search(rf'<table id="{where[1]}".*?</table>', page, re.S).group(0)
    else:
        section = re.search(rf'<h2 id="{where[1]}".*?</section>', page, re.S).group(0)
        table = re.findall(r"<table.*?</table>", section, re.S)[where[2]]
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]  # fmt: skip


def shown_number(text: str) -> tuple[float, int, bool]:
    """A number as the page shows it (French digits): its value, its decimals and whether it is a percentage."""
    percent = text.endswith("%")
    digits = re.sub(r"[\s\u202f\u00a0%]", "", text).replace(",", ".").replace("\u2212", "-")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), decimals, percent


def assert_same_figure(shown: str, value, where: tuple) -> None:
    """A cell of the page shows the API's value: « s » for a masked one, « — » for none, else the number
    to the digits the page shows."""
    if value == SECRET:
        assert shown == SECRET, where
        return
    assert shown != SECRET, where
    if value is None:
        assert shown == "—", where
        return
    number, decimals, percent = shown_number(shown)
    expected = value * 100 if percent else value
    # Within one unit of the last digit shown: the page's number_format cuts the digits it does not show.
    assert abs(number - expected) < 10**-decimals + 1e-9, (where, shown, value)


def api_value(cell: dict):
    return SECRET if cell["secret"] else cell["value"]


@pytest.fixture(params=["auxois", "haut_doubs"])
def zone(request, diagnostic_warehouse):
    return request.getfixturevalue(request.param)


@pytest.fixture
def published(client, zone):
    """What the page, the XLSX file and the API publish of ``zone``."""
    from openpyxl import load_workbook

    page = client.get(reverse("diagnostic:territory", kwargs={"slug": zone.slug}))
    assert page.status_code == 200
    api = {}
    listing = client.get(f"/api/v1/territories/{zone.slug}/diagnostic").json()
    for summary in listing["results"]:
        response = client.get(f"/api/v1/territories/{zone.slug}/diagnostic/{summary['id']}")
        assert response.status_code == 200
        api[summary["id"]] = response.json()
    book = load_workbook(io.BytesIO(to_xlsx(build_report(territory=zone))))
    return {"page": page.content.decode(), "book": book, "api": api}


def masked_cells(published: dict) -> dict[str, set]:
    """The masked cells (table, row number, column) that each of the three publishes."""
    found: dict[str, set] = {"page": set(), "xlsx": set(), "api": set()}
    for table_id, spec in TABLES.items():
        table = published["api"][table_id]
        columns = [c["id"] for c in table["columns"]]
        for number, row in enumerate(table["rows"]):
            found["api"] |= {(table_id, number, c["column"]) for c in row["cells"] if c["secret"]}
        page_columns = spec["html_columns"] or columns
        for number, cells in enumerate(html_rows(published["page"], spec["html"])):
            values = [cell.split(" / ")[0] for cell in cells[1 : 1 + len(page_columns)]]
            found["page"] |= {(table_id, number, c) for c, v in zip(page_columns, values, strict=True) if v == SECRET}
        sheet = published["book"][spec["sheet"]()[:31]]
        sheet_columns = spec["sheet_columns"] or columns
        for number, cells in enumerate(sheet.iter_rows(min_row=spec["first_row"], values_only=True)):
            values = cells[spec["label_cells"] : spec["label_cells"] + len(sheet_columns)]
            found["xlsx"] |= {(table_id, number, c) for c, v in zip(sheet_columns, values, strict=True) if v == SECRET}
    return found


def test_page_xlsx_and_api_mask_the_same_cells(published, zone):
    found = masked_cells(published)
    assert found["api"], f"no masked cell in the diagnostic of {zone.slug}: the test would prove nothing"
    # The page shows fewer columns than the file (demography counts, industrial jobs and change of the
    # comparison): on the columns it shows, the very same cells; on the others, the file and the API agree.
    assert found["xlsx"] == found["api"]
    shown = {
        (t, n, c) for t, n, c in found["api"] if TABLES[t]["html_columns"] is None or c in TABLES[t]["html_columns"]
    }
    assert found["page"] == shown
    assert {t for t, _n, _c in found["page"]} >= {"sectors", "sector-by-epci"}


def test_page_xlsx_and_api_show_the_same_figures(published, zone):
    for table_id, spec in TABLES.items():
        table = published["api"][table_id]
        columns = [c["id"] for c in table["columns"]]
        rows = table["rows"]
        page_rows = html_rows(published["page"], spec["html"])
        sheet = published["book"][spec["sheet"]()[:31]]
        sheet_rows = list(sheet.iter_rows(min_row=spec["first_row"], values_only=True))
        assert len(page_rows) == len(sheet_rows) == len(rows), table_id
        for number, row in enumerate(rows):
            values = {c["column"]: api_value(c) for c in row["cells"]}
            assert page_rows[number][0] == row["label"], (table_id, number)
            page_columns = spec["html_columns"] or columns
            shown_cells = page_rows[number][1 : 1 + len(page_columns)]
            for column, shown in zip(page_columns, shown_cells, strict=True):
                assert_same_figure(shown.split(" / ")[0], values[column], (zone.slug, table_id, row["id"], column))
            sheet_columns = spec["sheet_columns"] or columns
            start = spec["label_cells"]
            for column, kept in zip(sheet_columns, sheet_rows[number][start : start + len(sheet_columns)], strict=True):
                assert kept == values[column], (zone.slug, table_id, row["id"], column)


def test_parquet_holds_the_api_cells(client, auxois, haut_doubs, diagnostic_warehouse):
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    done = write(buffer, territories=[auxois, haut_doubs])
    assert done["territories"] == [auxois.slug, haut_doubs.slug]
    lines = pq.read_table(io.BytesIO(buffer.getvalue())).to_pylist()
    in_file = {(x["territory"], x["table"], x["row"], x["column"]): x for x in lines}
    assert len(in_file) == len(lines)  # one line per cell
    from_api = {}
    for zone in (auxois, haut_doubs):
        for summary in client.get(f"/api/v1/territories/{zone.slug}/diagnostic", {"page_size": 500}).json()["results"]:
            table = client.get(f"/api/v1/territories/{zone.slug}/diagnostic/{summary['id']}").json()
            for row in table["rows"]:
                for cell in row["cells"]:
                    from_api[(zone.slug, table["id"], row["id"], cell["column"])] = (cell, row, table)
    assert set(in_file) == set(from_api)
    secret = 0
    for key, (cell, row, table) in from_api.items():
        line = in_file[key]
        assert line["secret"] is cell["secret"]
        assert line["value"] == (None if cell["secret"] else cell["value"]), key
        source = row.get("source") or table["source"]
        assert (line["source"], line["vintage"], line["synthetic"]) == (
            source["source"], source["vintage"], source["synthetic"])  # fmt: skip
        secret += cell["secret"]
    assert secret > 0 and {slug for slug, *_rest in in_file} == {auxois.slug, haut_doubs.slug}
