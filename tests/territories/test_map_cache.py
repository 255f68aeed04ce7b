"""A territory's perimeter map is drawn once per process for what it shows (name, communes, EPCI, language): the
page read by many does not redraw it, and a changed perimeter or name is drawn again at once."""

import pytest
from django.utils import translation

from tests.factories import CustomTerritoryFactory
from tindus.territories import maps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    maps._maps.clear()
    yield
    maps._maps.clear()


def test_a_map_drawn_again_reads_no_outline(haut_doubs, django_assert_num_queries):
    first = maps.perimeter_map(haut_doubs)
    assert first["communes_drawn"] > 100
    with django_assert_num_queries(2):  # the communes and EPCI that make the key, no outline
        assert maps.perimeter_map(haut_doubs) is first


def test_a_changed_perimeter_name_or_language_is_drawn_again(haut_doubs):
    communes = list(haut_doubs.communes.order_by("code")[:5])
    custom = CustomTerritoryFactory(name="Plateau horloger", cog_vintage=communes[0].vintage)
    custom.communes.set(communes[:2])
    small = maps.perimeter_map(custom)
    custom.communes.set(communes)
    large = maps.perimeter_map(custom)
    assert (small["communes_drawn"], large["communes_drawn"]) == (2, 5)
    custom.name = "Plateau du Doubs"
    custom.save()
    assert "Plateau du Doubs" in maps.perimeter_map(custom)["svg"]
    with translation.override("en"):
        english = maps.perimeter_map(custom)["svg"]
    assert "Perimeter of Plateau du Doubs" in english
    assert "Perimeter of" not in maps.perimeter_map(custom)["svg"]
