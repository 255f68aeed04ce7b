"""A small Auxois industrial fabric in the warehouse; the company client is the sawmill's."""

import pytest

from tests.factories import sirene_establishments, siret

# Montbard (21425), Semur-en-Auxois (21603) and Venarey-les-Laumes (21663) are in the Auxois territory;
# Pontarlier (25462, Haut-Doubs) is not.
ESTABLISHMENTS = [
    (siret("2000000100001"), "21425", "16.10A", "12", "SCIERIE DE MONTBARD"),
    (siret("2000000200001"), "21603", "16.21Z", "21", "PANNEAUX DE SEMUR"),
    (siret("2000000300001"), "21425", "25.62A", "12", "USINAGE DE MONTBARD"),
    (siret("2000000400001"), "21663", "24.10Z", "32", "ACIÉRIE DES LAUMES"),
    (siret("2000000500001"), "21603", "10.71A", "03", "BOULANGERIE DE SEMUR"),
    (siret("2000000600001"), "25462", "25.62A", "21", "DÉCOLLETAGE DE PONTARLIER"),
]
SCIERIE, PANNEAUX, USINAGE, ACIERIE, BOULANGERIE, PONTARLIER = (e[0] for e in ESTABLISHMENTS)


@pytest.fixture
def sirene(db):
    return sirene_establishments(ESTABLISHMENTS)


@pytest.fixture
def company_siret():
    """The company representative of these tests speaks for the sawmill."""
    return SCIERIE
