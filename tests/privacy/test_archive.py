"""The files of an export, in plain Python."""

import csv
import io
import zipfile

from tindus.privacy.compute.archive import section_csv, to_json, to_zip

EXPORT = {"subject": "x", "sections": [{"id": "a", "title": "A", "rows": [{"un": 1}, {"un": 2, "deux": "é;x"}]},
                                       {"id": "vide", "title": "Vide", "rows": []}]}  # fmt: skip


def test_a_csv_has_every_column_met_in_any_row():
    table = list(csv.reader(io.StringIO(section_csv(EXPORT["sections"][0]["rows"]).decode("utf-8-sig")), delimiter=";"))
    assert table == [["un", "deux"], ["1", ""], ["2", "é;x"]]


def test_the_zip_leaves_out_empty_sections_and_is_the_same_each_time():
    data = to_zip(EXPORT)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["export.json", "01-a.csv"]
    assert to_zip(EXPORT) == data


def test_json_keeps_accents_readable():
    assert "é;x" in to_json(EXPORT).decode("utf-8")
