"""Personal data of a consultation go TINDUS_CONSULTATION_RETENTION_DAYS after it closes, by a daily task;
leaders' answers stay without their establishment, employees' anonymous answers are untouched."""

import datetime as dt
import uuid

import pytest

from tests.jobs.inprocess import run_queue
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Draft, Invitation, Questionnaire, Response
from tindus.consultation.retention import purge_personal_data
from tindus.consultation.services import new_token, save_schema
from tindus.consultation.tasks import purge_consultation_data
from tindus.jobs.periodic import enqueue_due, registered

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def campaign(territory, audience, closes_on):
    schema = ready_made.leaders() if audience == "leaders" else ready_made.employees()
    questionnaire = Questionnaire.objects.create(territory=territory, title=audience, audience=audience)
    version = save_schema(questionnaire, schema)
    made = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title=f"{audience} {closes_on}",
                                   opens_on=closes_on - dt.timedelta(days=30), closes_on=closes_on)  # fmt: skip
    invitation = None
    if audience == "leaders":
        invitation = Invitation.objects.create(campaign=made, token=new_token(), siret="35600000000048",
                                               name="Scierie du Haut-Doubs", email="dir@scierie.fr",
                                               segments={"a17": "C1"})  # fmt: skip
    Response.objects.create(campaign=made, version=version, submission_key=uuid.uuid4(), answers={"idee": "Un bus"},
                            segments={"audience": audience, "a17": "C1"}, submitted_on=closes_on,
                            invitation=invitation)  # fmt: skip
    Draft.objects.create(digest=uuid.uuid4().hex, campaign=made, answers={"idee": "À fin"}, saved_on=closes_on)
    return made


def test_personal_data_go_after_the_retention_and_answers_stay(auxois, settings):
    settings.TINDUS_CONSULTATION_RETENTION_DAYS = 365
    old_leaders = campaign(auxois, "leaders", TODAY - dt.timedelta(days=366))
    old_employees = campaign(auxois, "employees", TODAY - dt.timedelta(days=400))
    recent_leaders = campaign(auxois, "leaders", TODAY - dt.timedelta(days=364))
    employees_answer = Response.objects.get(campaign=old_employees)
    counts = purge_personal_data(TODAY)
    assert counts["invitations"] == 1 and counts["drafts"] == 2
    # The old leaders' campaign: no establishment, e-mail or personal link left; its answer kept, unlinked.
    assert not Invitation.objects.filter(campaign=old_leaders).exists()
    leader_answer = Response.objects.get(campaign=old_leaders)
    assert leader_answer.invitation is None and leader_answer.answers == {"idee": "Un bus"}
    assert not Draft.objects.filter(campaign__in=[old_leaders, old_employees]).exists()
    # The employees' anonymous answer is untouched; the recent campaign keeps everything.
    assert Response.objects.get(campaign=old_employees) == employees_answer
    assert Response.objects.get(campaign=old_employees).answers == employees_answer.answers
    assert Invitation.objects.get(campaign=recent_leaders).email == "dir@scierie.fr"
    assert Draft.objects.filter(campaign=recent_leaders).exists()
    assert purge_personal_data(TODAY) == {**counts, "invitations": 0, "drafts": 0}  # nothing twice


def test_the_purge_is_a_daily_task_of_the_queue(auxois, settings):
    settings.TINDUS_CONSULTATION_RETENTION_DAYS = 0
    campaign(auxois, "leaders", dt.date.today() - dt.timedelta(days=1))
    name = purge_consultation_data.module_path
    assert {entry.name: entry.every for entry in registered()}[name] == dt.timedelta(days=1)
    assert name in enqueue_due()
    run_queue()
    assert not Invitation.objects.exists() and Response.objects.count() == 1
