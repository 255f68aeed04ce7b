"""The synergies API: opportunities as the pipeline shows them (an anonymous company is a pseudonym except for the
team), the map of the companies, and declarations within each caller's company scope, written with the web's
form."""

from __future__ import annotations

import pytest

from tests.api_clients import ApiClient, bearer, problem
from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.synergies import opportunities
from tindus.synergies.models import Declaration, Origin, Status

from .conftest import ACIERIE, PANNEAUX, PONTARLIER, SCIERIE

pytestmark = pytest.mark.django_db

STEELWORKS = "ACIÉRIE DES LAUMES"


def url(territory, tail: str) -> str:
    return f"/api/v1/territories/{territory.slug}/synergies{tail}"


def client(user, territory, role: str) -> ApiClient:
    return ApiClient(bearer(user, territory, role))


def declare(territory, siret, name, commune, direction, text, **fields):
    return Declaration.objects.create(territory=territory, siret=siret, company_name=name, commune=commune,
                                      direction=direction, category=fields.pop("category", "matieres"), text=text,
                                      **fields)  # fmt: skip


@pytest.fixture
def match(territory, sirene, team):
    """The steelworks (anonymous) needs the sawmill's sawdust; the exchange is followed by the team."""
    offer = declare(territory, SCIERIE, "SCIERIE DE MONTBARD", "21425", "resource", "sciure", ewc="030105")
    need = declare(territory, ACIERIE, STEELWORKS, "21663", "need", "sciure pour chaudière", ewc="030105",
                   confidentiality="anonymous")  # fmt: skip
    followed = opportunities.follow_match(need, offer, team, 0.8, ["même code déchet 03 01 05"], 12.0)
    opportunities.move(followed, Status.CONTACT, team)
    return followed


def test_the_team_reads_every_name_and_the_committee_a_pseudonym(territory, match, team, committee):
    team_body = client(team, territory, "team").get(url(territory, "/opportunities")).json()
    [item] = team_body["results"]
    assert STEELWORKS in {c["name"] for c in item["companies"]}
    response = client(committee, territory, "committee").get(url(territory, f"/opportunities/{match.pk}"))
    assert response.status_code == 200 and response["ETag"]
    text = response.content.decode()
    assert STEELWORKS not in text and ACIERIE not in text and ACIERIE[:9] not in text
    hidden = [c for c in response.json()["companies"] if c["hidden"]]
    assert [c["name"] for c in hidden] == ["Entreprise anonyme 1"]


def test_opportunities_are_refused_to_who_cannot_see_the_pipeline(territory, match, partner, company):
    assert problem(ApiClient().get(url(territory, "/opportunities")))["status"] == 401
    for user, role in ((partner, "partner"), (company, "company")):
        assert problem(client(user, territory, role).get(url(territory, "/opportunities")))["status"] == 403
        assert problem(client(user, territory, role).get(url(territory, ".geojson")))["status"] == 403


def test_another_territorys_opportunity_is_not_found(territory, haut_doubs, match):
    other_team = MembershipFactory(territory=haut_doubs, role=Role.TEAM).user
    response = client(other_team, haut_doubs, "team").get(url(haut_doubs, f"/opportunities/{match.pk}"))
    assert problem(response)["status"] == 404
    response = client(other_team, haut_doubs, "team").get(url(territory, f"/opportunities/{match.pk}"))
    assert problem(response)["status"] == 403


def test_the_map_places_companies_at_their_communes_centre_and_hides_the_anonymous_one(
    territory, match, team, committee
):
    body = client(committee, territory, "committee").get(url(territory, ".geojson")).json()
    assert body["type"] == "FeatureCollection" and body["source"]["vintage"]
    by_name = {f["properties"]["name"]: f for f in body["features"]}
    sawmill = by_name["SCIERIE DE MONTBARD"]
    lon, lat = sawmill["geometry"]["coordinates"]
    assert 4.0 < lon < 4.6 and 47.4 < lat < 47.8  # Montbard
    assert sawmill["properties"]["opportunities"][0]["opportunity"] == match.pk
    hidden = by_name["Entreprise anonyme 1"]
    assert hidden["geometry"] is None and hidden["properties"]["commune"] == ""
    assert STEELWORKS not in str(body) and "21663" not in str(body)
    team_body = client(team, territory, "team").get(url(territory, ".geojson")).json()
    steelworks = next(f for f in team_body["features"] if f["id"] == ACIERIE)
    assert steelworks["geometry"]["type"] == "Point" and steelworks["properties"]["commune"] == "21663"


