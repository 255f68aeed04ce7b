"""The diagnostic in the API: its tables as the public page shows them, for every caller; its Parquet file."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.api_clients import ApiClient, bearer, problem
from tests.factories import MembershipFactory
from tests.jobs.inprocess import run_queue
from tindus.diagnostic.management.parquet_command import ParquetCommand
from tindus.diagnostic.services import build_report
from tindus.jobs.api import job_url
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


def url(territory, table: str = "") -> str:
    return f"/api/v1/territories/{territory.slug}/diagnostic" + (f"/{table}" if table else "")


@pytest.fixture
def clients(auxois, haut_doubs) -> dict[str, ApiClient]:
    """Anonymous, a token of each role on Auxois Morvan, and a team token of another territory."""
    out = {"anonymous": ApiClient()}
    for role in ("team", "committee", "partner", "company"):
        user = MembershipFactory(territory=auxois, role=role).user
        out[role] = ApiClient(bearer(user, auxois, role))
    other = MembershipFactory(territory=haut_doubs, role="team").user
    out["other territory"] = ApiClient(bearer(other, haut_doubs, "team"))
    return out


def test_every_caller_gets_the_public_page_tables(clients, diagnostic_warehouse, auxois):
    """The page is public and the same for everyone: so are its tables, whoever asks, token or not."""
    answers = {name: client.get(url(auxois, "sectors")) for name, client in clients.items()}
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(clients, 200)
    bodies = [a.json() for a in answers.values()]
    assert all(body == bodies[0] for body in bodies)
    report = build_report(territory=auxois)
    rows = bodies[0]["rows"]
    assert [r["id"] for r in rows] == [r["sector"] for r in report["sectors"]]
    for row, line in zip(rows, report["sectors"], strict=True):
        jobs = next(c for c in row["cells"] if c["column"] == "jobs")
        assert jobs == ({"column": "jobs", "value": None, "secret": True} if line["jobs"] == "s"
                        else {"column": "jobs", "value": line["jobs"], "secret": False})  # fmt: skip
    assert bodies[0]["source"]["synthetic"] is True and bodies[0]["source"]["vintage"]


def test_a_masked_cell_is_never_a_number(client, diagnostic_warehouse, haut_doubs):
    listing = client.get(url(haut_doubs), {"page_size": 500}).json()
    assert listing["count"] == len(listing["results"]) >= 10
    masked = 0
    for summary in listing["results"]:
        table = client.get(url(haut_doubs, summary["id"])).json()
        assert table["row_count"] == len(table["rows"]) and table["source"]["source"]
        for row in table["rows"]:
            assert [c["column"] for c in row["cells"]] == [c["id"] for c in table["columns"]]
            for cell in row["cells"]:
                assert cell["secret"] in (True, False)
                if cell["secret"]:
                    assert cell["value"] is None
                    masked += 1
        assert summary["masked"] == sum(c["secret"] for r in table["rows"] for c in r["cells"])
    assert masked > 0


def test_filters_pages_and_period(client, diagnostic_warehouse, haut_doubs):
    everything = client.get(url(haut_doubs)).json()
    sectors = client.get(url(haut_doubs), {"section": "sectors"}).json()
    assert sectors["count"] < everything["count"]
    assert {t["section"] for t in sectors["results"]} == {"sectors"} and "sectors" in {
        t["id"] for t in sectors["results"]
    }
    with_masks = client.get(url(haut_doubs), {"masked": "true"}).json()["results"]
    without = client.get(url(haut_doubs), {"masked": "false"}).json()["results"]
    assert with_masks and all(t["masked"] > 0 for t in with_masks) and all(t["masked"] == 0 for t in without)
    assert len(with_masks) + len(without) == everything["count"]
    second = client.get(url(haut_doubs), {"page_size": 3, "page": 2}).json()
    assert [t["id"] for t in second["results"]] == [t["id"] for t in everything["results"][3:6]]
    assert second["next"] and second["previous"]
    problem(client.get(url(haut_doubs), {"page": 99}))
    manufacturing = client.get(url(haut_doubs, "comparison"), {"scope": "manufacturing"}).json()
    industry = client.get(url(haut_doubs, "comparison")).json()
    assert manufacturing["rows"] != industry["rows"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"section": "nowhere"}, "section"), ({"scope": "agriculture"}, "scope"), ({"start": "soon"}, "start"),
     ({"color": "blue"}, "color")],
)  # fmt: skip
def test_bad_parameters_are_400_at_their_field(client, diagnostic_warehouse, haut_doubs, query, field):
    body = problem(client.get(url(haut_doubs), query))
    assert body["status"] == 400 and field in {e["field"] for e in body["errors"]}


def test_a_period_outside_the_series_is_400_not_500(client, diagnostic_warehouse, haut_doubs):
    body = problem(client.get(url(haut_doubs, "sectors"), {"start": 2020, "end": 2010}))
    assert body["status"] == 400 and "URSSAF" in body["detail"]


def test_unknown_territory_or_table_is_404(client, diagnostic_warehouse, haut_doubs):
    assert problem(client.get("/api/v1/territories/nulle-part/diagnostic"))["status"] == 404
    assert problem(client.get(url(haut_doubs, "nulle-part")))["status"] == 404


def test_an_empty_warehouse_is_404(client, haut_doubs):
    for address in (url(haut_doubs), url(haut_doubs, "sectors"), "/api/v1/diagnostic/indicators.parquet"):
        body = problem(client.get(address))
        assert body["status"] == 404 and "URSSAF" in body["detail"]
    assert not Job.objects.exists()  # nothing to make a file of


def test_a_warehouse_held_by_an_import_is_503(client, diagnostic_warehouse, haut_doubs, monkeypatch):
    from tindus.diagnostic import api
    from tindus.warehouse.queries import WarehouseUnavailableError

    def busy(**kwargs):
        raise WarehouseUnavailableError("locked")

    monkeypatch.setattr(api, "build_report", busy)
    body = problem(client.get(url(haut_doubs)))
    assert body["status"] == 503 and "import" in body["detail"]


def test_etag_and_cors_on_public_reads(client, diagnostic_warehouse, haut_doubs):
    first = client.get(url(haut_doubs, "size-structure"), HTTP_ORIGIN="https://exemple.org")
    assert first.status_code == 200 and first["ETag"]
    assert first["Access-Control-Allow-Origin"] == "https://exemple.org"
    assert client.get(url(haut_doubs, "size-structure"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_operations_declare_their_action(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/territories/{slug}/diagnostic", "/api/v1/territories/{slug}/diagnostic/{table_id}",
                 "/api/v1/diagnostic/indicators.parquet"):  # fmt: skip
        assert paths[path]["get"]["x-tindus-action"] == "view_public"


def test_parquet_job_then_download(client, diagnostic_warehouse, auxois, haut_doubs):
    import pyarrow.parquet as pq

    answer = client.get("/api/v1/diagnostic/indicators.parquet")
    job = Job.objects.get(task_path__endswith="export_indicators_parquet")
    assert answer.status_code == 202 and answer.json()["job"].endswith(job_url(job)) and answer["Retry-After"]
    assert client.get("/api/v1/diagnostic/indicators.parquet").status_code == 202
    assert Job.objects.filter(task_path__endswith="export_indicators_parquet").count() == 1  # the same job
    run_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, (job.error, job.error_details)
    response = client.get("/api/v1/diagnostic/indicators.parquet")
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.apache.parquet"
    assert response["ETag"]
    lines = pq.read_table(io.BytesIO(response.content)).to_pylist()
    slugs = {line["territory"] for line in lines}
    assert {auxois.slug, haut_doubs.slug} <= slugs
    masked = [line for line in lines if line["secret"]]
    assert masked and all(line["value"] is None for line in masked)
    assert set(lines[0]) >= {"territory", "table", "row", "column", "value", "secret", "source", "vintage",
                             "synthetic"}  # fmt: skip


def test_command_writes_the_file(diagnostic_warehouse, auxois, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "indicateurs.parquet"
    stdout = StringIO()
    call_command(ParquetCommand(), output=out, territory=[auxois.slug], stdout=stdout, stderr=StringIO())
    assert out.exists() and str(out) in stdout.getvalue()
    assert {line["territory"] for line in pq.read_table(out).to_pylist()} == {auxois.slug}
    with pytest.raises(CommandError):  # no file to write
        call_command(ParquetCommand(), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="nulle-part"):
        call_command(ParquetCommand(), output=out, territory=["nulle-part"], stdout=StringIO(), stderr=StringIO())
