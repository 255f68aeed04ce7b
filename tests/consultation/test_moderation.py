import csv
import datetime as dt
import io
import uuid

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from tests.factories import CustomTerritoryFactory, MembershipFactory
from tests.jobs.inprocess import result_bytes, run_job, started_job
from tindus.accounts.models import Role
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Questionnaire, Response, TextReview
from tindus.consultation.moderation import ReviewError, review
from tindus.consultation.services import save_schema
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db

IDEAS = ["Une navette depuis la gare", "Une crèche interentreprises", "Appelez-moi : Jean Dupont, 06 12 34 56 78",
         "Des formations en soudure", "Plus de covoiturage", "Un restaurant d'entreprise"]  # fmt: skip


@pytest.fixture
def campaign():
    territory = CustomTerritoryFactory()
    questionnaire = Questionnaire.objects.create(territory=territory, title="Salariés", audience="employees")
    version = save_schema(questionnaire, ready_made.employees())
    today = dt.date.today()
    campaign = Campaign.objects.create(
        territory=territory, questionnaire=questionnaire, title="Consultation des salariés",
        opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    for n, idea in enumerate(IDEAS):
        answers = {"metier": ["H2903"], "mode": "voiture seul" if n % 2 else "transport en commun", "idee": idea,
                   "commune": ["25462"] if n < 5 else ["25056"]}  # fmt: skip
        day = today - dt.timedelta(days=n)
        Response.objects.create(campaign=campaign, version=version, submission_key=uuid.uuid4(), answers=answers,
                                segments={"audience": "employees"}, submitted_on=day)  # fmt: skip
    return campaign


def url(name, campaign, **kwargs):
    return reverse(f"consultation_team:{name}", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk, **kwargs})


def member(client, campaign, role):
    client.force_login(MembershipFactory(territory=campaign.territory, role=role).user)
    return client


def answer_of(campaign, idea):
    return str(Response.objects.get(campaign=campaign, answers__idee=idea).pk)


def test_the_team_approves_and_withholds_free_answers(client, campaign):
    team = member(client, campaign, Role.TEAM)
    page = team.get(url("moderation", campaign)).content.decode()
    assert all(idea.replace("'", "&#x27;") in page for idea in IDEAS)
    assert "Réponses libres à modérer : 6" in team.get(url("results", campaign)).content.decode()
    decisions = {f"text:{answer_of(campaign, IDEAS[0])}|idee": "approved",
                 f"text:{answer_of(campaign, IDEAS[1])}|idee": "approved",
                 f"text:{answer_of(campaign, IDEAS[2])}|idee": "rejected"}  # fmt: skip
    assert team.post(url("moderation", campaign), decisions).status_code == 302
    assert TextReview.objects.filter(decision="approved").count() == 2
    pending = team.get(url("moderation", campaign)).content.decode()
    assert IDEAS[0] not in pending and IDEAS[3] in pending
    assert "Jean Dupont" in team.get(url("moderation", campaign) + "?show=rejected").content.decode()
    # A decision can be changed.
    team.post(url("moderation", campaign), {f"text:{answer_of(campaign, IDEAS[1])}|idee": "rejected"})
    assert TextReview.objects.filter(decision="approved").count() == 1


def test_forged_decisions_record_nothing(client, campaign):
    schema = campaign.questionnaire.current_version().as_schema()
    good = (answer_of(campaign, IDEAS[0]), "idee", "approved")
    for bad in [
        ("pas-un-uuid", "idee", "approved"),
        (str(uuid.uuid4()), "idee", "approved"),
        (answer_of(campaign, IDEAS[1]), "mode", "approved"),
        (answer_of(campaign, IDEAS[1]), "idee", "oui"),
    ]:
        with pytest.raises(ReviewError):
            review(campaign, schema, [good, bad])
    assert not TextReview.objects.exists()
    team = member(client, campaign, Role.TEAM)
    response = team.post(url("moderation", campaign), {f"text:{good[0]}|idee": "approved", "text:x|idee": "approved"},
                         follow=True)  # fmt: skip
    assert "rien n&#x27;a été enregistré" in response.content.decode() and not TextReview.objects.exists()


