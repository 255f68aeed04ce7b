"""Factories of the land inventory (zones, land units, occupants, CFE statuses) and a warehouse of geolocated
establishments.

Geometries are built around a real place: :func:`square` gives a Lambert-93 square (GeoJSON) of ``side``
metres whose south-west corner is at (``lon``, ``lat``) degrees; :data:`MONTBARD` is a point in Montbard
(21425, Auxois Morvan, CC du Montbardois).
"""

from __future__ import annotations

import datetime as dt

import factory
from shapely.geometry import box, mapping

from tests.factories import siret
from tindus.land.compute.lambert93 import from_lambert93, to_lambert93
from tindus.territories.models import Territory

MONTBARD = (4.34, 47.63)  # lon, lat: inside Montbard's outline
MONTBARD_EPCI = ("242101491", "CC du Montbardois")


def corner(lon: float, lat: float) -> tuple[float, float]:
    x, y = to_lambert93(lon, lat)
    return float(x), float(y)


def square(lon: float = MONTBARD[0], lat: float = MONTBARD[1], side: float = 600.0, dx: float = 0, dy: float = 0):
    """A Lambert-93 square polygon (GeoJSON) of ``side`` metres, its south-west corner at (lon, lat) moved by
    (dx, dy) metres."""
    x, y = corner(lon, lat)
    return mapping(box(x + dx, y + dy, x + dx + side, y + dy + side))


def lonlat_at(dx: float, dy: float, lon: float = MONTBARD[0], lat: float = MONTBARD[1]) -> tuple[float, float]:
    """Degrees of the point (dx, dy) metres from (lon, lat) in Lambert-93."""
    x, y = corner(lon, lat)
    a, b = from_lambert93(x + dx, y + dy)
    return float(a), float(b)


def as_dict(geometry) -> dict:
    """A GeoJSON mapping with lists (as stored in a JSON field and read back)."""
    import json

    return json.loads(json.dumps(geometry))


class ZoneFactory(factory.django.DjangoModelFactory):
    """A 600 m square zone in Montbard (36 ha)."""

    class Meta:
        model = "land.Zone"

    territory = factory.LazyFunction(lambda: Territory.objects.get(kind="official", wave=1, official_id="ti-2701"))
    site_id = factory.Sequence(lambda n: f"{MONTBARD_EPCI[0]}-{n + 1}")
    site_nom = factory.Sequence(lambda n: f"ZA des Forges {n + 1}")
    site_vocadomi = "industrielle"
    site_surf_brute = 360000.0
    site_epci_siren, site_epci_nom = MONTBARD_EPCI
    site_comm_insee = "21425"
    site_comm_nom = "Montbard"
    site_moa_nom = "CC du Montbardois"
    site_identif_date = dt.date(2025, 3, 1)
    site_actu_date = dt.date(2025, 3, 1)
    geometry = factory.LazyFunction(lambda: as_dict(square()))


class LandUnitFactory(factory.django.DjangoModelFactory):
    """A 200 m square unit in the south-west corner of its zone (``dx``/``dy`` in metres move it)."""

    class Meta:
        model = "land.LandUnit"

    class Params:
        dx = 0.0
        dy = 0.0

    zone = factory.SubFactory(ZoneFactory)
    terr_id = factory.Sequence(lambda n: f"21425-T{n + 1}")
    terr_refcad = "21425000AB0012"
    terr_surf_brute = 40000.0
    terr_maitrise_fonc = "structure intercommunale"
    terr_stade_amngt = "viabilisé et aménagé"
    terr_stade_comm = "vendu, commercialisation achevée"
    terr_etat_occup = "occupé"
    terr_identif_date = dt.date(2025, 3, 1)
    terr_actu_date = dt.date(2025, 3, 1)
    owner_name = "SCI des Forges"
    owner_address = "1 rue de la Brenne, 21500 Montbard"
    geometry = factory.LazyAttribute(lambda o: as_dict(square(side=200, dx=o.dx, dy=o.dy)))


class OccupantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "land.Occupant"

    zone = factory.SubFactory(ZoneFactory)
    siret = factory.Sequence(lambda n: siret(f"{2142500000000 + n}"))
    name = factory.Sequence(lambda n: f"Forges {n}")
    naf = "25.62A"


class CfeStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "land.CfeStatus"

    unit = factory.SubFactory(LandUnitFactory)
    in_use = True
    evidence = "rôle de CFE 2025"


def located_warehouse(rows):
    """A test warehouse holding geolocated establishments: (siret, name, naf, active, state_since, lon, lat)
    each, in Montbard; an eighth item False makes the establishment non-diffusible."""
    from tindus.warehouse.reference import sync_reference
    from tindus.warehouse.services import get_warehouse

    warehouse = get_warehouse()
    sync_reference(warehouse)
    with warehouse.session() as con:
        for number, name, naf, active, since, lon, lat, *public in rows:
            con.execute(
                "INSERT INTO establishment (siret, siren, nic, commune, naf, size_band, active, state_since, name, "
                "public) VALUES (?, ?, ?, '21425', ?, '11', ?, ?, ?, ?)",
                [number, number[:9], number[9:], naf, active, since, name, public[0] if public else True],
            )
            con.execute(
                "INSERT INTO geolocation (siret, departement, longitude, latitude, geo_score, geo_type) "
                "VALUES (?, '21', ?, ?, 0.9, 'housenumber')",
                [number, lon, lat],
            )
    return warehouse


# Establishments around the default zone (600 m square at MONTBARD) and its default unit (its south-west
# 200 m): inside the unit, inside the zone only, closed inside the zone, outside the zone, and one whose
# identity INSEE does not disclose, inside the zone.
FORGE = siret("2142510000001")
USINAGE = siret("2142520000001")
FERMEE = siret("2142530000001")
DEHORS = siret("2142540000001")
PROTECTED = siret("2142550000001")


def montbard_rows():
    return [
        (FORGE, "FORGES DE MONTBARD", "24.10Z", True, None, *lonlat_at(100, 100)),
        (USINAGE, "USINAGE DE LA BRENNE", "25.62A", True, None, *lonlat_at(400, 450)),
        (FERMEE, "TRÉFILERIE FERMÉE", "24.34Z", False, dt.date(2022, 6, 30), *lonlat_at(500, 100)),
        (DEHORS, "BOULANGERIE DU CENTRE", "10.71C", True, None, *lonlat_at(900, 900)),
        (PROTECTED, "M. DUPONT", "43.22A", True, None, *lonlat_at(300, 500), False),
    ]
