"""The official Territoires d'industrie, keyed on (wave, id): the seed territories as the brief states them."""

import pytest

from tindus.territories.models import Groupement, Territory

pytestmark = pytest.mark.django_db


def test_haut_doubs_horloger_perimeter(haut_doubs):
    assert haut_doubs.name == "Haut-Doubs Horloger"
    assert (haut_doubs.commune_count, haut_doubs.population) == (187, 98398)
    assert haut_doubs.communes.count() == 187
    epci = set(haut_doubs.groupements.filter(nature=Groupement.Nature.EPCI).values_list("siren", flat=True))
    assert epci == {"242504116", "242504355", "200023075", "242504181", "200068070"}
    assert [d.code for d in haut_doubs.departements()] == ["25"]
    assert [r.name for r in haut_doubs.regions()] == ["Bourgogne-Franche-Comté"]


def test_auxois_morvan_perimeter(auxois):
    assert (auxois.name, auxois.commune_count, auxois.population) == ("Auxois Morvan", 145, 38717)
    assert auxois.groupements.count() == 4


def test_ids_are_reused_across_waves_so_territories_key_on_wave_and_id():
    wave1 = Territory.objects.get(kind="official", wave=1, official_id="ti-2701")
    wave2 = Territory.objects.get(kind="official", wave=2, official_id="ti-2701")
    assert wave1.name == "Auxois Morvan"
    assert wave2.name == "Alliances Luxe et Précision Doubs"
    assert (wave2.commune_count, wave2.population) == (255, 294676)


def test_groupement_totals_add_up_to_the_territory(haut_doubs):
    groupements = list(haut_doubs.groupements.all())
    assert sum(g.commune_count for g in groupements) == haut_doubs.commune_count
    assert sum(g.population for g in groupements) == haut_doubs.population


def test_single_commune_groupements_are_kept():
    singles = Groupement.objects.filter(territory__wave=1, nature=Groupement.Nature.COMMUNE)
    assert singles.count() == 38
    assert all(g.commune_count == 1 for g in singles)
