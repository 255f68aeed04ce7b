"""The strict CSV/GeoJSON readers name the file, the line and the reason of every problem."""

import gzip

import pytest

from tindus.referentials import datasets as ds
from tindus.referentials.readers import ReferenceFileError, read_csv, read_geojson_features

REGION_COLUMNS = ["code", "nom"]


def write(path, text, compress=False, encoding="utf-8"):
    data = text.encode(encoding)
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def test_reads_rows_with_their_line_numbers(tmp_path):
    path = write(
        tmp_path / "regions.csv.gz",
        "code,nom,zone\n27,Bourgogne-Franche-Comté,metro\n84,Auvergne,metro\n",
        True,
    )
    rows = list(read_csv(path, REGION_COLUMNS, ds.parse_region))
    assert rows == [
        (2, {"code": "27", "name": "Bourgogne-Franche-Comté"}),
        (3, {"code": "84", "name": "Auvergne"}),
    ]


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path / "regions.csv", "code,name\n27,X\n")
    with pytest.raises(ReferenceFileError) as error:
        list(read_csv(path, REGION_COLUMNS, ds.parse_region))
    assert error.value.line == 1
    assert "nom" in error.value.reason
    assert "regions.csv" in str(error.value)


def test_shifted_row_reports_its_line(tmp_path):
    path = write(tmp_path / "regions.csv", "code,nom\n27,A\n84,B,extra\n")
    with pytest.raises(ReferenceFileError) as error:
        list(read_csv(path, REGION_COLUMNS, ds.parse_region))
    assert error.value.line == 3
    assert "3" in error.value.reason and "2" in error.value.reason


def test_invalid_value_reports_line_and_value(tmp_path):
    path = write(tmp_path / "regions.csv", "code,nom\n27,A\nXX,B\n")
    with pytest.raises(ReferenceFileError) as error:
        list(read_csv(path, REGION_COLUMNS, ds.parse_region))
    assert (error.value.line, "'XX'" in error.value.reason) == (3, True)


def test_wrong_encoding_is_refused(tmp_path):
    path = write(tmp_path / "regions.csv", "code,nom\n27,Bourgogne-Franche-Comté\n", encoding="latin-1")
    with pytest.raises(ReferenceFileError) as error:
        list(read_csv(path, REGION_COLUMNS, ds.parse_region))
    assert "UTF-8" in error.value.reason


def test_truncated_gzip_is_refused(tmp_path):
    full = gzip.compress(("code,nom\n" + "".join(f"{n:02d},Région {n}\n" for n in range(10, 99))).encode())
    path = tmp_path / "regions.csv.gz"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(ReferenceFileError) as error:
        list(read_csv(path, REGION_COLUMNS, ds.parse_region))
    assert error.value.path == path


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(ReferenceFileError, match="vide"):
        list(read_csv(write(tmp_path / "e.csv", ""), REGION_COLUMNS, ds.parse_region))
    with pytest.raises(ReferenceFileError, match="introuvable"):
        list(read_csv(tmp_path / "absent.csv", REGION_COLUMNS, ds.parse_region))


def test_negative_population_is_refused():
    row = {
        "epci_siren": "200023075",
        "nom": "CC",
        "type": "CC",
        "mode_financement": "FPU",
        "population_municipale": "-3",
        "nb_communes": "4",
        "departements": "25",
    }
    with pytest.raises(ValueError, match="négative"):
        ds.parse_epci(row)


def test_waste_code_must_fit_its_level():
    row = {
        "code": "17 09",
        "code6": "1709",
        "level": "3",
        "parent_code": "17",
        "dangerous": "0",
        "libelle": "x",
    }
    with pytest.raises(ValueError, match="niveau"):
        ds.parse_waste(row)


def test_geojson_errors(tmp_path):
    bad_json = write(tmp_path / "a.geojson", '{"type": "FeatureCollection",\n "features": [}')
    with pytest.raises(ReferenceFileError) as error:
        list(read_geojson_features(bad_json, "code"))
    assert error.value.line == 2
    no_key = write(
        tmp_path / "b.geojson",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}',
    )
    with pytest.raises(ReferenceFileError, match="code"):
        list(read_geojson_features(no_key, "code"))
