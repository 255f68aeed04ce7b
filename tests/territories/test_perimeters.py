"""Custom territories drawn from EPCI and communes (COG 2026)."""

import pytest

from tindus.referentials.models import Commune, Epci
from tindus.territories.forms import CustomTerritoryForm
from tindus.territories.models import Territory
from tindus.territories.perimeters import PerimeterChoice, save_custom_territory

pytestmark = pytest.mark.django_db


def test_custom_territory_is_the_union_of_its_members():
    morteau = Epci.objects.get(vintage=2026, siren="242504116")
    dijon = Commune.objects.get(vintage=2026, code="21231", kind="commune-actuelle")
    territory = save_custom_territory("Morteau et Dijon", PerimeterChoice([morteau], [dijon]))
    expected_communes = morteau.communes.filter(kind="commune-actuelle").count() + 1
    assert territory.commune_count == expected_communes
    expected_population = sum(c.population for c in morteau.communes.filter(kind="commune-actuelle")) + dijon.population
    assert territory.population == expected_population
    assert territory.kind == "custom" and territory.slug == "morteau-et-dijon"


def test_a_commune_inside_a_chosen_epci_is_not_counted_twice():
    morteau_epci = Epci.objects.get(vintage=2026, siren="242504116")
    morteau = Commune.objects.get(vintage=2026, code="25411", kind="commune-actuelle")
    territory = save_custom_territory("Val", PerimeterChoice([morteau_epci], [morteau]))
    assert territory.commune_count == morteau_epci.communes.filter(kind="commune-actuelle").count()
    assert territory.groupements.count() == 1


def test_form_rejects_unknown_and_malformed_sirens_at_the_field():
    form = CustomTerritoryForm({"name": "X", "epci_sirens": "242504116\n123456789", "commune_codes": ""})
    assert not form.is_valid()
    assert "123456789" in form.errors["epci_sirens"][0]
    form = CustomTerritoryForm({"name": "X", "epci_sirens": "24250", "commune_codes": "99999"})
    assert not form.is_valid()
    assert "24250" in form.errors["epci_sirens"][0] and "99999" in form.errors["commune_codes"][0]


def test_form_requires_at_least_one_member():
    form = CustomTerritoryForm({"name": "Vide", "epci_sirens": "", "commune_codes": ""})
    assert not form.is_valid()
    assert form.non_field_errors()
    assert not Territory.objects.filter(name="Vide").exists()
