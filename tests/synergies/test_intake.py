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


def test_an_answer_of_an_unnamed_establishment_is_named_after_its_company(auxois, sirene):
    import datetime as dt

    from tindus.consultation.offered_declarations import Declaration as Answer
    from tindus.consultation.offered_declarations import OfferedDeclaration

    from .conftest import SCIERIE

    with sirene.session() as con:
        con.execute("UPDATE establishment SET name = NULL WHERE siret = ?", [SCIERIE])
        con.execute("INSERT INTO legal_unit (siren, name) VALUES (?, 'SCIERIES RÉUNIES')", [SCIERIE[:9]])
    answer = Answer("resource", "coproduits ou déchets", "sciure", codes=("03 01 05", "16 06 01*", "99"))
    offered = OfferedDeclaration(answer, SCIERIE, "", 1, "a1", dt.date(2024, 5, 1))
    assert intake.take(auxois, [offered]) == 2
    rows = Declaration.objects.order_by("ewc")
    assert [(d.company_name, d.ewc, d.hazardous) for d in rows] == [
        ("SCIERIES RÉUNIES", "030105", False),
        ("SCIERIES RÉUNIES", "160601", True),
    ]
