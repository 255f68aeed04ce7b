"""The brownfields pages: the import job and its report of fixes, a refused file, the list and its filter, a
brownfield's sheet and its correction checked against the Friches lists."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import signed_in
from tests.jobs.inprocess import run_job
from tests.land.exchange_builders import csv_rows, shipped_csv, zone_around
from tindus.jobs.models import Job
from tindus.land.brownfields import import_cartofriches
from tindus.land.compute.schema import load_schema
from tindus.land.models import Brownfield, BrownfieldImport

pytestmark = pytest.mark.django_db


def url(territory, name, **kwargs):
    return reverse(f"land:{name}", kwargs={"slug": territory.slug, **kwargs})


def english(user):
    browser = signed_in(user)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return browser


def upload(browser, territory, content, selection="departements", name="friches.csv"):
    data = {"file": SimpleUploadedFile(name, content), "selection": selection}
    return run_job(browser.post(url(territory, "brownfields_import"), data))


@pytest.fixture
def imported(territory):
    content = csv_rows(shipped_csv(), lambda line: line.startswith(("21", "25")))
    return import_cartofriches(territory, content, "friches.csv", departements={"21", "25"})


def test_the_import_job_reports_each_fix_and_the_list_counts_by_status(territory, team):
    browser = english(team)
    content = csv_rows(shipped_csv(), lambda line: line.startswith("21"))
    job = upload(browser, territory, content)
    assert job.status == Job.Status.SUCCEEDED, (job.error, job.error_details)
    record = BrownfieldImport.objects.get(territory=territory)
    assert record.departements == ["21"] and record.sites == territory.brownfields.count() > 0
    date = next(f for f in record.fixes if f["field"] == "site_identif_date")
    day, month, year = date["before"].split("/")
    assert (
        f"line {date['line']}, field « site_identif_date »: « {date['before']} » → « {year}-{month}-{day} »"
        in job.summary
    )
    assert f"{len(record.fixes)} fixes: whole file, field « urba_zaer »: «  » → « inconnu »; line " in job.summary
    assert job.summary.count(" → ") == len(record.fixes)
    assert job.result_url == url(territory, "brownfields")
    page = browser.get(url(territory, "brownfields")).content.decode()
    assert "Source: Cartofriches (Cerema), file « friches.csv »" in page
    assert "What the last import fixed" in page


def test_a_refused_file_names_line_and_field_and_saves_nothing(territory, team):
    content = csv_rows(shipped_csv(), lambda line: line.startswith("21"))
    lines = content.decode().split("\n")
    lines[2] = lines[2].replace(";inconnu;", ";peut-être;", 1)
    job = upload(english(team), territory, "\n".join(lines).encode())
    assert job.status == Job.Status.FAILED
    assert "friches.csv" in job.error and "nothing was saved" in job.error
    assert len(job.error_details) == 1 and job.error_details[0].startswith("friches, line 3, feature «")
    assert "« peut-être »" in job.error_details[0]
    assert not Brownfield.objects.exists() and not BrownfieldImport.objects.exists()


def test_the_import_form_needs_a_file(territory, team):
    response = english(team).post(url(territory, "brownfields_import"), {"selection": "communes"})
    assert response.status_code == 400 and not Job.objects.exists()


def test_the_list_filters_by_status(territory, committee, imported):
    browser = english(committee)
    every = browser.get(url(territory, "brownfields"))
    assert every.status_code == 200 and every.context["total"] == 29
    assert [(str(label), n) for _value, label, n in every.context["counts"]] == [
        ("potential brownfield", 16), ("brownfield without project", 10), ("brownfield with project", 3),
        ("reconverted brownfield", 0),
    ]  # fmt: skip
    shown = browser.get(url(territory, "brownfields"), {"statut": "friche avec projet"}).context["rows"]
    assert len(shown) == 3 and {b.site_statut for b in shown} == {"friche avec projet"}
    assert "Import a Cartofriches export" not in every.content.decode()  # the committee reads only


def test_the_sheet_shows_every_field_and_its_fixes(territory, committee, imported):
    row = Brownfield.objects.get(territory=territory, site_id="25411_21669")
    page = english(committee).get(url(territory, "brownfield", pk=row.pk))
    assert [name for name, _title, _value in page.context["fields"]][:3] == ["site_id", "site_nom", "site_type"]
    assert len(page.context["fields"]) == len(load_schema("friches").fields) == 51
    assert any("site_identif_date" in fix and "2022-05-14" in fix for fix in page.context["fixes"])


def test_a_brownfield_of_another_territory_is_not_found(territory, haut_doubs, team, imported):
    row = Brownfield.objects.get(territory=territory, site_id="25411_21669")
    assert english(team).get(url(haut_doubs, "brownfield", pk=row.pk)).status_code in (403, 404)
    assert english(team).get(url(territory, "brownfield_edit", pk=row.pk + 10_000)).status_code == 404


def test_the_edit_checks_the_friches_lists_and_keeps_the_record_in_step(territory, haut_doubs, team, imported):
    browser = english(team)
    row = Brownfield.objects.get(territory=territory, site_id="25411_21669")
    zone = zone_around(territory, 6.612896, 47.05982)
    elsewhere = zone_around(haut_doubs, 6.612896, 47.05982, site_id="Z9")
    good = {"site_statut": "friche reconvertie", "sol_pollution_existe": "pollution traitée",
            "unite_fonciere_surface": "5000", "bati_surface": "1200", "proprio_nom": "COMMUNE DE MORTEAU",
            "proprio_type": "G1a|P4a", "zone": zone.pk}  # fmt: skip
    bad = {**good, "sol_pollution_existe": "un peu", "proprio_type": "G1a|Z9z", "zone": elsewhere.pk}
    response = browser.post(url(territory, "brownfield_edit", pk=row.pk), bad)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"sol_pollution_existe", "proprio_type", "zone"}
    assert "Z9z" in errors["proprio_type"][0]
    row.refresh_from_db()
    assert row.site_statut == "friche avec projet"  # nothing saved
    assert browser.post(url(territory, "brownfield_edit", pk=row.pk), good).status_code == 302
    row.refresh_from_db()
    assert (row.site_statut, row.bati_surface, row.zone) == ("friche reconvertie", 1200, zone)
    assert row.record["site_statut"] == "friche reconvertie" and row.record["bati_surface"] == "1200"
    assert row.record["proprio_type"] == "G1a|P4a"
