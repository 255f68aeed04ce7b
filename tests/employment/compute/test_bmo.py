"""BMO files: the layout comes from the header, masked cells stay missing, every problem says where."""

import csv
import gzip
import io

import numpy as np
import pytest
from openpyxl import Workbook

from tindus.employment.compute.bmo import MASKED, detect_layout, read_bmo
from tindus.employment.compute.problems import DataError

from .conftest import shared


def real_rows(count=40):
    """The header and the first rows of the real 2024 CSV (Guadeloupe's basins)."""
    with gzip.open(shared("emploi-formation", "bmo_2024_open_data.csv.gz"), "rt", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        return [next(reader) for _ in range(count + 1)]


def as_csv(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def test_the_2024_workbook_is_read_whole_and_equals_its_csv_export(bmo_2024_workbook, bmo_2024_csv):
    book, text = bmo_2024_workbook, bmo_2024_csv
    assert book.year == text.year == 2024
    assert book.layout.sheet == "BMO_2024_open_data"
    assert len(book) == len(text) == 53_443
    assert book.job_codes == text.job_codes and len(book.job_codes) == 217
    for column in ("job", "basin", "departement", "projects", "difficult", "seasonal", "lines"):
        assert np.array_equal(getattr(book, column), getattr(text, column)), column
    assert book.basin_names == text.basin_names and len(book.basin_names) == 406
    # the figures the shared README states for 2024
    assert (book.projects == MASKED).sum() == 10_891
    assert (book.difficult == MASKED).sum() == 20_507
    assert (book.seasonal == MASKED).sum() == 39_359
    assert book.projects[book.projects != MASKED].sum() == 2_751_069
    assert book.nomenclature == "FAP 2021"


def test_the_2025_csv(bmo_2025):
    assert bmo_2025.year == 2025 and bmo_2025.layout.columns["basin"] == 9
    assert len(bmo_2025) == 50_076
    assert (bmo_2025.projects == MASKED).sum() == 11_452
    assert bmo_2025.projects[bmo_2025.projects != MASKED].sum() == 2_401_105
    assert bmo_2025.job_names["A0X40"] == "Agriculteurs"


def test_a_basin_spanning_two_departements_has_one_row_per_departement(bmo_2024_csv):
    autun = bmo_2024_csv.basin_departements()[2708]
    assert autun == ("21", "71")
    assert bmo_2024_csv.basin_names[2708] == "AUTUN"


def test_the_first_line_the_header_and_the_masked_cells_of_a_row(bmo_2024_csv):
    first = 0
    assert bmo_2024_csv.lines[first] == 2
    assert bmo_2024_csv.job_codes[bmo_2024_csv.job[first]] == "A0X40"
    assert (bmo_2024_csv.basin[first], bmo_2024_csv.departement[first]) == (101, "971")
    assert (bmo_2024_csv.projects[first], bmo_2024_csv.difficult[first], bmo_2024_csv.seasonal[first]) == (95, 31, 44)
    masked_rows = np.flatnonzero(bmo_2024_csv.projects == MASKED)
    assert len(masked_rows) and (bmo_2024_csv.difficult[masked_rows] == MASKED).all()


@pytest.mark.parametrize(
    ("layout", "year"),
    [
        # BMO 2023: the basin before the département and the région, suffix 23
        ("2023", 2023),
        # BMO 2019: other headers, suffix 19
        ("2019", 2019),
        # BMO 2026: a clpe column before met, semicolons
        ("2026", 2026),
    ],
)
def test_the_layouts_of_other_years_are_recognised(layout, year):
    header, *rows = real_rows()
    suffix = str(year)[2:]
    named = {
        "annee": "annee",
        "BE24": f"BE{suffix}",
        "NOMBE24": f"NOMBE{suffix}",
    }
    if layout == "2019":
        named |= {
            "Famille_met": "Famille_metier",
            "Lbl_fam_met": "Libellé de famille de métier",
            "Code métier BMO": "code métier BMO ",
            "Nom métier BMO": "nom_metier BMO",
        }
    order = list(range(len(header)))
    if layout == "2023":  # annee, métier…, BE, NOMBE, Dept, NomDept, REG, NOM_REG, met…
        order = [0, 1, 2, 3, 4, 9, 10, 7, 8, 5, 6, 11, 12, 13]
    new_header = [named.get(header[i], header[i]) for i in order]
    new_rows = [[str(year) if i == 0 else row[i] for i in order] for row in rows]
    delimiter = ","
    if layout == "2026":
        new_header.insert(11, "clpe")
        new_rows = [[*r[:11], "1", *r[11:]] for r in new_rows]
        delimiter = ";"
    table = read_bmo(as_csv([new_header, *new_rows], delimiter), name=f"bmo_{year}.csv")
    assert table.year == year
    assert len(table) == len(rows)
    assert table.projects[0] == 95 and table.basin[0] == 101 and table.departement[0] == "971"
    if layout == "2026":
        assert table.extra == {"clpe": ["1"] * len(rows)}


def test_an_unknown_layout_names_every_missing_column():
    header, *rows = real_rows(3)
    header = ["BASSIN" if h == "BE24" else h for h in header]
    kept = [i for i, h in enumerate(header) if h != "xmet"]
    with pytest.raises(DataError) as caught:
        read_bmo(as_csv([[r[i] for i in kept] for r in [header, *rows]]), name="bmo.csv")
    assert caught.value.line == 1
    assert str(caught.value) == "bmo.csv, line 1: unknown BMO layout: missing columns BE<yy>, xmet"


def test_an_unknown_workbook_layout_names_its_missing_columns(tmp_path):
    book = Workbook()
    book.active.title = "Données"
    book.active.append(["annee", "Code métier BMO", "Dept", "met"])
    book.active.append([2024, "A0X40", "21", "5"])
    path = tmp_path / "bmo.xlsx"
    book.save(path)
    with pytest.raises(DataError, match="missing columns Nom métier BMO, Famille_met, .*BE<yy>, NOMBE<yy>, xmet, smet"):
        read_bmo(path)


def test_a_small_workbook_with_the_real_header_and_sheets_is_read_like_the_official_one(tmp_path):
    """The official workbook's shape without its 3.5 MB: a description sheet first (named with spaces), then
    ``BMO_2024_open_data`` with the real header, ``annee`` and ``BE24`` as numbers, counts as text, ``*`` kept."""
    header, *rows = real_rows(6)
    book = Workbook()
    book.active.title = "Description des variables"
    book.active.append(["Variable", "Description"])
    book.active.append(["met", "Nombre de projets de recrutement"])
    sheet = book.create_sheet("BMO_2024_open_data")
    sheet.append(header)
    for row in rows:
        typed = list(row)
        typed[header.index("annee")] = int(row[header.index("annee")])
        typed[header.index("BE24")] = int(row[header.index("BE24")])
        sheet.append(typed)
    path = tmp_path / "Base_open_data_BMO_2024.xlsx"
    book.save(path)
    table = read_bmo(path)
    from_csv = read_bmo(as_csv([header, *rows]), name="bmo.csv")
    assert table.year == 2024 and table.layout.sheet == "BMO_2024_open_data"
    assert table.layout.columns == from_csv.layout.columns and len(table) == len(rows) == 6
    for column in ("job", "basin", "departement", "projects", "difficult", "seasonal", "lines"):
        assert np.array_equal(getattr(table, column), getattr(from_csv, column)), column
    assert table.lines[0] == 2  # the header is line 1 of its sheet


def test_the_header_alone_gives_the_layout():
    layout = detect_layout(real_rows(0)[0])
    assert layout.year == 2024 and layout.columns["projects"] == 11 and layout.extra == {}


def row_problem(edit):
    header, *rows = real_rows(3)
    edit(header, rows)
    with pytest.raises(DataError) as caught:
        read_bmo(as_csv([header, *rows]), name="bmo.csv")
    return caught.value


def test_a_count_that_is_neither_digits_nor_a_star_is_refused_at_its_cell():
    problem = row_problem(lambda h, rows: rows[1].__setitem__(11, "douze"))
    assert (problem.line, problem.column) == (3, "met")
    assert "not a count" in str(problem)


def test_a_published_part_of_masked_projects_is_refused():
    problem = row_problem(lambda h, rows: rows[0].__setitem__(11, "*"))  # its xmet is 31
    assert (problem.line, problem.column) == (2, "xmet")


def test_difficult_projects_above_the_projects_are_refused():
    problem = row_problem(lambda h, rows: rows[0].__setitem__(12, "900"))
    assert (problem.line, problem.column) == (2, "xmet")
    assert "exceeds the projects" in str(problem)


def test_an_unknown_fap_code_is_refused_at_its_line():
    header, *rows = real_rows(3)
    with pytest.raises(DataError) as caught:
        read_bmo(as_csv([header, *rows]), name="bmo.csv", known_jobs={"B0X10"})
    assert (caught.value.line, caught.value.column) == (2, "Code métier BMO")
    assert "unknown FAP job code 'A0X40'" in str(caught.value)


def test_a_year_that_contradicts_the_basin_columns_is_refused():
    problem = row_problem(lambda h, rows: rows[0].__setitem__(0, "2023"))
    assert (problem.line, problem.column) == (2, "annee")


def test_a_row_given_twice_is_refused_naming_both_lines():
    problem = row_problem(lambda h, rows: rows.__setitem__(2, list(rows[0])))
    assert problem.line == 4 and "already on line 2" in str(problem)


def test_an_empty_or_foreign_file_is_refused():
    with pytest.raises(DataError, match="the file is empty"):
        read_bmo(io.BytesIO(b""), name="vide.csv")
    with pytest.raises(DataError, match="missing columns"):
        read_bmo(io.BytesIO("nom;prénom\nA;B\n".encode()), name="autre.csv")
