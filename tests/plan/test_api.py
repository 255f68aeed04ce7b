"""The plan's API: public projects for anybody, the whole plan for the team and the committee, writes for the
team through the web's forms; another territory's ids are 404s and a refused body writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from tests.api_clients import ApiClient, bearer, problem
from tests.factories import AxisFactory, BudgetLineFactory, FundingFactory, MembershipFactory, ProjectFactory
from tindus.plan.models import BudgetLine, Funding, Project, StatusChange

pytestmark = pytest.mark.django_db

BASE = "/api/v1/territories/{slug}/plan"


def url(territory, tail: str = "") -> str:
    return BASE.format(slug=territory.slug) + tail


@pytest.fixture
def plan_data(territory):
    lever = AxisFactory(plan=territory.plan, title="Levier API", position=90)
    axis = AxisFactory(plan=territory.plan, parent=lever, title="Axe API", position=1)
    commune = territory.communes.order_by("code").first()
    shown = ProjectFactory(territory=territory, title="Projet montré", is_public=True, public_summary="Résumé",
                           description="Description interne", pilot_email="pilote@example.org")  # fmt: skip
    shown.axes.add(axis)
    shown.communes.add(commune)
    hidden = ProjectFactory(territory=territory, title="Projet caché", is_public=False)
    hidden.axes.add(lever)
    hidden.communes.add(commune)
    FundingFactory(project=shown, financeur="region", amount=Decimal("12345"))
    BudgetLineFactory(project=shown, planned=Decimal("50000"))
    return {"lever": lever, "axis": axis, "commune": commune, "shown": shown, "hidden": hidden}


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content[:400]
    return {item["title"] for item in response.json()["results"]}


def other_team_api(haut_doubs) -> ApiClient:
    return ApiClient(bearer(MembershipFactory(territory=haut_doubs, role="team").user, haut_doubs, "team"))


# Reading


def test_anonymous_callers_see_the_public_projects_and_their_public_fields(anonymous_api, territory, plan_data):
    response = anonymous_api.get(url(territory, "/projects"), {"page_size": 500})
    assert "Projet montré" in titles(response)
    assert "Projet caché" not in titles(response)
    item = next(i for i in response.json()["results"] if i["title"] == "Projet montré")
    assert item["public_summary"] == "Résumé"
    assert not {"description", "pilot_email", "is_public", "priority"} & set(item)
    assert response["ETag"]


@pytest.mark.parametrize("role", ["partner", "company"])
def test_roles_that_cannot_read_the_plan_pages_see_the_public_plan(request, territory, plan_data, role):
    api = request.getfixturevalue(f"{role}_api")
    assert "Projet caché" not in titles(api.get(url(territory, "/projects"), {"page_size": 500}))
    assert api.get(url(territory, f"/projects/{plan_data['hidden'].pk}")).status_code == 404
    detail = api.get(url(territory, f"/projects/{plan_data['shown'].pk}")).json()
    assert "fundings" not in detail and "budget_lines" not in detail


@pytest.mark.parametrize("role", ["team", "committee"])
def test_plan_readers_see_every_project_with_its_private_fields(request, territory, plan_data, role):
    api = request.getfixturevalue(f"{role}_api")
    response = api.get(url(territory, "/projects"), {"page_size": 500})
    assert {"Projet montré", "Projet caché"} <= titles(response)
    item = next(i for i in response.json()["results"] if i["title"] == "Projet montré")
    assert item["description"] == "Description interne" and item["is_public"] is True


def test_the_detail_carries_funding_budget_milestones_and_history(team_api, territory, plan_data):
    body = team_api.get(url(territory, f"/projects/{plan_data['shown'].pk}")).json()
    assert [f["amount"] for f in body["fundings"]] == ["12345.00"]
    assert body["fundings"][0]["state"] == "requested"
    assert Decimal(body["funding"]["total"]) == Decimal("12345")
    assert Decimal(body["planned_total"]) == Decimal("50000")
    assert [c["status"] for c in body["status_history"]] == ["idea"]
    assert body["source"]["source"] and body["source"]["synthetic"] is False


def test_an_anonymous_detail_hides_amounts_and_private_projects(anonymous_api, territory, plan_data):
    body = anonymous_api.get(url(territory, f"/projects/{plan_data['shown'].pk}")).json()
    assert "12345" not in str(body) and "fundings" not in body
    assert problem(anonymous_api.get(url(territory, f"/projects/{plan_data['hidden'].pk}")))["status"] == 404


def test_filters_on_lever_axis_commune_status_and_text(team_api, territory, plan_data):
    lever, axis = plan_data["lever"], plan_data["axis"]
    assert titles(team_api.get(url(territory, "/projects"), {"lever": lever.pk})) == {"Projet montré", "Projet caché"}
    assert titles(team_api.get(url(territory, "/projects"), {"axis": axis.pk})) == {"Projet montré"}
    by_commune = titles(team_api.get(url(territory, "/projects"), {"commune": plan_data["commune"].code}))
    assert {"Projet montré", "Projet caché"} <= by_commune
    assert titles(team_api.get(url(territory, "/projects"), {"q": "montré"})) == {"Projet montré"}
    assert "Projet montré" not in titles(team_api.get(url(territory, "/projects"), {"status": "done"}))
    by_funder = titles(team_api.get(url(territory, "/projects"), {"financeur": "region", "lever": lever.pk}))
    assert by_funder == {"Projet montré"}


@pytest.mark.parametrize("query", [{"financeur": "region"}, {"year": 2024}, {"is_public": "false"}, {"priority": 1}])
def test_a_filter_on_a_private_field_is_403_for_the_public(anonymous_api, partner_api, territory, query):
    for api in (anonymous_api, partner_api):
        body = problem(api.get(url(territory, "/projects"), query))
        assert body["status"] == 403
        assert body["errors"][0]["field"] == next(iter(query))


def test_another_territorys_ids_are_404s(team_api, territory, haut_doubs, plan_data):
    other = ProjectFactory(territory=haut_doubs, is_public=True)
    other_axis = AxisFactory(plan__territory=haut_doubs)
    assert problem(team_api.get(url(territory, f"/projects/{other.pk}")))["status"] == 404
    assert problem(team_api.get(url(territory, "/projects"), {"axis": other_axis.pk}))["status"] == 404
    outside = haut_doubs.communes.exclude(pk__in=territory.communes.all()).first()
    assert problem(team_api.get(url(territory, "/projects"), {"commune": outside.code}))["status"] == 404
    # A token of the other territory reads only what the public reads here.
    assert "Projet caché" not in titles(other_team_api(haut_doubs).get(url(territory, "/projects"), {"page_size": 500}))


def test_levers_and_axes_follow_the_tree(anonymous_api, territory, plan_data):
    levers = anonymous_api.get(url(territory, "/levers")).json()
    assert any(item["title"] == "Levier API" and item["is_lever"] for item in levers)
    axes = anonymous_api.get(url(territory, "/axes"), {"lever": plan_data["lever"].pk}).json()
    assert [(a["title"], a["parent"]) for a in axes] == [("Levier API", None), ("Axe API", plan_data["lever"].pk)]
    assert problem(anonymous_api.get(url(territory, "/axes"), {"lever": plan_data["axis"].pk}))["status"] == 404


def test_projects_geojson_locates_only_what_the_caller_may_see(anonymous_api, team_api, territory, plan_data):
    public = anonymous_api.get(url(territory, "/projects.geojson")).json()
    names = {f["properties"]["title"] for f in public["features"]}
    assert "Projet montré" in names and "Projet caché" not in names
    point = next(f for f in public["features"] if f["properties"]["title"] == "Projet montré")
    assert point["geometry"]["type"] == "Point"
    lon, lat = point["geometry"]["coordinates"]
    assert 2 < lon < 6 and 46 < lat < 49  # Côte-d'Or, in degrees (WGS84)
    assert "is_public" not in point["properties"]
    assert public["source"]["vintage"]
    private = team_api.get(url(territory, "/projects.geojson"), {"geometry": "outline"}).json()
    outline = next(f for f in private["features"] if f["properties"]["title"] == "Projet caché")
    assert outline["geometry"]["type"] in {"Polygon", "MultiPolygon"} and outline["properties"]["is_public"] is False


# Writing


def test_the_team_creates_a_project_through_the_web_form(team, team_api, territory, plan_data):
    body = {"title": "Nouveau projet API", "porteur_name": "CC Auxois", "axes": [plan_data["axis"].pk],
            "communes": [plan_data["commune"].code], "start_date": "2025-01-01", "is_public": True}  # fmt: skip
    response = team_api.post_json(url(territory, "/projects"), body)
    assert response.status_code == 201, response.content
    project = Project.objects.get(territory=territory, title="Nouveau projet API")
    assert list(project.axes.all()) == [plan_data["axis"]] and project.is_public
    assert [(c.status, c.automatic) for c in project.status_changes.all()] == [("idea", True)]
    assert LogEntry.objects.get_for_object(project).filter(actor=team).exists()
    assert response.json()["communes"] == [{"code": plan_data["commune"].code, "name": plan_data["commune"].name}]


def test_a_bad_project_is_a_422_with_french_field_errors_and_nothing_written(team_api, territory):
    before = Project.objects.count()
    body = {"porteur_name": "X", "start_date": "2025-05-01", "end_date": "2025-01-01", "porteur_siret": "123"}
    found = problem(team_api.post_json(url(territory, "/projects"), body))
    fields = {e["field"]: e["message"] for e in found["errors"]}
    assert found["status"] == 422
    assert fields["title"] == "Ce champ est obligatoire."
    assert "fin" in fields["end_date"] and "SIRET" in fields["porteur_siret"]
    assert Project.objects.count() == before


@pytest.mark.parametrize("body", [{"title": "T", "porteur_name": "P", "colour": "red"}, {"title": 3, "axes": "x"}])
def test_unknown_fields_and_wrong_types_are_422(team_api, territory, body):
    before = Project.objects.count()
    assert problem(team_api.post_json(url(territory, "/projects"), body))["status"] == 422
    assert Project.objects.count() == before


def test_another_territorys_axis_or_commune_in_a_body_is_a_404(team_api, territory, haut_doubs):
    before = Project.objects.count()
    other_axis = AxisFactory(plan__territory=haut_doubs)
    outside = haut_doubs.communes.exclude(pk__in=territory.communes.all()).first()
    for extra in ({"axes": [other_axis.pk]}, {"communes": [outside.code]}):
        response = team_api.post_json(url(territory, "/projects"), {"title": "T", "porteur_name": "P", **extra})
        assert problem(response)["status"] == 404
    assert Project.objects.count() == before


@pytest.mark.parametrize("role", ["anonymous", "committee", "partner", "company"])
def test_only_the_team_writes(request, territory, plan_data, role):
    api = request.getfixturevalue(f"{role}_api")
    response = api.post_json(url(territory, "/projects"), {"title": "T", "porteur_name": "P"})
    assert problem(response)["status"] == (401 if role == "anonymous" else 403)
    response = api.patch_json(url(territory, f"/projects/{plan_data['shown'].pk}"), {"title": "Changé"})
    assert problem(response)["status"] in {401, 403}
    assert Project.objects.filter(title__in=["T", "Changé"]).count() == 0


def test_a_team_token_of_another_territory_writes_nothing_here(territory, haut_doubs, plan_data):
    api = other_team_api(haut_doubs)
    assert (
        problem(api.patch_json(url(territory, f"/projects/{plan_data['shown'].pk}"), {"title": "X"}))["status"] == 403
    )
    assert (
        problem(api.patch_json(url(haut_doubs, f"/projects/{plan_data['shown'].pk}"), {"title": "X"}))["status"] == 404
    )
    plan_data["shown"].refresh_from_db()
    assert plan_data["shown"].title == "Projet montré"


def test_an_update_changes_only_the_fields_sent(team_api, territory, plan_data):
    project = plan_data["shown"]
    response = team_api.patch_json(
        url(territory, f"/projects/{project.pk}"), {"title": "Titre changé", "end_date": None}
    )
    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.title == "Titre changé" and project.public_summary == "Résumé" and project.is_public
    assert list(project.axes.all()) == [plan_data["axis"]]
    assert list(project.communes.all()) == [plan_data["commune"]]


def test_a_status_change_is_recorded_in_the_history(team, team_api, territory, plan_data):
    project = plan_data["shown"]
    response = team_api.post_json(url(territory, f"/projects/{project.pk}/status"),
                                  {"status": "in_progress", "date": "2025-02-01", "note": "Comité"})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "in_progress"
    change = StatusChange.objects.get(project=project, status="in_progress")
    assert (change.date, change.note, change.author) == (dt.date(2025, 2, 1), "Comité", team)
    project.refresh_from_db()
    assert project.status == "in_progress"


def test_a_status_in_the_future_or_unknown_is_refused(team_api, territory, plan_data):
    project = plan_data["shown"]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    found = problem(team_api.post_json(url(territory, f"/projects/{project.pk}/status"),
                                       {"status": "done", "date": future}))  # fmt: skip
    assert found["status"] == 422 and found["errors"][0]["field"] == "date"
    assert (
        problem(team_api.post_json(url(territory, f"/projects/{project.pk}/status"), {"status": "won"}))["status"]
        == 422
    )
    assert project.status_changes.count() == 1


def test_budget_lines_are_added_and_updated_with_the_web_rules(team_api, territory, plan_data):
    project = plan_data["shown"]
    path = url(territory, f"/projects/{project.pk}/budget-lines")
    body = {"nature": "investment", "year": 2025, "label": "Machine", "planned": "30000"}
    created = team_api.post_json(path, body)
    assert created.status_code == 201, created.content
    line = BudgetLine.objects.get(pk=created.json()["id"])
    updated = team_api.patch_json(f"{path}/{line.pk}", {"actual": "28000.50"})
    assert updated.status_code == 200, updated.content
    line.refresh_from_db()
    assert (line.label, line.planned, line.actual) == ("Machine", Decimal("30000"), Decimal("28000.50"))
    found = problem(team_api.post_json(path, {**body, "year": 1900, "planned": "-1"}))
    assert {e["field"] for e in found["errors"]} == {"year", "planned"}
    assert BudgetLine.objects.filter(project=project).count() == 2


def test_fundings_are_added_and_updated_with_the_web_rules(team_api, territory, plan_data):
    project = plan_data["shown"]
    path = url(territory, f"/projects/{project.pk}/fundings")
    body = {"financeur": "state", "year": 2025, "amount": "5000", "requested_on": "2025-01-10"}
    created = team_api.post_json(path, body)
    assert created.status_code == 201, created.content
    funding_id = created.json()["id"]
    found = problem(team_api.patch_json(f"{path}/{funding_id}", {"paid_on": "2025-03-01"}))
    assert found["errors"][0]["field"] == "paid_on"
    assert Funding.objects.get(pk=funding_id).paid_on is None
    granted = team_api.patch_json(f"{path}/{funding_id}", {"granted_on": "2025-02-01"})
    assert granted.json()["state"] == "granted"


def test_parts_of_another_project_or_territory_are_404s(team_api, territory, haut_doubs, plan_data):
    other_line = BudgetLineFactory(project=ProjectFactory(territory=haut_doubs))
    response = team_api.patch_json(url(territory, f"/projects/{plan_data['shown'].pk}/budget-lines/{other_line.pk}"),
                                   {"label": "Piraté"})  # fmt: skip
    assert problem(response)["status"] == 404
    other_line.refresh_from_db()
    assert other_line.label != "Piraté"


def test_ids_too_large_for_the_database_are_refused_not_server_errors(team_api, territory):
    huge = 2**70
    assert problem(team_api.get(url(territory, f"/projects/{huge}")))["status"] == 400
    assert problem(team_api.get(url(territory, "/projects"), {"axis": huge}))["status"] == 400
    body = {"title": "T", "porteur_name": "P", "axes": [huge]}
    assert problem(team_api.post_json(url(territory, "/projects"), body))["status"] == 422
