"""The consultation API: results only as far as they are published, with the pages' small-cell protection,
the team's participation figures, and never an answer or a free text of an employee."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.api_clients import ApiClient, bearer, problem
from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.consultation.dashboard import dashboard
from tindus.consultation.models import Campaign, Publication, Questionnaire, Response
from tindus.consultation.moderation import review
from tindus.consultation.services import save_schema

pytestmark = pytest.mark.django_db

IDEAS = ["Une navette depuis la gare", "Une navette depuis la gare de Montbard", "Des formations en soudure",
         "Appelez-moi : Jean Dupont, 06 12 34 56 78", "Plus de covoiturage", "Un restaurant d'entreprise"]  # fmt: skip


def answer(campaign: Campaign, n: int, idea: str) -> Response:
    answers = {"mode": "voiture seul" if n % 2 else "transport en commun", "idee": idea, "metier": ["H2903"]}
    return Response.objects.create(
        campaign=campaign, version=campaign.questionnaire.current_version(), submission_key=uuid.uuid4(),
        answers=answers, segments={"audience": "employees"}, submitted_on=dt.date.today() - dt.timedelta(days=n),
    )  # fmt: skip


@pytest.fixture
def answered(campaign):
    for n, idea in enumerate(IDEAS):
        answer(campaign, n, idea)
    schema = campaign.questionnaire.current_version().as_schema()
    first = str(Response.objects.get(campaign=campaign, answers__idee=IDEAS[0]).pk)
    review(campaign, schema, [(first, "idee", "approved")])
    return campaign


def publish(campaign: Campaign, to: str) -> Campaign:
    campaign.published_to = to
    campaign.save()
    return campaign


def results_url(campaign: Campaign) -> str:
    return f"/api/v1/territories/{campaign.territory.slug}/consultations/{campaign.pk}/results"


def client(user, territory, role: str) -> ApiClient:
    return ApiClient(bearer(user, territory, role))


def test_public_results_are_the_published_pages_figures(answered):
    publish(answered, Publication.PUBLIC)
    response = ApiClient().get(results_url(answered))
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["respondents"] == {"value": 6, "secret": False} and body["published"] is True
    shown = dashboard(answered, {}, approved_texts_only=True)["shown"]
    mode = next(q for q in body["questions"] if q["id"] == "mode")
    expected = dict(next(q for q in shown["questions"] if q["id"] == "mode")["counts"])
    assert {c["value"]: c["count"] for c in mode["counts"]} == expected
    assert expected["voiture seul"] == 3
    assert body["source"]["source"] and body["source"]["synthetic"] is False


def test_no_free_text_nor_answer_ever_leaves_the_api(answered, team):
    publish(answered, Publication.PUBLIC)
    for api in (ApiClient(), client(team, answered.territory, "team")):
        text = api.get(results_url(answered)).content.decode()
        assert not any(idea in text for idea in IDEAS)
        assert not any(str(r.pk) in text for r in answered.responses.all())
    idea = next(q for q in ApiClient().get(results_url(answered)).json()["questions"] if q["id"] == "idee")
    assert idea["answered"] == 6 and "themes" in idea  # approved texts as themes and counts only


def test_fewer_than_five_answers_is_a_secret_not_a_number(campaign):
    publish(campaign, Publication.PUBLIC)
    for n in range(4):
        answer(campaign, n, "")
    body = ApiClient().get(results_url(campaign)).json()
    assert body["respondents"] == {"value": None, "secret": True}
    assert body["questions"] == [] and body["versions"] == {}


@pytest.mark.parametrize(
    ("published_to", "statuses"),
    [
        (Publication.TEAM, {"anonymous": 404, "committee": 404, "partner": 404, "team": 200}),
        (Publication.COMMITTEE, {"anonymous": 401, "committee": 200, "partner": 403, "team": 200}),
        (Publication.PUBLIC, {"anonymous": 200, "committee": 200, "partner": 200, "team": 200}),
    ],
)
def test_results_are_read_as_far_as_published(answered, team, committee, partner, published_to, statuses):
    publish(answered, published_to)
    territory = answered.territory
    clients = {"anonymous": ApiClient(), "team": client(team, territory, "team"),
               "committee": client(committee, territory, "committee"),
               "partner": client(partner, territory, "partner")}  # fmt: skip
    for name, api in clients.items():
        assert api.get(results_url(answered)).status_code == statuses[name], name
        listed = api.get(f"/api/v1/territories/{territory.slug}/consultations").json()["results"]
        assert ([c["id"] for c in listed] == [answered.pk]) is (statuses[name] == 200), name


def test_a_filter_cannot_isolate_fewer_than_five_answers(answered):
    publish(answered, Publication.PUBLIC)
    body = ApiClient().get(results_url(answered), {"audience": "leaders"}).json()
    assert body["respondents"] == {"value": None, "secret": True}
    assert problem(ApiClient().get(results_url(answered), {"commune": "21425"}))["status"] == 400


def test_the_team_reads_participation_and_nobody_else(answered, team, committee):
    territory = answered.territory
    path = f"/api/v1/territories/{territory.slug}/consultations/{answered.pk}/participation"
    body = client(team, territory, "team").get(path).json()
    assert body["answers"] == 6 and body["free_texts_to_moderate"] == 5 and body["answer_links"] == 0
    assert body["invitations"] is None and body["rates"] is None
    assert problem(client(committee, territory, "committee").get(path))["status"] == 403
    assert problem(ApiClient().get(path))["status"] == 401


def test_another_territorys_campaign_is_not_found(answered, haut_doubs):
    publish(answered, Publication.PUBLIC)
    other = Questionnaire.objects.create(territory=haut_doubs, title="Salariés", audience="employees")
    save_schema(other, answered.questionnaire.current_version().as_schema())
    today = dt.date.today()
    theirs = Campaign.objects.create(territory=haut_doubs, questionnaire=other, title="Ailleurs", opens_on=today,
                                     closes_on=today, published_to=Publication.PUBLIC)  # fmt: skip
    mine = f"/api/v1/territories/{answered.territory.slug}/consultations/{theirs.pk}"
    team = client(MembershipFactory(territory=answered.territory, role=Role.TEAM).user, answered.territory, "team")
    assert problem(team.get(mine + "/results"))["status"] == 404
    assert problem(team.get(mine + "/participation"))["status"] == 404
