"""The hand-collected sessions template: documented columns, line and column on every problem."""

import csv
import datetime as dt
import io

import pytest

from tindus.employment.compute.problems import DataError
from tindus.employment.compute.template import COLUMNS, read_template, template_header

ROW = {
    "organisme": "GRETA 21",
    "siret": "19210013900019",
    "intitule": "Soudeur TIG",
    "rome": "H2913",
    "formacode": "23054",
    "rncp": "RNCP35330",
    "commune": "21425",
    "latitude": "47,6236",
    "longitude": "4.3378",
    "debut": "01/09/2025",
    "fin": "2026-06-30",
    "places": "12",
    "modalite": "Présentiel",
}


def template(*rows, delimiter=";", encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([{**ROW, **row}[c] for c in COLUMNS] for row in rows)
    return out.getvalue().encode(encoding)


def test_the_header_lists_the_documented_columns():
    assert template_header() == ";".join(COLUMNS) + "\r\n"
    assert list(COLUMNS)[:3] == ["organisme", "siret", "intitule"]


def test_a_filled_in_template():
    offers = read_template(template({}, {"debut": "15/01/2026", "fin": ""}), name="sessions.csv")
    assert offers.version == "template" and len(offers.sessions) == 2
    assert len(offers.actions) == 1 and len(offers.organisations) == 1  # same organisation and training
    action = offers.actions[0]
    assert action.codes.rome == ("H2913",) and action.codes.rome_version == "V4"
    assert action.codes.rncp == ("RNCP35330",) and action.modality == "presential"
    first, second = offers.sessions
    assert (first.start, first.end, first.capacity, first.line) == (dt.date(2025, 9, 1), dt.date(2026, 6, 30), 12, 2)
    assert first.latitude == pytest.approx(47.6236) and first.commune == "21425"
    assert second.end is None and second.line == 3


def test_a_french_spreadsheet_file_with_commas():
    offers = read_template(template({"modalite": "à distance", "commune": ""}, delimiter=",", encoding="cp1252"))
    assert offers.sessions[0].modality == "distance" and offers.sessions[0].commune == ""


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"fin": "31/08/2025"}, "fin", "the session ends (2025-08-31) before it starts (2025-09-01)"),
        ({"places": "0"}, "places", "a capacity of 0 places"),
        ({"rome": "H9999"}, "rome", "unknown ROME 4.0 code 'H9999'"),
        ({"rome": "soudure"}, "rome", "invalid ROME code 'SOUDURE'"),
        ({"rome": "", "formacode": "", "rncp": ""}, "rome", "at least one ROME"),
        ({"debut": "1er septembre"}, "debut", "not a date"),
        ({"intitule": ""}, "intitule", "this column is required"),
        ({"modalite": "hybride"}, "modalite", "'hybride' is not présentiel"),
        ({"commune": ""}, "commune", "the place is required"),
        ({"siret": "1921001390001"}, "siret", "a SIRET has 14 digits"),
        ({"latitude": "147.6"}, "latitude", "impossible coordinates"),
    ],
)
def test_a_bad_row_is_refused_at_its_line_and_column(change, column, reason):
    with pytest.raises(DataError) as caught:
        read_template(template({}, change), name="sessions.csv", known_rome={"H2913"})
    assert (caught.value.line, caught.value.column) == (3, column)
    assert reason in str(caught.value) and str(caught.value).startswith(f"sessions.csv, line 3, column « {column} »")


def test_a_template_without_its_columns_or_rows_is_refused():
    with pytest.raises(DataError, match="missing columns: .*modalite"):
        read_template(b"organisme;intitule\r\nGRETA;Soudeur\r\n")
    with pytest.raises(DataError, match="no session under the header"):
        read_template(template_header().encode())
