"""The land:standard page: export buttons for the readers, the import form for the team only, the classes and
fields of the standard with links to the shipped Table Schemas; a bad upload named at its field."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from tests.conftest import signed_in
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


def page_url(territory, name="land:standard", **kwargs):
    return reverse(name, kwargs={"slug": territory.slug, **kwargs})


def test_the_team_sees_the_export_buttons_the_import_form_and_the_fields(territory, team_client):
    response = team_client.get(page_url(territory))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Export as GeoPackage", "Export as CSV (CNIG standard)", "Export as GeoJSON"):
        assert gettext(label) in html
    assert f'action="{page_url(territory, "land:import")}"' in html and 'name="files"' in html
    assert "terr_surf_brute" in html and "etab_geompoint" not in html  # the template's fields (its geom is « geom »)
    assert page_url(territory, "land:standard_schema", layer="TERRAIN-ECO") in html
    assert html.count('id="import_files"') == 1


def test_the_committee_exports_but_does_not_import(territory, committee_client):
    html = committee_client.get(page_url(territory)).content.decode()
    assert gettext("Export as GeoPackage") in html and 'name="files"' not in html
    response = committee_client.post(page_url(territory, "land:export"), {"format": "gpkg"})
    assert response.status_code == 302 and Job.objects.get().params == {"fmt": "gpkg"}
    assert committee_client.post(page_url(territory, "land:import"), {}).status_code == 403


def test_a_get_on_the_export_starts_nothing_and_an_unknown_format_is_refused(territory, team_client):
    assert team_client.get(page_url(territory, "land:export"))["Location"] == page_url(territory)
    response = team_client.post(page_url(territory, "land:export"), {"format": "shp"}, follow=True)
    assert not Job.objects.exists()
    assert gettext("Choose a format of the standard: GeoPackage, CSV or GeoJSON.") in response.content.decode()


def test_a_file_of_another_kind_is_refused_at_its_field(territory, team_client):
    upload = SimpleUploadedFile("zones.xlsx", b"PK\x03\x04")
    response = team_client.post(page_url(territory, "land:import"), {"files": [upload]})
    assert response.status_code == 400 and not Job.objects.exists()
    message = gettext("Files of type “%(suffix)s” are not accepted here. Accepted: %(accepted)s.") % {
        "suffix": ".xlsx",
        "accepted": ".csv, .gpkg, .zip",
    }
    assert escape(message) in response.content.decode()


def test_the_shipped_table_schema_is_served(territory, committee_client):
    response = committee_client.get(page_url(territory, "land:standard_schema", layer="SITE-ECO"))
    schema = json.loads(b"".join(response.streaming_content))
    assert any(f["name"] == "site_geomsurf" for f in schema["fields"])
    assert committee_client.get(page_url(territory, "land:standard_schema", layer="friches")).status_code == 404


def test_a_partner_may_not_open_the_page(territory, partner):
    assert signed_in(partner).get(page_url(territory)).status_code == 403
