"""The CNIG import and export jobs: every bad input of the issue refused whole, naming layer, feature and field;
the exports validated and reopened with pyogrio."""

import dataclasses
import io
import json
import zipfile
from unittest import mock

import pyogrio
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from shapely.geometry import Polygon, box

from tests.jobs.inprocess import run_job
from tests.land.compute.builders import X, Y
from tindus.jobs.models import Job
from tindus.land.compute.geopackage import LAYER_NAMES, read_geopackage, template_layout, write_geopackage
from tindus.land.compute.schema import validate_csv
from tindus.land.models import LandUnit, Occupant, Zone

from .standard_builders import TODAY, csv_files, saved_inventory, small_inventory, warehouse_of, zipped

pytestmark = pytest.mark.django_db


def import_url(territory):
    return reverse("land:import", kwargs={"slug": territory.slug})


def send(client, territory, files: dict[str, bytes]) -> Job:
    uploads = [SimpleUploadedFile(name, data) for name, data in files.items()]
    return run_job(client.post(import_url(territory), {"files": uploads}))


def as_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{layer.lower()}.csv": data for layer, data in files.items()}


def assert_refused(job: Job, *places: tuple[str, str, str]) -> None:
    assert job.status == Job.Status.FAILED
    for layer, feature, field in places:
        assert any(
            line.startswith(f"{layer}") and f"« {feature} »" in line and f"« {field} »" in line
            for line in job.error_details
        ), (places, job.error_details)
    assert not Zone.objects.exists() and not LandUnit.objects.exists() and not Occupant.objects.exists()


def test_csv_files_are_imported_in_one_job(territory, team_client):
    warehouse_of(small_inventory())
    job = send(team_client, territory, as_files(csv_files()))
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    assert Zone.objects.filter(territory=territory).count() == 2
    assert Occupant.objects.filter(state=Occupant.State.CONFIRMED).count() == 5
    assert "2 zones" in job.summary or "2 zones" in gettext(job.summary)


def test_a_zip_of_csv_files_and_a_units_file_alone_for_recorded_zones(territory, team_client):
    warehouse_of(small_inventory())
    files = csv_files()
    job = send(team_client, territory, {"inventaire.zip": zipped(as_files(files))})
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    changed = small_inventory()
    changed.units[0].terr_surf_brute = 2.5
    job = send(team_client, territory, {"terrains.csv": csv_files(changed)["TERRAIN-ECO"]})
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    assert LandUnit.objects.get(terr_id="21231_TERRAIN-ECO_00101").terr_surf_brute == 25_000  # 2.5 ha


