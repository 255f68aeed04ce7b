"""Imports run as background jobs, all or nothing, each problem named with its file, line and element or
column: LHÉO offers, the hand-collected template, BMO files of any year's layout, the official ROME table."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.employment.builders import bmo_csv, lheo, template
from tests.jobs.inprocess import run_job
from tindus.employment.analysis import needs_report
from tindus.employment.bmo_store import current_imports
from tindus.employment.models import OfferImport, RomeLink, TrainingSession
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db
SOON = dt.date.today() + dt.timedelta(days=40)


def url(territory, name, **kwargs):
    return reverse(f"employment:{name}", kwargs={"slug": territory.slug, **kwargs})


def send(client, territory, content, name, kind="lheo"):
    upload = SimpleUploadedFile(name, content)
    return run_job(client.post(url(territory, "offer_import"), {"kind": kind, "file": upload}))


def test_a_lheo_file_closes_a_gap_once_its_rome_code_is_linked(national_bmo, territory, team_en, team):
    assert "V0X60" in {g.need.job for g in needs_report(territory).territory_table.gaps}
    job = send(team_en, territory, lheo(start=SOON, end=SOON + dt.timedelta(days=200), places=24), "offre.xml")
    assert job.status == Job.Status.SUCCEEDED, (job.error, job.error_details)
    assert "1 session" in job.summary or "1 sessions" in job.summary
    session = TrainingSession.objects.get(territory=territory)
    assert (session.commune, session.capacity, session.placed, session.synthetic) == ("25411", 24, "source", False)
    assert session.offer_import.version == "LHÉO 2.3" and session.action.rome == ["J1501"]
    # the session serves no BMO job until the team links its ROME code
    assert "V0X60" in {g.need.job for g in needs_report(territory).territory_table.gaps}
    RomeLink.objects.create(territory=territory, rome="J1501", job="V0X60", status="confirmed", decided_by=team)
    row = next(r for r in needs_report(territory).territory_table.rows if r.need.job == "V0X60")
    assert (row.need.sessions_near, row.capacity, row.need.gap) == (1, 24, False)


def test_the_same_file_twice_is_refused(national_bmo, territory, team_en):
    content = lheo(start=SOON, end=SOON + dt.timedelta(days=10))
    assert send(team_en, territory, content, "offre.xml").status == Job.Status.SUCCEEDED
    again = send(team_en, territory, content, "offre.xml")
    assert again.status == Job.Status.FAILED and "already imported" in again.error
    assert OfferImport.objects.filter(territory=territory).count() == 1


def test_a_lheo_file_failing_the_schema_names_its_line_and_element_and_nothing_is_kept(territory, team_en):
    broken = lheo(start=SOON, end=SOON).replace(b"<debut>", b"<debut>x")
    job = send(team_en, territory, broken, "offre.xml")
    assert job.status == Job.Status.FAILED and "offre.xml" in job.error and "nothing was saved" in job.error
    (detail,) = job.error_details
    assert detail.startswith("offre.xml, line ") and "element <debut>" in detail and "LHÉO 2.3 schema" in detail
    assert not OfferImport.objects.filter(territory=territory).exists()


def test_a_session_ending_before_it_starts_is_refused_at_its_line(territory, team_en):
    job = send(team_en, territory, lheo(start=SOON, end=SOON - dt.timedelta(days=1)), "offre.xml")
    assert job.status == Job.Status.FAILED
    assert "element <fin>" in job.error_details[0] and "ends" in job.error_details[0]
    assert not TrainingSession.objects.exists()


def test_the_template_refuses_a_capacity_of_zero_and_an_unknown_rome_code_at_their_column(territory, team_en):
    good = "Institut;;Aide-soignant;J1501;;;25411;;;01/09/2027;30/06/2028;20;présentiel"
    zero = "Institut;;Aide-soignant;J1501;;;25411;;;01/09/2027;30/06/2028;0;présentiel"
    job = send(team_en, territory, template(good, zero), "sessions.csv", kind="template")
    assert job.status == Job.Status.FAILED
    assert job.error_details[0].startswith("sessions.csv, line 3, column « places »")
    unknown = "Institut;;Aide-soignant;Z9999;;;25411;;;01/09/2027;30/06/2028;20;présentiel"
    job = send(team_en, territory, template(unknown), "sessions.csv", kind="template")
    assert "column « rome »" in job.error_details[0] and "Z9999" in job.error_details[0]
    assert not OfferImport.objects.exists()


def test_a_template_session_without_coordinates_is_placed_at_its_commune_s_centre(territory, team_en):
    row = "Institut;;Aide-soignant;J1501;;;25411;;;01/09/2027;30/06/2028;20;présentiel"
    assert send(team_en, territory, template(row), "sessions.csv", kind="template").status == Job.Status.SUCCEEDED
    session = TrainingSession.objects.get()
    assert session.placed == "commune" and 46.9 < session.latitude < 47.2 and 6.4 < session.longitude < 6.8


def test_the_field_refuses_a_file_of_another_kind(territory, team_en):
    upload = SimpleUploadedFile("o.xml", b"PK\x03\x04zip")
    response = team_en.post(url(territory, "offer_import"), {"kind": "lheo", "file": upload})
    assert response.status_code == 400 and "does not match its name" in response.content.decode()
    assert not Job.objects.exists()


def test_deleting_an_import_deletes_its_sessions(territory, team_en):
    send(team_en, territory, lheo(start=SOON, end=SOON), "offre.xml")
    record = OfferImport.objects.get()
    assert team_en.get(url(territory, "offer_delete", pk=record.pk)).status_code == 200  # asks first
    assert TrainingSession.objects.exists()
    team_en.post(url(territory, "offer_delete", pk=record.pk))
    assert not TrainingSession.objects.exists() and not OfferImport.objects.exists()


def test_a_bmo_file_of_an_unknown_layout_names_its_missing_columns(territory, team_en):
    content = bmo_csv(drop=("xmet", "NOMBE25"))
    job = run_job(team_en.post(url(territory, "bmo_import"), {"file": SimpleUploadedFile("bmo.csv", content)}))
    assert job.status == Job.Status.FAILED
    assert job.error_details == ["bmo.csv, line 1: unknown BMO layout: missing columns NOMBE<yy>, xmet"]


def test_a_territory_s_own_bmo_file_wins_over_the_national_one_of_its_year(national_bmo, territory, team_en):
    job = run_job(team_en.post(url(territory, "bmo_import"), {"file": SimpleUploadedFile("bmo.csv", bmo_csv())}))
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    record = current_imports(territory)[2025]
    assert record.territory == territory and record.source == "bmo.csv" and record.rows == 30
    assert current_imports(territory)[2024] == national_bmo[2024]
    other = territory.__class__.objects.get(official_id="ti-2701", wave=1)
    assert current_imports(other)[2025] == national_bmo[2025]


def test_the_official_table_is_imported_and_wins(territory, team_en):
    content = "ROME;Qualif;FAP341\r\nJ1501;1;V0X60a\r\nH2903;2;D0X31\r\n".encode("cp1252")
    job = run_job(team_en.post(url(territory, "links_import"), {"file": SimpleUploadedFile("table.csv", content)}))
    assert job.status == Job.Status.SUCCEEDED, job.error_details
    assert territory.official_link_tables.get().links == {"H2903": ["D0X31"], "J1501": ["V0X60"]}
    bad = "ROME;FAP341\r\nJ1501;ZZZ\r\n".encode("cp1252")
    job = run_job(team_en.post(url(territory, "links_import"), {"file": SimpleUploadedFile("table.csv", bad)}))
    assert job.status == Job.Status.FAILED and "line 2, column « FAP341 »" in job.error_details[0]
