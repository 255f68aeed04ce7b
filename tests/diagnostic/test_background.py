"""The diagnostic's background work: PDF and XLSX as shared jobs (one per zone, period, language and
warehouse state), the command's --background and --protect, the secrecy prepared for each new state, and
the daily check that the warehouse's sources are the latest."""

import datetime as dt
import logging
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.jobs.inprocess import result_bytes, run_job, run_queue, started_job
from tindus.diagnostic import data
from tindus.diagnostic.protected import clear_memory
from tindus.diagnostic.services import protected_tables
from tindus.diagnostic.tasks import check_data_freshness, prepare_secrecy
from tindus.jobs.models import Job
from tindus.jobs.periodic import registered
from tindus.warehouse.freshness import freshness, next_release
from tindus.warehouse.importer import import_file

pytestmark = pytest.mark.django_db
TERRITORY_URL = "/territoires/vague-1-ti-2704/diagnostic/"


def test_every_reader_of_one_state_gets_the_same_file(client, diagnostic_warehouse, haut_doubs, synth_doubs):
    url = reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug})
    first = run_job(client.get(url, {"format": "xlsx"}))
    assert first.status == "succeeded" and first.author is None
    assert started_job(Client().get(url, {"format": "xlsx"})) == first  # another visitor: the file kept
    other_period = started_job(client.get(url, {"format": "xlsx", "perimetre": "manufacturing"}))
    assert other_period != first  # another scope: another file
    # A new import changes the warehouse's state: a new file is made.
    import_file(diagnostic_warehouse, synth_doubs / "StockEtablissement_utf8.zip")
    assert started_job(client.get(url, {"format": "xlsx"})) not in (first, other_period)
    page = client.get(reverse("shared_jobs:detail", kwargs={"pk": first.pk})).content.decode()
    assert "Diagnostic industriel à télécharger" in page and "diagnostic-haut-doubs-horloger.xlsx" in page


def test_an_epci_file_and_bad_input(client, diagnostic_warehouse):
    url = reverse("diagnostic:epci", kwargs={"siren": "242504116"})
    job = run_job(client.get(url, {"format": "pdf"}))
    assert job.territory is None and job.params["epci"] == "242504116"
    assert result_bytes(job).startswith(b"%PDF")
    assert client.get(reverse("diagnostic:epci", kwargs={"siren": "999999999"}), {"format": "pdf"}).status_code == 404
    # A period outside the URSSAF series: the job fails with the reason, in French.
    job = run_job(client.get(url, {"format": "xlsx", "debut": "1990"}))
    assert job.status == "failed" and job.error.startswith("La période doit être comprise dans la série URSSAF")


def test_without_warehouse_no_job_is_started(client, haut_doubs):
    response = client.get(reverse("diagnostic:territory", kwargs={"slug": haut_doubs.slug}), {"format": "pdf"})
    assert response.status_code == 503 and not Job.objects.exists()


def test_the_command_runs_a_report_in_the_background(diagnostic_warehouse, haut_doubs):
    out = StringIO()
    call_command("diagnostic", "--wave", "1", "ti-2704", "--format", "xlsx", "--background", stdout=out)
    job = Job.objects.get()
    assert str(job.pk) in out.getvalue() and f"/telechargements/{job.pk}/" in out.getvalue()
    run_queue()
    job.refresh_from_db()
    assert result_bytes(job)[:2] == b"PK"
    with pytest.raises(CommandError):
        call_command("diagnostic", "--wave", "1", "ti-2704", "--format", "json", "--background")


def test_secrecy_is_prepared_for_each_new_state(diagnostic_warehouse, tmp_path):
    clear_memory()
    with diagnostic_warehouse.session(read_only=True) as con:
        years = data.years(con)
        protected = protected_tables(con)
        assert not protected.ready(years[-1])
    assert {e.name: e.every for e in registered()}[prepare_secrecy.module_path] == dt.timedelta(minutes=10)
    assert prepare_secrecy.call() == {"state": protected.state, "computed": sorted({years[0], years[-1]})}
    clear_memory()  # another process: it reads what the task stored beside the warehouse
    with diagnostic_warehouse.session(read_only=True) as con:
        assert protected_tables(con).ready(years[0]) and protected_tables(con).ready(years[-1])
    assert prepare_secrecy.call()["computed"] == []  # nothing to do until the next import
    out = StringIO()
    call_command("diagnostic", "--protect", stdout=out)
    assert "déjà" in out.getvalue()
    call_command("diagnostic", "--protect", "--background", stdout=out)
    assert "tindus.diagnostic.tasks.prepare_secrecy" in {t.task_path for t in _queued()}


def _queued():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.all()


def test_the_next_release_of_each_source():
    assert next_release("SIRENE", "2026-01") == dt.date(2026, 3, 1)
    assert next_release("SIRENE", "2025-11") == dt.date(2026, 1, 1)
    assert next_release("SIRENE", "2025-12") == dt.date(2026, 2, 1)
    assert next_release("URSSAF", "2024") == dt.date(2026, 7, 1)
    assert next_release("SIRENE", "") is None


def test_stale_sources_are_logged_and_synthetic_ones_ignored(caplog, settings):
    settings.TINDUS_DATA_STALE_DAYS = 30
    imports = [
        {"dataset": "sirene-etablissements", "vintage": "2026-01", "synthetic": False},
        {"dataset": "sirene-etablissements", "vintage": "2025-06", "synthetic": False},
        {"dataset": "urssaf-commune-ape", "vintage": "2024", "synthetic": False},
        {"dataset": "urssaf-epci-ape", "vintage": "2030", "synthetic": True},
    ]
    found = {f.source: f for f in freshness(imports, dt.date(2026, 4, 15), 30)}
    assert found["SIRENE"].vintage == "2026-01" and found["SIRENE"].stale  # due 1 March, +30 days passed
    assert found["URSSAF"].vintage == "2024" and not found["URSSAF"].stale  # the 2025 series is due in July 2026
    assert not freshness(imports, dt.date(2026, 3, 20), 30)[0].stale
    warehouse = mock.Mock(version=lambda: object(), imports=lambda: imports)
    with (
        mock.patch("tindus.diagnostic.tasks.get_warehouse", return_value=warehouse),
        mock.patch("tindus.diagnostic.tasks.timezone.localdate", return_value=dt.date(2026, 4, 15)),
        caplog.at_level(logging.WARNING, logger="tindus.diagnostic"),
    ):
        result = check_data_freshness.call()
    assert [r["stale"] for r in result] == [True, False]
    (record,) = caplog.records
    assert "SIRENE" in record.getMessage() and "tindus data fetch sirene --import" in record.getMessage()
    assert {e.name: e.every for e in registered()}[check_data_freshness.module_path] == dt.timedelta(days=1)
