"""API of the news: published articles for everyone, drafts for the team, drafts written with the web's form."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api_clients import ApiClient, bearer, problem
from tests.factories import ArticleFactory, MembershipFactory
from tindus.public.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(territory):
    published = ArticleFactory(territory=territory, state="published", published_on=dt.date(2026, 3, 1), title="Mars")
    older = ArticleFactory(territory=territory, state="published", published_on=dt.date(2025, 6, 1), title="Juin")
    draft = ArticleFactory(territory=territory, title="Brouillon secret")
    return published, older, draft


def url(territory, rest: str = "") -> str:
    return f"/api/v1/territories/{territory.slug}/news{rest}"


def test_anonymous_callers_read_the_published_news_only(anonymous_api, territory, articles):
    response = anonymous_api.get(url(territory))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert [a["title"] for a in body["results"]] == ["Mars", "Juin"]
    assert body["results"][0]["url"].endswith(f"/actualites/{articles[0].slug}/")
    assert body["results"][0]["source"]["vintage"] == "2026-03-01"
    assert anonymous_api.get(url(territory, f"/{articles[2].pk}")).status_code == 404


def test_news_are_filtered_by_publication_date(anonymous_api, territory, articles):
    body = anonymous_api.get(url(territory), {"published_from": "2026-01-01"}).json()
    assert [a["title"] for a in body["results"]] == ["Mars"]
    body = anonymous_api.get(url(territory), {"published_until": "2025-12-31"}).json()
    assert [a["title"] for a in body["results"]] == ["Juin"]


def test_drafts_are_for_the_readers_of_the_news_management_list(
    anonymous_api, team_api, committee_api, partner_api, territory, articles
):
    draft = articles[2]
    assert anonymous_api.get(url(territory), {"state": "draft"}).status_code == 401
    assert problem(partner_api.get(url(territory), {"state": "draft"}))["status"] == 403
    for client in (team_api, committee_api):
        body = client.get(url(territory), {"state": "draft"}).json()
        assert [a["id"] for a in body["results"]] == [draft.pk]
        assert client.get(url(territory, f"/{draft.pk}")).json()["url"] is None


def test_another_territorys_article_is_not_found(team_api, territory, haut_doubs):
    other = ArticleFactory(territory=haut_doubs, state="published", published_on=dt.date(2026, 1, 1))
    assert problem(team_api.get(url(territory, f"/{other.pk}")))["status"] == 404
    response = team_api.patch_json(url(territory, f"/{other.pk}"), {"title": "Pris"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title != "Pris"


def test_the_team_writes_a_draft_with_the_web_form(team_api, team, territory):
    response = team_api.post_json(url(territory), {"title": "Réunion du comité", "body": "Le **comité** se réunit."})
    assert response.status_code == 201, response.content
    created = Article.objects.get(pk=response.json()["id"])
    assert created.state == Article.State.DRAFT and created.slug == "reunion-du-comite"
    assert created.author == team and created.territory == territory


def test_a_draft_cannot_be_published_through_the_api(team_api, territory, articles):
    draft = articles[2]
    response = team_api.patch_json(url(territory, f"/{draft.pk}"), {"state": "published"})
    assert response.status_code == 422
    assert problem(response)["errors"][0]["field"] == "state"
    response = team_api.post_json(url(territory), {"title": "T", "body": "B", "state": "published"})
    assert response.status_code == 422
    assert not Article.objects.filter(title="T").exists()
    draft.refresh_from_db()
    assert draft.state == Article.State.DRAFT


def test_a_draft_is_updated_and_a_published_article_is_not(team_api, territory, articles):
    published, _older, draft = articles
    response = team_api.patch_json(url(territory, f"/{draft.pk}"), {"summary": "En bref"})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.summary == "En bref" and draft.title == "Brouillon secret"
    response = team_api.patch_json(url(territory, f"/{published.pk}"), {"title": "Changé"})
    assert problem(response)["status"] == 409
    published.refresh_from_db()
    assert published.title == "Mars"


def test_the_forms_messages_come_back_by_field_and_nothing_is_saved(team_api, territory, articles):
    taken = articles[0].slug
    response = team_api.post_json(url(territory), {"title": "Autre", "slug": taken, "body": "Texte"})
    assert response.status_code == 422
    errors = problem(response)["errors"]
    assert errors == [{"field": "slug", "message": "Un autre article de ce territoire a déjà cette adresse."}]
    response = team_api.post_json(url(territory), {"title": "Image", "body": "![x](https://ailleurs.example/x.png)"})
    assert response.status_code == 422 and problem(response)["errors"][0]["field"] == "body"
    assert not Article.objects.filter(title__in=["Autre", "Image"]).exists()


@pytest.mark.parametrize("role_client", ["committee_api", "partner_api", "company_api"])
def test_only_the_team_writes_news(request, territory, role_client):
    client = request.getfixturevalue(role_client)
    response = client.post_json(url(territory), {"title": "Non", "body": "Non"})
    assert problem(response)["status"] == 403
    assert not Article.objects.filter(title="Non").exists()


def test_a_token_of_another_territory_writes_nothing_here(territory, haut_doubs):
    other = ApiClient(bearer(MembershipFactory(territory=haut_doubs, role="team").user, haut_doubs, "team"))
    response = other.post_json(url(territory), {"title": "Ailleurs", "body": "Non"})
    assert problem(response)["status"] == 403
    assert not Article.objects.filter(title="Ailleurs").exists()