def test_a_company_reads_its_own_declarations_only(territory, match, company):
    api = client(company, territory, "company")
    body = api.get(url(territory, "/declarations")).json()
    assert {d["siret"] for d in body["results"]} == {SCIERIE}
    other = Declaration.objects.get(siret=ACIERIE)
    assert problem(api.get(url(territory, f"/declarations/{other.pk}")))["status"] == 404
    assert problem(api.get(url(territory, "/declarations"), {"siret": ACIERIE}))["status"] == 403


def test_a_company_sees_a_candidate_without_the_name_of_an_anonymous_company(territory, match, company):
    own = Declaration.objects.get(siret=SCIERIE)
    body = client(company, territory, "company").get(url(territory, f"/declarations/{own.pk}/candidates")).json()
    assert body and STEELWORKS not in str(body)
    assert body[0]["company"] == "Entreprise anonyme" and body[0]["followed_status"] == "contact"


def test_a_company_declares_for_its_own_siret(territory, sirene, company):
    api = client(company, territory, "company")
    body = {"siret": SCIERIE, "direction": "resource", "category": "matieres", "text": "écorces"}
    response = api.post_json(url(territory, "/declarations"), body)
    assert response.status_code == 201, response.content
    created = Declaration.objects.get(pk=response.json()["id"])
    assert created.origin == Origin.COMPANY and created.created_by == company
    assert created.company_name == "SCIERIE DE MONTBARD" and created.commune == "21425"


def test_a_company_cannot_declare_for_another_siret(territory, sirene, company):
    response = client(company, territory, "company").post_json(
        url(territory, "/declarations"),
        {"siret": PANNEAUX, "direction": "need", "category": "matieres", "text": "sciure"},
    )
    assert problem(response)["status"] == 403
    assert not Declaration.objects.filter(siret=PANNEAUX).exists()


def test_a_company_cannot_move_its_declaration_to_another_siret(territory, match, company):
    own = Declaration.objects.get(siret=SCIERIE)
    response = client(company, territory, "company").patch_json(url(territory, f"/declarations/{own.pk}"),
                                                                {"siret": PANNEAUX})  # fmt: skip
    assert problem(response)["status"] == 403
    own.refresh_from_db()
    assert own.siret == SCIERIE


def test_the_team_declares_for_any_company_of_the_territory_with_the_forms_checks(territory, sirene, team):
    api = client(team, territory, "team")
    body = {"siret": PANNEAUX, "direction": "need", "category": "matieres", "text": "sciure", "ewc": "03 01 05"}
    response = api.post_json(url(territory, "/declarations"), body)
    assert response.status_code == 201, response.content
    assert response.json()["ewc"] == "03 01 05" and response.json()["origin"] == Origin.TEAM
    refused = api.post_json(url(territory, "/declarations"), body | {"siret": PONTARLIER, "ewc": "99 99 99"})
    assert refused.status_code == 422
    fields = {e["field"] for e in problem(refused)["errors"]}
    assert fields == {"siret", "ewc"}
    assert not Declaration.objects.filter(siret=PONTARLIER).exists()


def test_a_declaration_is_updated_with_the_forms_checks(territory, match, team):
    own = Declaration.objects.get(siret=SCIERIE)
    api = client(team, territory, "team")
    response = api.patch_json(url(territory, f"/declarations/{own.pk}"), {"quantity": 12.5, "unit": "t"})
    assert response.status_code == 200, response.content
    own.refresh_from_db()
    assert own.quantity == 12.5 and own.ewc == "030105" and own.text == "sciure"
    response = api.patch_json(url(territory, f"/declarations/{own.pk}"), {"quantity": -3})
    assert response.status_code == 422 and problem(response)["errors"][0]["field"] == "quantity"
    own.refresh_from_db()
    assert own.quantity == 12.5


@pytest.mark.parametrize("body", [{"siret": SCIERIE, "direction": "need"}, {"colour": "red"}])
def test_bad_bodies_are_422_problems_and_write_nothing(territory, sirene, company, body):
    before = Declaration.objects.count()
    response = client(company, territory, "company").post_json(url(territory, "/declarations"), body)
    assert response.status_code == 422 and problem(response)["errors"]
    assert Declaration.objects.count() == before


def test_the_committee_cannot_declare(territory, sirene, committee):
    response = client(committee, territory, "committee").post_json(
        url(territory, "/declarations"), {"siret": SCIERIE, "direction": "need", "category": "matieres"}
    )
    assert problem(response)["status"] == 403
    assert not Declaration.objects.exists()
