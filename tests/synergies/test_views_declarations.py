"""Declaring resources and needs through the pages: checked at the field, nothing saved on error, and
each declaration meets the complementary ones of other companies, with the reasons."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.synergies.models import Declaration, Opportunity, Status

from .conftest import ACIERIE, PANNEAUX, PONTARLIER, SCIERIE, USINAGE

pytestmark = pytest.mark.django_db


def url(territory, name="declarations", **kwargs):
    return reverse(f"synergies:{name}", kwargs={"slug": territory.slug, **kwargs})


def form(**values):
    data = {"siret": SCIERIE, "direction": "resource", "category": "matieres", "text": "Sciure et copeaux de bois",
            "ewc": "030105", "rome": "", "equipment": "", "quantity": "40", "unit": "t", "frequency": "mensuel",
            "state": "solide", "temperature_c": "", "confidentiality": "territory"}  # fmt: skip
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_the_team_declares_for_a_company_of_the_territory(team_client, sirene, auxois):
    response = team_client.post(url(auxois), form())
    declaration = Declaration.objects.get()
    assert response.status_code == 302 and response["Location"] == url(auxois, "declaration", pk=declaration.pk)
    assert (declaration.company_name, declaration.commune, declaration.naf) == (
        "SCIERIE DE MONTBARD",
        "21425",
        "16.10A",
    )
    assert declaration.quantity == 40 and declaration.origin == "team"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"ewc": "999999"}, "ewc", "« 999999 »"),
        ({"quantity": "-3"}, "quantity", "négative"),
        ({"unit": "m2"}, "unit", "ne convient pas"),
        ({"siret": PONTARLIER}, "siret", "n'est pas dans le territoire"),
        ({"ewc": "160601", "hazardous": None}, "hazardous", "déchet dangereux"),
        ({"category": "energie", "ewc": "030105", "unit": "MWh"}, "ewc", "que pour les matières"),
        ({"rome": "H29"}, "rome", "mal formé"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(team_client, sirene, auxois, values, field, words):
    response = team_client.post(url(auxois), form(**values))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Declaration.objects.exists()


def test_a_company_declares_only_for_itself(company_client, sirene, auxois):
    assert company_client.post(url(auxois), form(siret=USINAGE)).status_code == 400
    assert company_client.post(url(auxois), form()).status_code == 302
    assert Declaration.objects.get().origin == "company"
    other = Declaration.objects.create(territory=auxois, siret=USINAGE, company_name="USINAGE", commune="21425",
                                       direction="need", category="matieres", text="acier")  # fmt: skip
    page = company_client.get(url(auxois))
    assert "USINAGE" not in page.content.decode()
    assert company_client.get(url(auxois, "declaration", pk=other.pk)).status_code == 404


def declare(territory, siret, name, commune, direction, text, **fields):
    return Declaration.objects.create(territory=territory, siret=siret, company_name=name, commune=commune,
                                      direction=direction, category=fields.pop("category", "matieres"), text=text,
                                      **fields)  # fmt: skip


def test_a_need_meets_the_resources_of_others_with_reasons_and_is_followed(team_client, auxois):
    need = declare(auxois, PANNEAUX, "PANNEAUX DE SEMUR", "21603", "need", "sciure de bois pour panneaux",
                   ewc="030105", quantity=300, unit="t", frequency="annuel")  # fmt: skip
    offer = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "21425", "resource", "sciure et copeaux",
                    ewc="030105", quantity=25, unit="t", frequency="mensuel")  # fmt: skip
    declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "21663", "resource", "laitier d'aciérie", ewc="100202")
    response = team_client.get(url(auxois, "declaration", pk=need.pk))
    candidates = response.context["candidates"]
    assert [c.declaration for c in candidates] == [offer]
    reasons = " ".join(candidates[0].reasons)
    assert "km" in reasons and "03 01 05" in reasons
    assert team_client.post(url(auxois, "follow_match", pk=need.pk, other=offer.pk)).status_code == 302
    opportunity = Opportunity.objects.get()
    assert (opportunity.need, opportunity.offer, opportunity.status) == (need, offer, Status.PROPOSED)
    assert {c["siret"] for c in opportunity.companies} == {SCIERIE, PANNEAUX}
    team_client.post(url(auxois, "follow_match", pk=need.pk, other=offer.pk))
    assert Opportunity.objects.count() == 1  # followed once


def test_confidentiality_is_respected_for_companies(client, auxois):
    need = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "21425", "need", "chaleur basse température",
                   category="energie")  # fmt: skip
    declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "21663", "resource", "chaleur fatale basse température",
            category="energie", confidentiality="anonymous")  # fmt: skip
    declare(auxois, USINAGE, "USINAGE DE MONTBARD", "21425", "resource", "chaleur basse température compresseurs",
            category="energie", confidentiality="facilitators")  # fmt: skip
    client.force_login(MembershipFactory(territory=auxois, role=Role.COMPANY, company_siret=SCIERIE).user)
    shown = client.get(url(auxois, "declaration", pk=need.pk)).context["candidates"]
    assert [c.declaration.siret for c in shown] == [ACIERIE]
    assert shown[0].shown_name == "Entreprise anonyme"
    page = client.get(url(auxois, "declaration", pk=need.pk)).content.decode()
    assert "ACIÉRIE" not in page and "USINAGE" not in page
    client.force_login(MembershipFactory(territory=auxois, role=Role.TEAM).user)
    shown = client.get(url(auxois, "declaration", pk=need.pk)).context["candidates"]
    assert {c.shown_name for c in shown} == {"ACIÉRIE DES LAUMES", "USINAGE DE MONTBARD"}


def test_an_anonymous_company_is_named_once_both_sides_agree(client, auxois):
    need = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "21425", "need", "chaleur basse température",
                   category="energie")  # fmt: skip
    offer = declare(auxois, ACIERIE, "ACIÉRIE DES LAUMES", "21663", "resource", "chaleur fatale basse température",
                    category="energie", confidentiality="anonymous")  # fmt: skip
    sawmill = MembershipFactory(territory=auxois, role=Role.COMPANY, company_siret=SCIERIE).user
    steelworks = MembershipFactory(territory=auxois, role=Role.COMPANY, company_siret=ACIERIE).user
    client.force_login(sawmill)
    client.post(url(auxois, "follow_match", pk=need.pk, other=offer.pk))
    opportunity = Opportunity.objects.get()

    def shown():
        client.force_login(sawmill)
        return client.get(url(auxois, "declaration", pk=need.pk)).context["candidates"][0].shown_name

    client.post(url(auxois, "agree", pk=need.pk, opportunity=opportunity.pk))
    assert shown() == "Entreprise anonyme"
    client.force_login(steelworks)  # the other company cannot agree through someone else's declaration
    assert client.post(url(auxois, "agree", pk=need.pk, opportunity=opportunity.pk)).status_code == 404
    client.post(url(auxois, "agree", pk=offer.pk, opportunity=opportunity.pk))
    opportunity.refresh_from_db()
    assert opportunity.revealed and shown() == "ACIÉRIE DES LAUMES"
