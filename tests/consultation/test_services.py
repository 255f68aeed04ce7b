import datetime as dt
import uuid

import pytest

from tests.factories import CustomTerritoryFactory
from tindus.consultation.compute import ready_made
from tindus.consultation.compute.answers import check_answers
from tindus.consultation.compute.schema import Question, Section
from tindus.consultation.compute.schema import Questionnaire as Schema
from tindus.consultation.models import Campaign, Draft, Questionnaire, Response, UsedToken
from tindus.consultation.services import (
    SubmissionRefusedError,
    load_draft,
    new_token,
    save_draft,
    save_schema,
    submit,
    token_used,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def campaign():
    territory = CustomTerritoryFactory()
    questionnaire = Questionnaire.objects.create(territory=territory, title="Salariés", audience="employees")
    save_schema(questionnaire, ready_made.employees())
    return Campaign.objects.create(territory=territory, questionnaire=questionnaire, title="Printemps 2026",
                                   opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 4, 30))  # fmt: skip


def answer(campaign, token, key=None, day=TODAY):
    version = campaign.questionnaire.current_version()
    checked = check_answers(version.as_schema(), {"metier": "H2903", "mode": "vélo ou à pied"}, {"rome": {"H2903"}})
    return submit(
        campaign, version, checked, key or uuid.uuid4(), {"epci": "242504116"}, respondent_token=token, today=day
    )


def test_ready_made_questionnaires_are_consistent():
    for make in (ready_made.leaders, ready_made.employees):
        schema = make()
        schema.check()
        assert Schema.from_dict(schema.to_dict()) == schema
    types = {q.type for q in ready_made.leaders().questions()}
    assert {"rome", "ewc", "multiple_choice", "number", "scale"} <= types
    assert {"matrix", "commune", "rome"} <= {q.type for q in ready_made.employees().questions()}


def test_a_change_after_answers_makes_a_new_version(campaign):
    questionnaire = campaign.questionnaire
    first = questionnaire.current_version()
    assert save_schema(questionnaire, ready_made.employees()).pk == first.pk  # no answer yet: edited in place
    answer(campaign, new_token())
    changed = Schema("Salariés", (Section("s", "S", (Question("q", "short_text", "Q"),)),), audience="employees")
    second = save_schema(questionnaire, changed)
    assert second.number == 2 and first.responses.count() == 1 and not second.responses.exists()


def test_a_retried_submission_is_one_answer(campaign):
    key = uuid.uuid4()
    token = new_token()
    first = answer(campaign, token, key)
    again = answer(campaign, token, key)
    assert not first.duplicate and again.duplicate and again.response_id == first.response_id
    assert Response.objects.count() == 1


def test_one_answer_per_token_and_closed_campaigns(campaign):
    token = new_token()
    save_draft(campaign, token, {"metier": "H2903"})
    assert load_draft(campaign, token) == {"metier": "H2903"}
    answer(campaign, token)
    assert token_used(campaign, token) and not Draft.objects.exists()
    with pytest.raises(SubmissionRefusedError):
        answer(campaign, token)
    with pytest.raises(SubmissionRefusedError):
        answer(campaign, new_token(), day=dt.date(2026, 5, 1))
    assert Response.objects.count() == 1


def test_nothing_links_a_token_to_an_answer(campaign):
    token = new_token()
    receipt = answer(campaign, token)
    response = Response.objects.get()
    stored = {f.name: getattr(response, f.name) for f in Response._meta.fields}
    assert response.pk == receipt.response_id and isinstance(response.pk, uuid.UUID)
    assert token not in str(stored) and UsedToken.objects.get().digest not in str(stored)
    assert response.submitted_on == TODAY  # a day, not a time
    assert {f.name for f in UsedToken._meta.fields} == {"digest", "campaign"}  # no date, no sequence
    assert not any(f.related_model is Response for f in UsedToken._meta.get_fields())
