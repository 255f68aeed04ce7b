"""An open campaign on Auxois Morvan and a small SIRENE fabric, shared by the consultation tests."""

import datetime as dt

import pytest

from tests.factories import sirene_establishments, siret
from tindus.consultation.compute import ready_made
from tindus.consultation.models import Campaign, Questionnaire
from tindus.consultation.services import save_schema

# Montbard and Semur-en-Auxois are in the Auxois territory; Pontarlier (Haut-Doubs) is not.
ESTABLISHMENTS = [
    (siret("1000000100001"), "21425", "25.62A", "12", "USINAGE DE MONTBARD"),
    (siret("1000000200001"), "21425", "24.10Z", "42", "ACIÉRIE DE MONTBARD"),
    (siret("1000000300001"), "21603", "10.71A", "03", "BOULANGERIE DE SEMUR"),
    (siret("1000000400001"), "21603", "25.62A", "NN", "ATELIER SANS SALARIÉ"),
    (siret("1000000500001"), "25462", "25.62A", "21", "DÉCOLLETAGE DE PONTARLIER"),
]
USINAGE, ACIERIE, BOULANGERIE, SANS_SALARIE, PONTARLIER = (e[0] for e in ESTABLISHMENTS)

AUDIENCES = {
    "employees": ("Salariés", "Consultation des salariés", ready_made.employees),
    "leaders": ("Dirigeants", "Consultation des dirigeants", ready_made.leaders),
}


@pytest.fixture
def sirene(db):
    return sirene_establishments(ESTABLISHMENTS)


@pytest.fixture
def audience():
    """Whom the campaign consults; a module overrides it (``leaders``) to consult business leaders."""
    return "employees"


@pytest.fixture
def campaign(auxois, audience):
    """A campaign of the ready-made questionnaire, opened yesterday for a month."""
    name, title, schema = AUDIENCES[audience]
    questionnaire = Questionnaire.objects.create(territory=auxois, title=name, audience=audience)
    save_schema(questionnaire, schema())
    today = dt.date.today()
    return Campaign.objects.create(
        territory=auxois, questionnaire=questionnaire, title=title,
        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30),
    )  # fmt: skip