def test_published_results_show_approved_texts_only(client, campaign):
    review(
        campaign,
        campaign.questionnaire.current_version().as_schema(),
        [(answer_of(campaign, IDEAS[0]), "idee", "approved"), (answer_of(campaign, IDEAS[2]), "idee", "rejected")],
    )
    team = member(client, campaign, Role.TEAM)
    # Not published: only the team sees the published page, as a preview.
    assert 'id="not-published"' in team.get(url("published", campaign)).content.decode()
    committee = member(client.__class__(), campaign, Role.COMMITTEE)
    assert committee.get(url("published", campaign)).status_code == 404
    team.post(url("publish", campaign), {"published_to": "committee"})
    campaign.refresh_from_db()
    assert campaign.published_to == "committee"
    page = committee.get(url("published", campaign)).content.decode()
    assert IDEAS[0] in page and "Jean Dupont" not in page and IDEAS[3] not in page
    assert 'id="results-respondents"' in page and "6 répondants" in page
    assert member(client.__class__(), campaign, Role.PARTNER).get(url("published", campaign)).status_code == 403
    anonymous = client.__class__().get(url("published", campaign))
    assert anonymous.status_code == 302 and "/connexion/" in anonymous["Location"]
    team.post(url("publish", campaign), {"published_to": "public"})
    assert client.__class__().get(url("published", campaign)).status_code == 200
    assert team.post(url("publish", campaign), {"published_to": "partout"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.published_to == "public"


def read_csv(content: bytes):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_published_export_keeps_approved_texts_and_folds_rare_codes(client, campaign):
    review(campaign, campaign.questionnaire.current_version().as_schema(),
           [(answer_of(campaign, IDEAS[0]), "idee", "approved")])  # fmt: skip
    Campaign.objects.filter(pk=campaign.pk).update(published_to="public")
    # Published for everyone: a visitor's export is a shared job with a public page and file.
    job = run_job(client.get(url("published_export", campaign, fmt="csv")))
    assert job.is_shared and job.author is None and job.params == {"campaign": campaign.pk, "fmt": "csv",
                                                                   "published": True}  # fmt: skip
    download = client.get(reverse("shared_jobs:download", kwargs={"pk": job.pk}))
    rows = read_csv(b"".join(download.streaming_content))
    label = "Une idée pour l'industrie du territoire ?"
    assert sorted(r[label] for r in rows if r[label]) == [IDEAS[0]]
    communes = sorted(r["Votre commune de résidence"] for r in rows)
    assert communes == ["25462"] * 5 + ["autres"]  # Besançon was given once: not shown
    team = member(Client(), campaign, Role.TEAM)
    rows = read_csv(result_bytes(run_job(team.post(url("export", campaign, fmt="csv")))))
    assert len([r for r in rows if r[label]]) == 6 and "25056" in [r["Votre commune de résidence"] for r in rows]


def test_a_public_export_is_made_once_per_state_of_the_answers_and_forgotten_when_unpublished(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(published_to="public")
    first = run_job(client.get(url("published_export", campaign, fmt="xlsx")))
    assert first.status == "succeeded"
    assert started_job(Client().get(url("published_export", campaign, fmt="xlsx"))) == first  # the same file
    approved_text = [(answer_of(campaign, IDEAS[1]), "idee", "approved")]
    review(campaign, campaign.questionnaire.current_version().as_schema(), approved_text)
    second = run_job(client.get(url("published_export", campaign, fmt="xlsx")))
    assert second != first and second.status == "succeeded"  # a newly approved text: a new file
    team = member(Client(), campaign, Role.TEAM)
    team.post(url("publish", campaign), {"published_to": "committee"})
    assert not Job.objects.filter(shared_key__gt="").exists()
    assert client.get(reverse("shared_jobs:download", kwargs={"pk": second.pk})).status_code == 404
    assert not default_storage.exists(second.result_file.name)


def test_results_published_to_the_committee_are_exported_by_each_reader(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(published_to="committee")
    committee = member(Client(), campaign, Role.COMMITTEE)
    assert committee.get(url("published_export", campaign, fmt="csv")).status_code == 200  # a page, no job
    assert not Job.objects.exists()
    job = run_job(committee.post(url("published_export", campaign, fmt="csv")))
    assert not job.is_shared and job.author.memberships.get().role == Role.COMMITTEE
    assert len(read_csv(result_bytes(job))) == 6
    assert client.post(url("published_export", campaign, fmt="csv")).status_code == 302  # to the login page
    assert Job.objects.count() == 1
