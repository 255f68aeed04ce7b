"""The model's relations and the rules beyond the Table Schema (the issue's « Bad input »)."""

import dataclasses
import datetime as dt

import pytest
from shapely.geometry import Polygon, box

from tindus.land.compute.inventory import LandUnit, check

from .builders import TODAY, X, Y, small_inventory


def test_the_relations_of_the_model():
    inventory = small_inventory()
    assert [u.terr_id for u in inventory.units_of("21231_SITE-ECO_00001")] == [
        f"21231_TERRAIN-ECO_0010{n}" for n in range(1, 5)
    ]
    on_101 = inventory.establishments_on("21231_TERRAIN-ECO_00101")
    assert len(on_101) == 2  # several establishments on one unit
    spread = inventory.establishments[2]
    assert inventory.establishments_on("21231_TERRAIN-ECO_00103") == [spread]  # one SIRET on several units
    assert inventory.establishments_on("21231_TERRAIN-ECO_00102") == [spread]
    assert inventory.occupancy("21231_TERRAIN-ECO_00104").state == "vacated"
    assert check(inventory, today=TODAY) == []


def test_a_unit_partly_left_is_partly_vacant():
    inventory = small_inventory()
    inventory.establishments[1].etab_actif = "non"
    occupancy = inventory.occupancy("21231_TERRAIN-ECO_00101")
    assert occupancy.state == "partly vacant"
    assert occupancy.closed == (inventory.establishments[1].siret,)


def problems_after(change, today=TODAY):
    inventory = small_inventory()
    change(inventory)
    return [(p.layer, p.feature, p.field) for p in check(inventory, today=today)]


def test_a_siret_failing_luhn_is_named():
    def change(inventory):
        inventory.establishments[0].siret = inventory.establishments[0].siret[:-1] + "9"

    found = problems_after(change)
    assert found[0][0] == "ETABLISSEMENT" and found[0][2] == "SIRET"


@pytest.mark.parametrize("surface", [0.0, -2.5])
def test_a_surface_of_zero_or_below_is_named(surface):
    def change(inventory):
        inventory.units[1].terr_surf_brute = surface

    assert problems_after(change) == [("TERRAIN-ECO", "21231_TERRAIN-ECO_00102", "terr_surf_brute")]


def test_an_occupation_date_in_the_future_is_named():
    def change(inventory):
        inventory.establishments[0].etab_creation_date = TODAY + dt.timedelta(days=1)
        inventory.units[0].terr_cession_date = dt.date(2030, 1, 1)

    assert set(problems_after(change)) == {
        ("ETABLISSEMENT", small_inventory().establishments[0].siret, "etab_creation_date"),
        ("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "terr_cession_date"),
    }


def test_a_self_intersecting_unit_is_named_with_the_reason():
    bowtie = Polygon([(X + 10, Y + 10), (X + 100, Y + 100), (X + 100, Y + 10), (X + 10, Y + 100)])

    def change(inventory):
        inventory.units[0].geometry = bowtie

    inventory = small_inventory()
    change(inventory)
    problems = check(inventory, today=TODAY)
    assert [(p.feature, p.field) for p in problems] == [("21231_TERRAIN-ECO_00101", "geom")]
    assert "Self-intersection" in problems[0].describe()


def test_a_unit_outside_its_zone_is_named_beyond_the_tolerance_only():
    def slightly(inventory):
        inventory.units[0].geometry = box(X - 0.5, Y + 10, X + 100, Y + 100)  # 0.5 m over: within 1 m

    def outside(inventory):
        inventory.units[0].geometry = box(X - 50, Y + 10, X + 100, Y + 100)

    assert problems_after(slightly) == []
    assert problems_after(outside) == [("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "geom")]


def test_dangling_references_and_duplicates_are_named():
    def change(inventory):
        inventory.units.append(dataclasses.replace(inventory.units[0]))
        inventory.establishments[0].terr_id = "21231_TERRAIN-ECO_09999"

    found = problems_after(change)
    assert ("TERRAIN-ECO", "21231_TERRAIN-ECO_00101", "terr_id") in found
    assert ("ETABLISSEMENT", small_inventory().establishments[0].siret, "terr_id") in found


def test_a_geometry_in_degrees_is_outside_lambert93():
    def change(inventory):
        inventory.zones[1].geometry = box(5.0, 47.3, 5.1, 47.4)

    assert ("SITE-ECO", "21231_SITE-ECO_00002", "geom") in problems_after(change)


def test_the_classes_carry_every_field_of_the_standard():
    names = {f.name for f in dataclasses.fields(LandUnit)}
    assert {"terr_id", "terr_refcad", "terr_etat_occup", "terr_m2_prix", "geometry"} <= names
    assert len(names) == 19  # 18 attributes + the geometry, as the TERRAIN-ECO schema's 19 fields
