import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import CustomTerritoryFactory
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Invitation, Questionnaire
from tindus.consultation.offered_declarations import (
    Declaration,
    declarations_from_answers,
    declarations_offered,
    offered_declarations,
)
from tindus.consultation.services import new_token, save_schema

pytestmark = pytest.mark.django_db

OFFER = {"offre": ["coproduits ou déchets", "chaleur ou énergie"], "dechets": ["120101"],
         "offre_detail": "copeaux d'acier, 20 t par an", "besoin": ["formation"],
         "besoin_detail": "soudeurs"}  # fmt: skip


def test_declarations_from_a_leaders_answer():
    found = declarations_from_answers(ready_made.leaders(), {**OFFER, "consentement": "oui"})
    assert found == [
        Declaration("resource", "coproduits ou déchets", "copeaux d'acier, 20 t par an", ("120101",)),
        Declaration("resource", "chaleur ou énergie", "copeaux d'acier, 20 t par an", ()),
        Declaration("need", "formation", "soudeurs", ()),
    ]
    assert declarations_from_answers(ready_made.leaders(), {"recrute": "forte"}) == []


@pytest.fixture
def invitations():
    territory = CustomTerritoryFactory()
    questionnaire = Questionnaire.objects.create(territory=territory, title="Dirigeants", audience="leaders")
    save_schema(questionnaire, ready_made.leaders())
    today = dt.date.today()
    campaign = Campaign.objects.create(territory=territory, questionnaire=questionnaire, title="Dirigeants",
                                       opens_on=today, closes_on=today + dt.timedelta(days=9))  # fmt: skip
    return [Invitation.objects.create(campaign=campaign, token=new_token(), siret=f"1000000{n}000015"[:14],
                                      name=f"ENTREPRISE {n}", segments={}) for n in range(2)]  # fmt: skip


def answer(client, invitation, consent):
    url = reverse("consultation:invitation", kwargs={"token": invitation.token})
    html = client.get(url).content.decode()
    data = {"version": re.search(r'name="version" value="(\d+)"', html).group(1),
            "submission_key": re.search(r'name="submission_key" value="([0-9a-f-]+)"', html).group(1),
            "q-recrute": "aucune", "q-consentement": consent, "q-offre": OFFER["offre"], "q-dechets": "120101",
            "q-offre_detail": OFFER["offre_detail"], "action": "submit"}  # fmt: skip
    assert client.post(url, data).status_code == 302


def test_only_consenting_leaders_are_offered_to_synergies(client, invitations, django_capture_on_commit_callbacks):
    received = []
    handler = lambda sender, declarations, response, **kw: received.append((response.invitation, declarations))  # noqa: E731
    declarations_offered.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            answer(client, invitations[0], "non")
            answer(client.__class__(), invitations[1], "oui")
    finally:
        declarations_offered.disconnect(handler)
    territory = invitations[0].campaign.territory_id
    offered = offered_declarations(territory)
    assert {o.siret for o in offered} == {invitations[1].siret}
    assert [o.declaration.category for o in offered] == ["coproduits ou déchets", "chaleur ou énergie"]
    assert offered[0].declaration.codes == ("120101",)
    assert [(i, [d.category for d in ds]) for i, ds in received] == [
        (invitations[1], ["coproduits ou déchets", "chaleur ou énergie"])
    ]
