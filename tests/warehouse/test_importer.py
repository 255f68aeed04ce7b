"""Importing SIRENE and URSSAF files: every format, every check, and all-or-nothing."""

import csv
import gzip
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from tindus.warehouse.detect import DataFileError, detect
from tindus.warehouse.importer import ImportRefusedError, import_file

from .conftest import count

URSSAF = "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv"


def stock_rows(files):
    with (
        zipfile.ZipFile(files / "StockEtablissement_utf8.zip") as archive,
        archive.open("StockEtablissement_utf8.csv") as raw,
    ):
        return list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8")))


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def snapshot(warehouse):
    return (
        count(warehouse, "SELECT count(*) FROM establishment"),
        count(warehouse, "SELECT count(*) FROM import_log"),
        count(warehouse, "SELECT count(*) FROM employment"),
    )


@pytest.fixture
def loaded(warehouse, files):
    """A warehouse holding the synthetic stock and URSSAF series (the 'previous' state of bad-input tests)."""
    import_file(warehouse, files / "StockEtablissement_utf8.zip")
    import_file(warehouse, files / URSSAF)
    return warehouse


def test_zip_stock_is_imported_whole_and_labelled_synthetic(warehouse, files):
    rows = stock_rows(files)
    report = import_file(warehouse, files / "StockEtablissement_utf8.zip")
    assert (report.dataset, report.container) == ("sirene-etablissements", "zip")
    assert report.rows_read == report.rows_kept == len(rows) - 1
    assert report.synthetic is True and report.vintage == "2026-10"
    assert count(warehouse, "SELECT count(*) FROM establishment") == len(rows) - 1
    assert (
        count(warehouse, "SELECT count(*) FROM v_establishment WHERE epci IS NULL OR a38 IS NULL AND naf IS NOT NULL")
        == 0
    )
    assert count(warehouse, "SELECT bool_and(synthetic) FROM v_establishment") is True
    active = sum(1 for r in rows[1:] if r[40] == "A")
    assert count(warehouse, "SELECT count(*) FROM establishment WHERE active") == active
    # The aggregates kept by the import match the stock.
    assert count(warehouse, "SELECT count(*) FROM agg_est_commune WHERE active") == active
    assert count(warehouse, "SELECT count(*) FROM agg_est_commune") == len(rows) - 1
    employers = sum(1 for r in rows[1:] if r[40] == "A" and r[5] not in ("NN", "00", ""))
    assert count(warehouse, "SELECT count(*) FROM agg_employers") == employers


def test_parquet_and_csv_gz_give_the_same_rows(warehouse, files, tmp_path):
    import_file(warehouse, files / "StockEtablissement_utf8.parquet")
    from_parquet = count(
        warehouse, "SELECT sum(hash(siret, naf, commune, size_band, active, created)) FROM establishment"
    )
    disguised = tmp_path / "stock.bin"  # content, not the name, decides
    body = "\n".join(",".join(f'"{v}"' if "," in v else v for v in r) for r in stock_rows(files)) + "\n"
    disguised.write_bytes(gzip.compress(body.encode()))
    detected = detect(disguised)
    assert (detected.container, detected.dataset) == ("gzip", "sirene-etablissements")
    report = import_file(warehouse, disguised, synthetic=True)
    assert report.container == "gzip"
    assert (
        count(warehouse, "SELECT sum(hash(siret, naf, commune, size_band, active, created)) FROM establishment")
        == from_parquet
    )


def test_real_files_are_not_labelled_synthetic(warehouse, files):
    (files / "tindus-synthetique.json").unlink()
    assert import_file(warehouse, files / "StockEtablissement_utf8.zip").synthetic is False