def test_a_self_intersecting_polygon_in_a_geopackage_imports_nothing(territory, team_client, tmp_path):
    warehouse_of(small_inventory())
    path = tmp_path / "casse.gpkg"
    inventory = small_inventory()
    inventory.units[0].geometry = Polygon([(X + 10, Y + 10), (X + 110, Y + 110), (X + 110, Y + 10), (X + 10, Y + 110)])
    with mock.patch("tindus.land.compute.geopackage.validate_for_export", return_value=[]):  # another tool's file
        write_geopackage(inventory, path, today=TODAY)
    job = send(team_client, territory, {"casse.gpkg": path.read_bytes()})
    assert_refused(job, ("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "geom"))
    assert any("Self-intersection" in line for line in job.error_details)


def test_a_unit_outside_its_zone_imports_nothing(territory, team_client):
    warehouse_of(small_inventory())
    inventory = small_inventory()
    inventory.units[0].geometry = box(X - 300, Y, X - 200, Y + 100)
    job = send(team_client, territory, as_files(csv_files(inventory)))
    assert_refused(job, ("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "geom"))


def test_a_wrong_field_type_breaking_the_table_schema_imports_nothing(territory, team_client):
    warehouse_of(small_inventory())
    files = csv_files()
    files["TERRAIN-ECO"] = files["TERRAIN-ECO"].replace(b";1;", b";un;", 1)
    job = send(team_client, territory, as_files(files))
    assert_refused(job, ("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "terr_surf_brute"))
    assert any("TERRAIN-ECO, ligne 2" in line for line in job.error_details)  # the CSV line, in French


def test_a_siret_failing_luhn_imports_nothing(territory, team_client):
    warehouse_of(small_inventory())
    inventory = small_inventory()
    good = inventory.establishments[0].siret
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    inventory.establishments[0] = dataclasses.replace(inventory.establishments[0], siret=bad)
    job = send(team_client, territory, as_files(csv_files(inventory)))
    assert_refused(job, ("ETABLISSEMENT", bad, "SIRET"))


def test_a_siret_not_in_the_warehouse_imports_nothing(territory, team_client):
    inventory = small_inventory()
    warehouse_of(dataclasses.replace(inventory, establishments=inventory.establishments[1:]))
    job = send(team_client, territory, as_files(csv_files()))
    assert_refused(job, ("ETABLISSEMENT", inventory.establishments[0].siret, "SIRET"))
    reason = gettext("SIRET « %(value)s » is not in the warehouse (SIRENE)") % {
        "value": inventory.establishments[0].siret
    }
    assert len(job.error_details) == 1 and job.error_details[0].endswith(reason)


def test_a_surface_of_zero_and_a_future_occupation_date_import_nothing(territory, team_client):
    warehouse_of(small_inventory())
    inventory = small_inventory()
    inventory.units[1].terr_surf_brute = 0.0
    inventory.units[2].terr_cession_date = TODAY.replace(year=2100)
    job = send(team_client, territory, as_files(csv_files(inventory)))
    assert_refused(
        job,
        ("TERRAIN-ECO", "21231_TERRAIN-ECO_00102", "terr_surf_brute"),
        ("TERRAIN-ECO", "21231_TERRAIN-ECO_00103", "terr_cession_date"),
    )


def test_a_future_establishment_date_imports_nothing(territory, team_client):
    warehouse_of(small_inventory())
    inventory = small_inventory()
    inventory.establishments[1].etab_identif_date = TODAY.replace(year=2100)
    job = send(team_client, territory, as_files(csv_files(inventory)))
    assert_refused(job, ("ETABLISSEMENT", inventory.establishments[1].siret, "etab_identif_date"))


def export(client, territory, fmt: str) -> Job:
    job = run_job(client.post(reverse("land:export", kwargs={"slug": territory.slug}), {"format": fmt}))
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    return job


def download(client, job) -> tuple[str, bytes]:
    response = client.get(reverse("jobs:download", kwargs={"slug": job.territory.slug, "pk": job.pk}))
    assert response.status_code == 200
    return response["Content-Disposition"], b"".join(response.streaming_content)


def test_the_exported_geopackage_has_the_templates_layers_and_passes_validation(territory, committee_client, tmp_path):
    saved_inventory(territory)
    job = export(committee_client, territory, "gpkg")
    disposition, content = download(committee_client, job)
    assert f"sites-economiques-{territory.slug}-" in disposition and ".gpkg" in disposition
    path = tmp_path / "export.gpkg"
    path.write_bytes(content)
    assert {name for name, _ in pyogrio.list_layers(path)} >= set(LAYER_NAMES.values())
    for layer, name in LAYER_NAMES.items():
        info = pyogrio.read_info(path, layer=name)
        assert list(info["fields"]) == [f for f, _, _ in template_layout()[layer]]
        assert info["crs"] == "EPSG:2154"
    back = read_geopackage(path, today=TODAY)  # the cores' validation on the way in
    assert len(back.zones) == 2 and len(back.units) == 5 and len(back.establishments) == 5


def test_the_csv_and_geojson_exports_and_the_synthetic_label(territory, team_client):
    saved_inventory(territory, synthetic=True)
    job = export(team_client, territory, "csv")
    assert "synthétique" in job.summary or "synthetic" in job.summary
    _, content = download(team_client, job)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert len(names) == 4 and all(territory.slug in n for n in names)
        site = next(n for n in names if n.endswith("site-eco.csv"))
        records, problems = validate_csv(archive.read(site), "SITE-ECO")
        assert problems == [] and all("synthétique" in r["source_producteur"] for r in records)
        etab = next(n for n in names if n.endswith("etablissement.csv"))
        records, problems = validate_csv(archive.read(etab), "ETABLISSEMENT")
        assert problems == [] and all("synthétique" in r["etab_source_info"] for r in records)
    job = export(team_client, territory, "geojson")
    _, content = download(team_client, job)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        units = json.loads(archive.read(next(n for n in archive.namelist() if "terrain-eco" in n)))
    lon, lat = units["features"][0]["geometry"]["coordinates"][0][0]
    assert 4.9 < lon < 5.2 and 47.2 < lat < 47.4


def test_an_invalid_inventory_is_not_exported_and_the_problem_is_named(territory, team_client):
    saved_inventory(territory)
    LandUnit.objects.filter(terr_id="21231_TERRAIN-ECO_00101").update(terr_maitrise_fonc="SCI")
    response = team_client.post(reverse("land:export", kwargs={"slug": territory.slug}), {"format": "gpkg"})
    job = run_job(response)
    assert job.status == Job.Status.FAILED
    assert any("21231_TERRAIN-ECO_00101" in line and "terr_maitrise_fonc" in line for line in job.error_details)
