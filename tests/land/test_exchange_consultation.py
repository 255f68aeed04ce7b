"""The consultation's question block on land needs: added once to a questionnaire, answers of invited
establishments taken as land needs once each."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import signed_in
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Invitation, Questionnaire, Response
from tindus.consultation.services import new_token, save_schema
from tindus.land.exchange_consultation import IDS, SECTION_ID, has_block, need_from_answers
from tindus.land.models import LandNeed

pytestmark = pytest.mark.django_db


def test_the_team_adds_the_block_and_takes_the_answers(territory, team):
    questionnaire = Questionnaire.objects.create(territory=territory, title="Dirigeants", audience="leaders")
    save_schema(questionnaire, ready_made.leaders())
    browser = signed_in(team)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("land:needs_consultation", kwargs={"slug": territory.slug})
    assert browser.get(url).status_code == 200
    browser.post(url, {"questionnaire": questionnaire.pk})
    browser.post(url, {"questionnaire": questionnaire.pk})
    version = questionnaire.current_version()
    assert has_block(version.as_schema())
    assert sum(1 for s in version.as_schema().sections if s.id == SECTION_ID) == 1
    year = {"opens_on": datetime.date(2026, 1, 1), "closes_on": datetime.date(2026, 12, 31)}
    campaign = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title="C", **year)
    invitation = Invitation.objects.create(campaign=campaign, token=new_token(), siret="90000000100009",
                                           name="Forge de l'Auxois", segments={})  # fmt: skip
    answers = {IDS["besoin"]: "des locaux (bâtiment)", IDS["transaction"]: "louer", IDS["surface"]: 1200,
               IDS["budget"]: 60000, IDS["commune"]: "21425",
               IDS["services"]: ["fibre optique", "accès poids lourds"]}  # fmt: skip
    Response.objects.create(campaign=campaign, version=version, submission_key=uuid.uuid4(), answers=answers,
                            submitted_on=datetime.date(2026, 3, 2), invitation=invitation)  # fmt: skip
    take = reverse("land:needs_from_consultation", kwargs={"slug": territory.slug})
    browser.post(take)
    browser.post(take)
    need = LandNeed.objects.get(territory=territory)
    assert (need.origin, need.kind, need.transaction, need.surface_min, need.budget_max) == (
        "consultation", "premises", "rent", 1200.0, 60000.0,
    )  # fmt: skip
    assert (need.communes, need.services, need.siret) == (["21425"], ["fibre", "heavy_goods"], "90000000100009")


def test_an_answer_asking_nothing_or_without_surface_gives_no_need():
    assert need_from_answers({IDS["besoin"]: "non"}) is None
    assert need_from_answers({IDS["besoin"]: "un terrain"}) is None
    need = need_from_answers({IDS["besoin"]: "un terrain", IDS["surface"]: "5000"})
    assert (need["kind"], need["transaction"], need["budget_max"], need["communes"]) == ("plot", "either", None, [])