def test_legal_units_and_geolocation(warehouse, files):
    import_file(warehouse, files / "StockUniteLegale_utf8.zip")
    import_file(warehouse, files / "StockEtablissement_utf8.zip")
    assert count(warehouse, "SELECT count(*) FROM establishment e ANTI JOIN legal_unit u USING (siren)") == 0
    report = import_file(warehouse, files / "geo_siret_25.csv.gz")
    assert report.scope == "25"
    assert count(warehouse, "SELECT count(*) FROM geolocation") == report.rows_kept
    assert (
        count(
            warehouse,
            "SELECT count(*) FROM geolocation "
            "WHERE longitude NOT BETWEEN 5.6 AND 7.1 OR latitude NOT BETWEEN 46.5 AND 47.6",
        )
        == 0
    )


def test_urssaf_wide_file_becomes_a_long_series(warehouse, files):
    with open(files / URSSAF, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    report = import_file(warehouse, files / URSSAF)
    assert report.rows_kept == len(rows) and report.vintage == "2024"
    assert count(warehouse, "SELECT count(*) FROM employment") == len(rows) * 19
    expected = sum(int(r["effectifs_salaries_2024"]) for r in rows)
    assert count(warehouse, "SELECT sum(jobs) FROM employment WHERE year = 2024") == expected
    assert count(warehouse, "SELECT count(*) FROM employment WHERE naf NOT LIKE '__.___'") == 0


def test_invalid_rows_are_counted_by_reason_with_their_lines(warehouse, files, tmp_path):
    rows = stock_rows(files)
    rows[3][2] = rows[3][2][:-1] + str((int(rows[3][2][-1]) + 1) % 10)  # Luhn broken, line 4
    rows[6][45], rows[6][46] = "99.99Z", "NAFRev2"  # unknown NAF, line 7
    rows[9][20] = "25999"  # unknown commune, line 10
    path = write_csv(tmp_path / "stock.csv", rows)
    report = import_file(warehouse, path, synthetic=True)
    assert report.rows_rejected == 3 and report.rows_kept == len(rows) - 4
    assert report.rejects["invalid_siret"] == {"count": 1, "lines": [4]}
    assert report.rejects["unknown_naf"] == {"count": 1, "lines": [7]}
    assert report.rejects["unknown_commune"] == {"count": 1, "lines": [10]}


def test_too_many_invalid_rows_refuse_the_import(loaded, files, tmp_path):
    rows = stock_rows(files)
    for row in rows[1:201]:  # 200 of about 9 000 rows: above the 1 % threshold
        row[20] = "25999"
    before = snapshot(loaded)
    with pytest.raises(ImportRefusedError) as error:
        import_file(loaded, write_csv(tmp_path / "stock.csv", rows))
    assert error.value.report.rejects["unknown_commune"]["lines"] == [2, 3, 4, 5, 6]
    assert "200" in str(error.value)
    assert snapshot(loaded) == before


BAD_CASES = {
    "missing column": lambda rows: [[c for i, c in enumerate(r) if i != 45] for r in rows],
    "unexpected column": lambda rows: [r + (["extra"] if n == 0 else ["x"]) for n, r in enumerate(rows)],
    "shifted row": lambda rows: rows[:5] + [rows[5][:20] + ["decale"] + rows[5][20:]] + rows[6:],
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_malformed_csv_names_file_line_and_reason_and_changes_nothing(loaded, files, tmp_path, case):
    path = write_csv(tmp_path / "broken.csv", BAD_CASES[case](stock_rows(files)))
    before = snapshot(loaded)
    with pytest.raises(DataFileError) as error:
        import_file(loaded, path)
    assert error.value.path.name == "broken.csv"
    expected_line = 6 if case == "shifted row" else 1
    assert error.value.line == expected_line, str(error.value)
    if case == "missing column":
        assert "activitePrincipaleEtablissement" in error.value.reason
    if case == "unexpected column":
        assert "extra" in error.value.reason
    assert snapshot(loaded) == before


def test_wrong_encoding_is_refused_with_its_line(loaded, files, tmp_path):
    rows = stock_rows(files)
    rows[4][17] = "BESANÇON"
    first_accent = next(n for n, r in enumerate(rows, start=1) if not ",".join(r).isascii())
    path = write_csv(tmp_path / "latin1.csv", rows, encoding="latin-1")
    before = snapshot(loaded)
    with pytest.raises(DataFileError) as error:
        import_file(loaded, path)
    assert "UTF-8" in error.value.reason and error.value.line == first_accent <= 5
    assert snapshot(loaded) == before


@pytest.mark.parametrize("name", ["StockEtablissement_utf8.zip", "geo_siret_25.csv.gz"])
def test_truncated_archives_are_refused(loaded, files, name):
    path = files / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    before = snapshot(loaded)
    with pytest.raises(DataFileError) as error:
        import_file(loaded, path)
    assert error.value.path.name == name
    assert snapshot(loaded) == before


def test_empty_download_is_refused(loaded, tmp_path):
    path = tmp_path / "StockEtablissement_utf8.zip"
    path.write_bytes(b"")
    with pytest.raises(DataFileError) as error:
        import_file(loaded, path)
    assert "0" in error.value.reason


def test_urssaf_file_with_a_missing_year_pair_is_refused(loaded, files, tmp_path):
    with open(files / URSSAF, encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    drop = rows[0].index("effectifs_salaries_2010")
    path = write_csv(tmp_path / "urssaf.csv", [r[:drop] + r[drop + 1 :] for r in rows], delimiter=";")
    before = snapshot(loaded)
    with pytest.raises(DataFileError) as error:
        import_file(loaded, path)
    assert "effectifs_salaries_2010" in error.value.reason and error.value.line == 1
    assert snapshot(loaded) == before


def test_a_failure_while_writing_rolls_everything_back(loaded, files, monkeypatch):
    from tindus.warehouse import importer

    monkeypatch.setattr(importer, "ESTABLISHMENT_INSERT", "INSERT INTO establishment SELECT 1/0")
    before = snapshot(loaded)
    with pytest.raises(Exception):  # noqa: B017
        import_file(loaded, files / "StockEtablissement_utf8.zip")
    assert snapshot(loaded) == before


def test_a_killed_import_leaves_the_old_or_the_new_warehouse(loaded, files, tmp_path):
    """SIGKILL an import at several moments: the warehouse always holds one complete stock."""
    old_rows = count(loaded, "SELECT count(*) FROM establishment")
    rows = stock_rows(files)
    bigger = rows + [r[:2] + [r[2]] + r[3:] for r in rows[1:]] * 3  # same rows repeated: a longer import
    path = write_csv(tmp_path / "stock.csv", bigger)
    new_rows = len(bigger) - 1
    script = (
        "import sys; from pathlib import Path; "
        "from tindus.warehouse.store import Warehouse; from tindus.warehouse.importer import import_file; "
        "import_file(Warehouse(Path(sys.argv[1])), Path(sys.argv[2]), synthetic=True)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tindus.config.settings"}
    bootstrap = "import django; django.setup(); " + script
    outcomes = set()
    for delay in (0.2, 0.6, 1.0, 1.6):
        process = subprocess.Popen([sys.executable, "-c", bootstrap, str(loaded.path), str(path)], env=env)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        n = count(loaded, "SELECT count(*) FROM establishment")
        assert n in (old_rows, new_rows)
        assert count(loaded, "SELECT count(DISTINCT import_id) FROM establishment") == 1
        outcomes.add(n)
    assert outcomes  # at least one run; both outcomes are acceptable


def test_unknown_format_is_named(tmp_path):
    path = write_csv(tmp_path / "autre.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(DataFileError, match="autre.csv"):
        detect(path)


def test_copy_of_the_manifest_does_not_label_a_different_file(warehouse, files, tmp_path):
    other = tmp_path / "copy"
    other.mkdir()
    shutil.copy(files / "tindus-synthetique.json", other)
    rows = stock_rows(files)[:100]
    write_csv(other / "StockEtablissement_utf8.zip", rows)  # same name, other size
    assert import_file(warehouse, other / "StockEtablissement_utf8.zip").synthetic is False
