import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import CustomTerritoryFactory
from tests.jobs.inprocess import result_bytes, run_job
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, CampaignLink, Draft, Questionnaire, Response
from tindus.consultation.services import new_token, save_schema
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def link():
    territory = CustomTerritoryFactory()
    questionnaire = Questionnaire.objects.create(territory=territory, title="Salariés", audience="employees")
    save_schema(questionnaire, ready_made.employees())
    today = dt.date.today()
    campaign = Campaign.objects.create(
        territory=territory, questionnaire=questionnaire, title="Consultation",
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    return CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Entreprise A",
                                       segments={"a17": "C5", "size": "50-99", "epci": "242504116"})  # fmt: skip


def form_of(client, link):
    page = client.get(reverse("consultation:answer", kwargs={"token": link.token}))
    html = page.content.decode()
    return page, {
        "version": re.search(r'name="version" value="(\d+)"', html).group(1),
        "submission_key": re.search(r'name="submission_key" value="([0-9a-f-]+)"', html).group(1),
    }


GOOD = {"q-metier": "H2903", "q-mode": "voiture seul", "q-covoiturage": "oui", "q-distance": "14",
        "q-conditions--horaires": "bonnes", "q-attractivite": "4"}  # fmt: skip


def test_an_employee_answers_once_and_anonymously(client, link):
    page, hidden = form_of(client, link)
    assert page.status_code == 200 and 'data-condition-question="mode"' in page.content.decode()
    response = client.post(page.request["PATH_INFO"], {**hidden, **GOOD, "action": "submit"})
    assert response.status_code == 302
    (answer,) = Response.objects.all()
    assert answer.answers["covoiturage"] == "oui" and answer.answers["distance"] == 14
    assert answer.answers["conditions"] == {"horaires": "bonnes"}
    assert answer.segments == {"a17": "C5", "size": "50-99", "epci": "242504116", "audience": "employees"}
    assert answer.submitted_on == dt.date.today() and answer.invitation is None
    # A retried POST (double click) is the same answer; the device cannot answer twice.
    again = client.post(page.request["PATH_INFO"], {**hidden, **GOOD, "action": "submit"})
    assert again.status_code == 200 and Response.objects.count() == 1
    assert "déjà" in client.get(page.request["PATH_INFO"]).content.decode()


def test_hidden_questions_are_dropped(client, link):
    page, hidden = form_of(client, link)
    client.post(page.request["PATH_INFO"], {**hidden, **GOOD, "q-mode": "covoiturage", "action": "submit"})
    assert "covoiturage" not in Response.objects.get().answers


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"q-mode": "hélicoptère"}, 400),
        ({"q-metier": "ZZZ99"}, 400),
        ({"q-idee": "x" * 6000}, 400),
        ({"q-salaire_exact": "2400"}, 400),
        ({"q-metier": ""}, 400),
        ({"version": "99"}, 400),
        ({"submission_key": "pas-une-clef"}, 400),
    ],
)
def test_bad_answers_store_nothing(client, link, change, status):
    page, hidden = form_of(client, link)
    response = client.post(page.request["PATH_INFO"], {**hidden, **GOOD, **change, "action": "submit"})
    assert response.status_code == status
    assert not Response.objects.exists() and not Draft.objects.exists()


def test_a_draft_is_resumed_on_the_same_device(client, link):
    page, hidden = form_of(client, link)
    client.post(page.request["PATH_INFO"], {**hidden, "q-distance": "27", "action": "draft"})
    assert Draft.objects.count() == 1 and not Response.objects.exists()
    assert 'value="27"' in client.get(page.request["PATH_INFO"]).content.decode()


def test_a_closed_campaign_takes_no_answer(client, link):
    page, hidden = form_of(client, link)
    Campaign.objects.filter(pk=link.campaign_id).update(closes_on=dt.date.today() - dt.timedelta(days=1))
    response = client.post(page.request["PATH_INFO"], {**hidden, **GOOD, "action": "submit"})
    assert response.status_code == 410 and not Response.objects.exists()
    assert client.get(reverse("consultation:answer", kwargs={"token": "inconnu"})).status_code == 404


def test_the_team_sees_results_only_from_five_answers(client, link):
    from tests.factories import MembershipFactory
    from tindus.accounts.models import Role

    territory = link.campaign.territory
    results_url = reverse("consultation_team:results", kwargs={"slug": territory.slug, "pk": link.campaign_id})
    export_url = reverse(
        "consultation_team:export", kwargs={"slug": territory.slug, "pk": link.campaign_id, "fmt": "csv"}
    )
    committee = MembershipFactory(territory=territory, role=Role.COMMITTEE).user
    team = MembershipFactory(territory=territory, role=Role.TEAM).user
    for n in range(5):
        respondent = client_class_for(client)
        page, hidden = form_of(respondent, link)
        idea = ["Plus de bus le matin vers la zone", "Des bus plus tôt le matin", "Un atelier de formation",
                "Former les jeunes au décolletage", "Des bus aussi le soir"][n]  # fmt: skip
        respondent.post(page.request["PATH_INFO"], {**hidden, **GOOD, "q-distance": str(10 + n), "q-idee": idea,
                                                    "action": "submit"})  # fmt: skip
        client.force_login(team)
        view = client.get(results_url)
        assert (view.context["shown"] is None) == (n < 4), n
        early = client.post(export_url.replace("/csv/", "/xlsx/"))
        assert early.status_code == 302 and (early["Location"] == results_url) == (n < 4)
        assert Job.objects.exists() == (n == 4)  # no export job before five answers
    mode = next(item for item, _chart, _t in view.context["charts"] if item["id"] == "mode")
    assert dict(mode["counts"])["voiture seul"] == 5
    distance = next(item for item, _chart, _t in view.context["charts"] if item["id"] == "distance")
    assert distance["mean"] == 12
    idea = next(themes for item, _chart, themes in view.context["charts"] if item["id"] == "idee")
    found, _loose = idea
    assert any({"bus"} <= {k.lower() for k in t.keywords} and t.count == 3 for t in found)
    client.force_login(team)
    export = run_job(client.post(export_url))
    assert export.author == team and export.result_filename == f"reponses-{link.campaign_id}.csv"
    content = result_bytes(export)
    lines = content.decode("utf-8-sig").splitlines()
    assert len(lines) == 6 and lines[0].startswith("public visé;secteur (A17);tranche d'effectifs;EPCI;version;mois")
    assert all(line.startswith("salariés;C5;50-99;242504116;1;") for line in lines[1:])  # the label, not the key
    assert link.token not in content.decode("utf-8-sig")
    client.force_login(committee)
    assert client.get(results_url).status_code == 403


def client_class_for(client):
    """A separate browser: its own cookies, so its own respondent token."""
    return type(client)()
