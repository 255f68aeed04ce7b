"""The consultation's question block on recruitment needs: added to a leaders' questionnaire by the team, its
answers from invited establishments taken as local needs, each answer and job once."""

import datetime
import uuid

import pytest
from django.urls import reverse

from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Invitation, Questionnaire, Response
from tindus.consultation.services import new_token, save_schema
from tindus.employment.consultation_block import IDS, has_block, needs_from_answers
from tindus.employment.models import LocalNeed

from .conftest import in_english

pytestmark = pytest.mark.django_db


def test_the_team_adds_the_block_and_takes_the_answers(territory, team):
    questionnaire = Questionnaire.objects.create(territory=territory, title="Dirigeants", audience="leaders")
    save_schema(questionnaire, ready_made.leaders())
    browser = in_english(team)
    url = reverse("employment:consultation", kwargs={"slug": territory.slug})
    browser.post(url, {"questionnaire": questionnaire.pk})
    version = questionnaire.current_version()
    assert has_block(version.as_schema())  # checked like any questionnaire by save_schema
    browser.post(url, {"questionnaire": questionnaire.pk})
    assert sum(1 for s in questionnaire.current_version().as_schema().sections if s.id == "besoins_recrutement") == 1
    year = {"opens_on": datetime.date(2026, 1, 1), "closes_on": datetime.date(2026, 12, 31)}
    campaign = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title="C", **year)
    invitation = Invitation.objects.create(campaign=campaign, token=new_token(), siret="35600000000048",
                                           name="Usinage du Saugeais", segments={})  # fmt: skip
    answers = {IDS["metiers"]: ["H2903", "H2912"], IDS["postes"]: 4, IDS["echeance"]: "d'ici 6 mois",
               IDS["difficulte"]: "très forte", IDS["raisons"]: ["pas assez de candidats"]}  # fmt: skip
    Response.objects.create(campaign=campaign, version=version, submission_key=uuid.uuid4(), answers=answers,
                            submitted_on=datetime.date(2026, 3, 2), invitation=invitation)  # fmt: skip
    take = reverse("employment:consultation_take", kwargs={"slug": territory.slug})
    browser.post(take)
    needs = LocalNeed.objects.filter(territory=territory).order_by("rome")
    assert [(n.rome, n.count, n.horizon, n.difficulty, n.siret, n.origin) for n in needs] == [
        ("H2903", 2, 6, "very_strong", "35600000000048", "consultation"),
        ("H2912", 2, 6, "very_strong", "35600000000048", "consultation"),
    ]
    browser.post(take)
    assert LocalNeed.objects.count() == 2  # each answer and job once


def test_an_answer_without_a_job_gives_no_need():
    assert needs_from_answers({IDS["postes"]: 3}) == []
    assert needs_from_answers({IDS["metiers"]: ["H2903"]})[0]["count"] == 1
