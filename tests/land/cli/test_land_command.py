"""``tindus land check|export|import`` on files in tmp_path, good and bad."""

import io
import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from shapely.geometry import box

from tests.land.compute.builders import X, Y
from tests.land.standard_builders import TODAY, csv_files, saved_inventory, small_inventory, warehouse_of
from tindus.land.compute.geopackage import read_geopackage, write_geopackage
from tindus.land.models import LandUnit, Zone

pytestmark = pytest.mark.django_db


def write(tmp_path, files: dict[str, bytes]) -> list[str]:
    paths = []
    for layer, data in files.items():
        path = tmp_path / f"{layer.lower()}.csv"
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def run(*argv: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("land", *argv, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_check_accepts_the_standards_files(tmp_path):
    out, _err = run("check", *write(tmp_path, csv_files()))
    assert "2" in out and "5" in out


def test_check_names_file_layer_line_feature_and_field_and_fails(tmp_path):
    files = csv_files()
    files["TERRAIN-ECO"] = files["TERRAIN-ECO"].replace(b";1;", b";un;", 1)
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("land", "check", *write(tmp_path, files), stderr=err)
    assert caught.value.returncode == 1
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("terrain-eco.csv: TERRAIN-ECO, ")
    assert "2" in lines[0] and "« 21231_TERRAIN-ECO_00101 »" in lines[0] and "« terr_surf_brute »" in lines[0]


def test_check_of_a_geopackage_with_a_unit_outside_its_zone(tmp_path):
    inventory = small_inventory()
    inventory.units[0].geometry = box(X - 300, Y, X - 200, Y + 100)
    path = tmp_path / "inventaire.gpkg"
    with mock.patch("tindus.land.compute.geopackage.validate_for_export", return_value=[]):
        write_geopackage(inventory, path, today=TODAY)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("land", "check", str(path), stderr=err)
    assert err.getvalue().startswith("inventaire.gpkg: TERRAIN-ECO") and "« geom »" in err.getvalue()


def test_export_then_import_in_another_territory(territory, haut_doubs, tmp_path):
    saved_inventory(territory)
    warehouse_of(small_inventory())
    target = tmp_path / "export.gpkg"
    out, _err = run("export", "--territory", territory.slug, "--format", "gpkg", "--out", str(target))
    assert len(read_geopackage(target, today=TODAY).units) == 5 and "export.gpkg" in out
    run("import", "--territory", haut_doubs.slug, str(target))
    assert Zone.objects.filter(territory=haut_doubs).count() == 2
    assert LandUnit.objects.filter(zone__territory=haut_doubs).count() == 5


def test_a_bad_import_saves_nothing(territory, tmp_path):
    warehouse_of(small_inventory())
    inventory = small_inventory()
    inventory.units[1].terr_surf_brute = -4.0
    with pytest.raises(CommandError):
        run("import", "--territory", territory.slug, *write(tmp_path, csv_files(inventory)))
    assert not Zone.objects.filter(territory=territory).exists()
    with pytest.raises(CommandError):
        run("import", "--territory", "nulle-part", *write(tmp_path, csv_files()))


@pytest.mark.parametrize("action", [[], ["check"], ["export"], ["import"]])
def test_every_subcommand_answers_help(action):
    result = subprocess.run(
        [sys.executable, "-m", "tindus.cli", "land", *action, "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower()
