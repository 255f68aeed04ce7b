"""The open-data bundle: the public part of every territory, in open formats, with its schema and licence."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories import ArticleFactory, ProjectFactory
from tindus.opendata.bundle import ZIP_NAME, build, current

pytestmark = pytest.mark.django_db


def read(client, name: str) -> bytes:
    response = client.get(reverse("opendata:download", args=[name]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def published(territory, haut_doubs, diagnostic_warehouse):
    shown = ProjectFactory(territory=territory, title="Usine du futur ouverte", is_public=True)
    hidden = ProjectFactory(territory=territory, title="Projet confidentiel", is_public=False)
    return build(only=[territory.slug, haut_doubs.slug]), shown, hidden


def test_every_dataset_is_written_with_its_schema_and_licence(client, published):
    manifest, _shown, _hidden = published
    package = json.loads(read(client, "datapackage.json"))
    assert package["licenses"][0]["name"] == "etalab-2.0"
    names = {resource["path"] for resource in package["resources"]}
    assert {"territoires.csv", "territoires.geojson", "projets.csv", "actualites.csv", "indicateurs.parquet"} <= names
    for resource in package["resources"]:
        assert resource["path"] in manifest["files"]
        if resource["format"] == "csv":
            rows = list(csv.DictReader(io.StringIO(read(client, resource["path"]).decode())))
            assert len(rows) == resource["rows"]
            if rows:
                assert list(rows[0]) == [field["name"] for field in resource["schema"]["fields"]]


def test_only_public_projects_are_published(client, published):
    _manifest, shown, hidden = published
    titles = {row["title"] for row in csv.DictReader(io.StringIO(read(client, "projets.csv").decode()))}
    assert shown.title in titles and hidden.title not in titles


def test_territories_carry_their_source_and_perimeter(client, published, territory):
    rows = list(csv.DictReader(io.StringIO(read(client, "territoires.csv").decode())))
    mine = next(row for row in rows if row["slug"] == territory.slug)
    assert mine["source_vintage"] == str(territory.cog_vintage) and mine["source_synthetic"] == "false"
    perimeter = json.loads(read(client, "territoires.geojson"))
    communes = [f for f in perimeter["features"] if f["properties"]["territory"] == territory.slug
                and f["properties"]["layer"] == "commune"]  # fmt: skip
    assert len(communes) == territory.communes.count()


def test_indicators_are_the_public_cells_with_secrecy(client, published):
    table = pq.read_table(io.BytesIO(read(client, "indicateurs.parquet"))).to_pylist()
    assert table, "the demo territories' diagnostics are published"
    secret = [row for row in table if row["secret"]]
    assert secret and all(row["value"] is None for row in secret)
    assert all(row["source"] and row["vintage"] for row in table)


def test_the_zip_holds_every_file(client, published):
    manifest, *_ = published
    with zipfile.ZipFile(io.BytesIO(read(client, ZIP_NAME))) as zipped:
        assert set(zipped.namelist()) == set(manifest["files"]) - {ZIP_NAME}


def test_drafts_are_not_published(client, territory, diagnostic_warehouse):
    ArticleFactory(territory=territory, title="Brouillon secret", state="draft")
    build(only=[territory.slug])
    assert "Brouillon secret" not in read(client, "actualites.csv").decode()


def test_the_page_lists_the_files_and_the_licence(client, published):
    page = client.get(reverse("opendata:page")).content.decode()
    assert "Licence Ouverte" in page and "projets.csv" in page and ZIP_NAME in page


def test_a_new_bundle_replaces_the_previous_files(client, published, territory):
    first = current()["folder"]
    second = build(only=[territory.slug])["folder"]
    assert current()["folder"] == second
    if second != first:
        assert client.get(reverse("opendata:download", args=["projets.csv"])).status_code == 200


def test_an_unknown_file_is_404(client, published):
    assert client.get(reverse("opendata:download", args=["secrets.csv"])).status_code == 404
    assert client.get("/donnees-ouvertes/fichiers/..%2Fopendata%2Fcurrent.json").status_code == 404


def test_without_a_bundle_the_page_says_how_to_make_one(client, db):
    page = client.get(reverse("opendata:page")).content.decode()
    assert "tindus opendata export" in page


def test_the_command_publishes_a_bundle(diagnostic_warehouse, territory, capsys):
    call_command("opendata", "export", "--territory", territory.slug)
    assert current()["territories"] == 1
    assert current()["folder"] in capsys.readouterr().out


def test_the_command_without_an_action_fails_clearly():
    with pytest.raises(CommandError):
        call_command("opendata")
