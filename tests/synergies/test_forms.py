"""The declaration form as people fill it: waste codes written as the list writes them, required fields that
say so, and companies offered by name."""

import re

import pytest
from django.urls import reverse

from tindus.synergies.models import Declaration

from .conftest import SCIERIE

pytestmark = pytest.mark.django_db


def url(territory, name="declarations", **kwargs):
    return reverse(f"synergies:{name}", kwargs={"slug": territory.slug, **kwargs})


def form(**values):
    data = {"siret": SCIERIE, "direction": "resource", "category": "matieres", "text": "Chutes de métal",
            "ewc": "", "rome": "", "equipment": "", "quantity": "", "unit": "", "frequency": "", "state": "",
            "temperature_c": "", "confidentiality": "territory"}  # fmt: skip
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("typed", "stored", "hazardous"),
    [
        ("12 01 03", "120103", False),
        ("120103", "120103", False),
        ("12\u00a001\u00a003", "120103", False),
        (" 12.01.03 ", "120103", False),
        ("16 06 01*", "160601", True),  # the star says the waste is hazardous
        ("16 06 01 *", "160601", True),
    ],
)
def test_a_waste_code_is_read_as_the_list_writes_it(team_client, sirene, auxois, typed, stored, hazardous):
    response = team_client.post(url(auxois), form(ewc=typed))
    assert response.status_code == 302, response.context["form"].errors
    declaration = Declaration.objects.get()
    assert (declaration.ewc, declaration.hazardous) == (stored, hazardous)
    edit = team_client.get(url(auxois, "declaration", pk=declaration.pk)).content.decode()
    shown = "16 06 01*" if hazardous else "12 01 03"
    assert re.search(rf'name="ewc" value="{re.escape(shown)}"', edit)  # shown back as the list writes it


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12 01 0", "malformed"),
        ("12 01 03 04", "malformed"),
        ("12 01 98", "unknown"),
        ("12 01 01*", "not_hazardous"),
    ],
)
def test_a_wrong_waste_code_is_refused_quoting_exactly_what_was_typed(team_client, sirene, auxois, typed, code):
    response = team_client.post(url(auxois), form(ewc=typed))
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()["ewc"]
    assert [e.code for e in errors] == [code]
    assert f"« {typed} »" in errors[0].message % errors[0].params
    assert f'value="{typed}"' in response.content.decode()  # nothing lost
    assert not Declaration.objects.exists()


def test_the_waste_code_field_holds_what_people_type(team_client, sirene, auxois):
    html = team_client.get(url(auxois)).content.decode()
    field = re.search(r'<input[^>]*name="ewc"[^>]*>', html).group(0)
    maxlength = int(re.search(r'maxlength="(\d+)"', field).group(1))
    assert maxlength >= len("16 06 01 *") and 'list="ewc-codes"' in field
    assert '<option value="16 06 01*">' in html  # the suggestions are written as the list writes them


def test_an_empty_declaration_says_which_fields_are_required(team_client, sirene, auxois):
    response = team_client.post(url(auxois), form(siret="", direction="", category="", text=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    for field in ("siret", "direction", "category"):
        assert errors[field] == ["Ce champ est obligatoire."], (field, errors[field])
    assert "inconnue" not in response.content.decode()
    assert not Declaration.objects.exists()


def test_a_company_picks_itself_by_name_commune_and_siret(company_client, sirene, auxois):
    html = company_client.get(url(auxois)).content.decode()
    option = re.search(rf'<option value="{SCIERIE}"[^>]*>([^<]*)</option>', html).group(1)
    assert "SCIERIE DE MONTBARD" in option and "Montbard" in option and SCIERIE in option
    assert option != SCIERIE
