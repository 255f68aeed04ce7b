"""Occupants proposed from a small geolocated warehouse, with real shapely: inside the zone or on a unit,
closed ones flagged, decisions already taken kept, the non-diffusible name left out."""

import datetime as dt

import pytest

from tindus.land.models import Occupant
from tindus.land.occupants import propose_occupants
from tindus.warehouse.queries import WarehouseUnavailableError, establishments_located_in

from .factories import (
    DEHORS,
    FERMEE,
    FORGE,
    PROTECTED,
    USINAGE,
    LandUnitFactory,
    OccupantFactory,
    ZoneFactory,
    located_warehouse,
    montbard_rows,
    square,
)


@pytest.fixture
def warehouse(db):
    return located_warehouse(montbard_rows())


def test_establishments_inside_the_zone_are_proposed_and_attached_to_their_unit(warehouse):
    zone = ZoneFactory()
    unit = LandUnitFactory(zone=zone)
    added, closed = propose_occupants(zone)
    assert (added, closed) == (4, 1)
    occupants = {o.siret: o for o in zone.occupants.all()}
    assert set(occupants) == {FORGE, USINAGE, FERMEE, PROTECTED}
    assert DEHORS not in occupants
    assert all(o.state == Occupant.State.PROPOSED for o in occupants.values())
    assert list(occupants[FORGE].units.all()) == [unit]
    assert not occupants[USINAGE].units.exists()
    assert occupants[FERMEE].active is False
    assert occupants[FERMEE].closed_on == dt.date(2022, 6, 30)
    assert occupants[FORGE].closed_on is None
    assert occupants[PROTECTED].name == ""
    assert occupants[FORGE].name == "FORGES DE MONTBARD"
    assert occupants[FORGE].longitude == pytest.approx(4.3413, abs=1e-3)
    assert occupants[FORGE].extra["geocodage_qualite"] == "localisation à la plaque adresse"
    assert occupants[FORGE].extra["etab_identif_date"] == dt.date.today().isoformat()


def test_a_second_proposal_adds_nothing_and_keeps_the_decisions(warehouse):
    zone = ZoneFactory()
    propose_occupants(zone)
    zone.occupants.filter(siret=USINAGE).update(state=Occupant.State.REJECTED)
    assert propose_occupants(zone) == (0, 0)
    assert zone.occupants.get(siret=USINAGE).state == Occupant.State.REJECTED
    assert zone.occupants.count() == 4


def test_an_occupant_entered_by_hand_is_refreshed_from_the_warehouse(warehouse):
    zone = ZoneFactory()
    OccupantFactory(zone=zone, siret=FERMEE, name="", state=Occupant.State.CONFIRMED)
    added, closed = propose_occupants(zone)
    assert (added, closed) == (3, 0)
    kept = zone.occupants.get(siret=FERMEE)
    assert (kept.state, kept.active, kept.name) == (Occupant.State.CONFIRMED, False, "TRÉFILERIE FERMÉE")


def test_a_zone_elsewhere_finds_nobody(warehouse):
    zone = ZoneFactory(geometry=square(lon=4.36, lat=47.68))
    assert propose_occupants(zone) == (0, 0)


def test_the_query_reads_only_the_box(warehouse):
    found = establishments_located_in(warehouse, (4.339, 47.629, 4.349, 47.636))
    assert {e.siret for e in found} == {FORGE, USINAGE, FERMEE, PROTECTED}
    closed = next(e for e in found if e.siret == FERMEE)
    assert (closed.active, closed.state_since) == (False, dt.date(2022, 6, 30))


def test_without_a_warehouse_the_proposal_says_so(db):
    with pytest.raises(WarehouseUnavailableError):
        propose_occupants(ZoneFactory())
