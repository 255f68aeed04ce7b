"""A leader's answer with consent becomes declarations of the synergies module, once; without consent,
nothing."""

import pytest

from tests.consultation.test_offered_declarations import answer, invitations  # noqa: F401 (a fixture)
from tindus.synergies import intake
from tindus.synergies.models import Declaration

pytestmark = pytest.mark.django_db


def test_a_consenting_answer_becomes_declarations_once(client, invitations, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, invitations[0], "oui")
        answer(client, invitations[1], "non")
    rows = list(Declaration.objects.order_by("category"))
    assert {(d.siret, d.direction, d.category, d.ewc) for d in rows} == {
        (invitations[0].siret, "resource", "energie", ""),
        (invitations[0].siret, "resource", "matieres", "120101"),
    }
    assert all(d.origin == "consultation" and d.confidentiality == "facilitators" for d in rows)
    assert rows[0].text == "copeaux d'acier, 20 t par an"
    # taking the territory's offered declarations again adds nothing
    assert intake.take(invitations[0].campaign.territory) == 0
    assert Declaration.objects.count() == 2


def test_the_team_takes_answers_given_before(client, invitations):  # noqa: F811
    answer(client, invitations[0], "oui")  # no on-commit callbacks run: the signal is missed
    assert not Declaration.objects.exists()
    assert intake.take(invitations[0].campaign.territory) == 2
    assert Declaration.objects.filter(origin="consultation").count() == 2
