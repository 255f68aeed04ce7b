"""The API's common behaviour: description, tokens, errors, pages, ETag, rate limits, CORS, body size."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api_clients import ApiClient, bearer, problem
from tindus.api import tokens
from tindus.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_description_is_openapi_3_1_and_lists_the_territories(anonymous_api):
    response = anonymous_api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/territories" in schema["paths"]
    errors = schema["paths"]["/api/v1/territories"]["get"]["responses"]["404"]["content"]
    assert list(errors) == ["application/problem+json"]


def test_the_description_has_no_key_twice(anonymous_api):
    def refuse_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(anonymous_api.get("/api/v1/openapi.json").content, object_pairs_hook=refuse_duplicates)


def test_the_documentation_page_is_served_from_this_site(anonymous_api):
    page = anonymous_api.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_territories_are_paginated_with_totals(anonymous_api, territory):
    body = anonymous_api.get("/api/v1/territories", {"page_size": 1}).json()
    assert body["count"] >= 2 and body["pages"] == body["count"]
    assert len(body["results"]) == 1 and body["next"].endswith("page=2")
    assert body["results"][0]["source"]["vintage"]


def test_a_page_beyond_the_end_is_a_404_problem(anonymous_api, territory):
    response = anonymous_api.get("/api/v1/territories", {"page": 9999})
    assert response.status_code == 404
    assert "9999" in problem(response)["detail"]


@pytest.mark.parametrize("query", [{"colour": "red"}, {"page": "two"}, {"page_size": 100000}])
def test_unknown_or_wrong_parameters_are_400_problems(anonymous_api, territory, query):
    response = anonymous_api.get("/api/v1/territories", query)
    assert response.status_code == 400
    assert problem(response)["errors"][0]["field"] == next(iter(query))


def test_the_perimeter_is_geojson_with_its_source(anonymous_api, territory):
    body = anonymous_api.get(f"/api/v1/territories/{territory.slug}/perimeter.geojson").json()
    assert body["type"] == "FeatureCollection"
    communes = [f for f in body["features"] if f["properties"]["layer"] == "commune"]
    assert len(communes) == territory.communes.count()
    assert communes[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert body["source"]["source"]


def test_an_unknown_territory_and_path_are_404_problems(anonymous_api):
    assert problem(anonymous_api.get("/api/v1/territories/nowhere"))["status"] == 404
    assert problem(anonymous_api.get("/api/v1/nothing-here"))["status"] == 404


def test_reads_carry_an_etag_and_answer_304_when_unchanged(anonymous_api, territory):
    first = anonymous_api.get(f"/api/v1/territories/{territory.slug}")
    assert first["ETag"]
    again = anonymous_api.get(f"/api/v1/territories/{territory.slug}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    territory.name = "Autre nom"
    territory.save()
    changed = anonymous_api.get(f"/api/v1/territories/{territory.slug}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["name"] == "Autre nom"


def test_rate_limits_are_announced_and_enforced_per_address(anonymous_api, territory, settings):
    settings.TINDUS_API_RATE_ADDRESS = 3
    answers = [anonymous_api.get("/api/v1/territories") for _ in range(4)]
    assert [a["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert answers[0]["RateLimit-Limit"] == "3"
    assert answers[3].status_code == 429 and int(answers[3]["Retry-After"]) >= 1
    assert problem(answers[3])["title"]


def test_rate_limits_count_each_token_apart_from_the_address(team, territory, settings):
    settings.TINDUS_API_RATE_ADDRESS = 1
    settings.TINDUS_API_RATE_TOKEN = 2
    holder = ApiClient(bearer(team, territory, "team"))
    assert [holder.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 429]
    assert ApiClient().get("/api/v1/territories").status_code == 200


def test_me_names_the_token_and_its_role(team_api, territory):
    body = team_api.get("/api/v1/me").json()
    assert body["territory"] == territory.slug and body["role"] == "team"
    assert "edit" in body["actions"]


def test_me_needs_a_token(anonymous_api):
    response = anonymous_api.get("/api/v1/me")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    problem(response)


def test_only_the_hash_of_a_token_is_stored(team, territory):
    token, secret = tokens.issue(team, territory, "team", "carnet", timezone.now() + timedelta(days=1))
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == tokens.digest_of(secret) and tokens.find(secret) == stored


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "malformed"])
def test_expired_revoked_unknown_tokens_are_401_problems(team, territory, state):
    token, secret = tokens.issue(team, territory, "team", "carnet", timezone.now() + timedelta(days=1))
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    if state == "revoked":
        tokens.revoke(token, team)
    header = {"unknown": "Bearer tdu_nope", "malformed": "Token " + secret}.get(state, "Bearer " + secret)
    response = ApiClient().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    problem(response)


def test_a_token_role_cannot_exceed_its_holder(partner, team, territory):
    assert tokens.grantable_roles(partner, territory) == ["partner"]
    assert set(tokens.grantable_roles(team, territory)) == {"team", "committee", "partner", "company"}
    with pytest.raises(ValueError):
        tokens.issue(partner, territory, "team", "x", timezone.now() + timedelta(days=1))


@pytest.mark.parametrize("days", [-1, 367])
def test_a_token_expires_within_a_year(team, territory, days):
    with pytest.raises(ValueError):
        tokens.issue(team, territory, "team", "x", timezone.now() + timedelta(days=days))


def test_a_token_stops_working_when_its_holder_leaves_the_territory(committee, territory):
    client = ApiClient(bearer(committee, territory, "committee"))
    assert client.get("/api/v1/me").status_code == 200
    committee.memberships.all().delete()
    del committee._tindus_roles
    # The holder's rights are read at each call: the private parts refuse the token from now on.
    from tindus.accounts.permissions import Action
    from tindus.api.caller import Caller

    token = ApiToken.objects.get(user=committee)
    assert not Caller(committee, token).may(Action.VIEW_PRIVATE, territory)


def test_a_body_too_large_is_a_413_problem(team_api, territory, settings):
    settings.TINDUS_API_MAX_BODY = 10
    response = team_api.post_json("/api/v1/me", {"a": "x" * 50})
    assert response.status_code == 413
    problem(response)


def test_a_wrong_method_is_a_405_problem(anonymous_api, territory):
    response = anonymous_api.delete(f"/api/v1/territories/{territory.slug}")
    assert response.status_code == 405
    problem(response)


def test_cors_is_open_on_public_reads_only(anonymous_api, team_api, territory):
    origin = {"HTTP_ORIGIN": "https://exemple.org"}
    public = anonymous_api.get("/api/v1/territories", **origin)
    assert public["Access-Control-Allow-Origin"] == "https://exemple.org"
    assert "Access-Control-Allow-Credentials" not in public
    assert "Access-Control-Allow-Origin" not in team_api.get("/api/v1/me", **origin)
    preflight = anonymous_api.options("/api/v1/territories", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin)
    assert "Access-Control-Allow-Origin" not in preflight
