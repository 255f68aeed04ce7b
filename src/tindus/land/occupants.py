"""Occupants of a zone proposed from the warehouse: the geolocated establishments (SIRENE) whose address falls
inside its perimeter, attached to the land units that contain their point.

The spatial test is the cores' (:func:`.compute.occupants.prefill`, one STRtree query); this module reads the
warehouse around the zone, projects the points to Lambert-93 and records the result as *proposed* occupants
for the team to confirm or reject. Decisions already taken are never undone: an establishment already listed
keeps its state; its name, activity and closure are refreshed from the warehouse. The standard's fields known
here are kept in the occupant's ``extra``: identification and update dates, geocoding quality.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely
from django.db import transaction
from shapely.geometry import shape

from tindus.warehouse.queries import LocatedEstablishment, establishments_located_in
from tindus.warehouse.services import get_warehouse

from .compute.lambert93 import to_lambert93, transform
from .compute.occupants import prefill
from .models import LandUnit, Occupant, Zone

# Degrees added around the zone's box when reading the warehouse (≈ 100 m): points on the outline count.
MARGIN_DEG = 0.001
ZONE_KEY = "zone"
# The geocoder's precision (SIRENE geolocation's geo_type) → the standard's « geocodage_qualite ».
GEOCODING = {
    "housenumber": "localisation à la plaque adresse",
    "street": "localisation à la rue (sans numéro)",
    "locality": "localisation au lieu-dit",
    "municipality": "localisation à la commune",
}


def lonlat_box(zone: Zone) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of the zone's perimeter, widened by :data:`MARGIN_DEG`."""
    west, south, east, north = transform(shape(zone.geometry), inverse=True).bounds
    return west - MARGIN_DEG, south - MARGIN_DEG, east + MARGIN_DEG, north + MARGIN_DEG


def found_in(zone: Zone, candidates: list[LocatedEstablishment], units: list[LandUnit]) -> dict[str, set[int]]:
    """SIRET → the pks of the units containing its point, for the candidates inside the zone or one of its
    units (a point on an outline counts)."""
    if not candidates:
        return {}
    keys = [ZONE_KEY] + [str(u.pk) for u in units]
    polygons = [shape(zone.geometry)] + [shape(u.geometry) for u in units]
    x, y = to_lambert93([c.longitude for c in candidates], [c.latitude for c in candidates])
    closed = np.array([not c.active for c in candidates], dtype=bool)
    proposal = prefill(keys, polygons, np.atleast_1d(x), np.atleast_1d(y), closed)
    inside: dict[str, set[int]] = {}
    for key, members in zip(proposal.polygon_ids, proposal.members, strict=True):
        for index in members:
            units_of = inside.setdefault(candidates[int(index)].siret, set())
            if key != ZONE_KEY:
                units_of.add(int(key))
    return inside


def propose_occupants(zone: Zone) -> tuple[int, int]:
    """Propose the warehouse's establishments located in ``zone``: returns (occupants added, of which closed).

    Raises :class:`tindus.warehouse.queries.WarehouseUnavailableError` when there is no warehouse.
    """
    candidates = establishments_located_in(get_warehouse(), lonlat_box(zone))
    units = list(zone.units.all())
    inside = found_in(zone, candidates, units)
    by_siret = {c.siret: c for c in candidates}
    existing = {o.siret: o for o in zone.occupants.all()}
    added = closed = 0
    today = dt.date.today().isoformat()
    with transaction.atomic():
        for siret in sorted(inside):
            record = by_siret[siret]
            occupant = existing.get(siret)
            if occupant is None:
                occupant = Occupant(zone=zone, siret=siret, state=Occupant.State.PROPOSED)
                added += 1
                closed += not record.active
            occupant.name = record.name or occupant.name
            occupant.naf = record.naf or occupant.naf
            occupant.active = record.active
            occupant.closed_on = None if record.active else record.state_since
            occupant.longitude, occupant.latitude = record.longitude, record.latitude
            occupant.extra = {
                **(occupant.extra or {}),
                "etab_identif_date": (occupant.extra or {}).get("etab_identif_date") or today,
                "etab_actu_date": today,
                "geocodage_qualite": GEOCODING.get(record.geo_type, "inconnu"),
            }
            occupant.save()
            if occupant.state == Occupant.State.PROPOSED and inside[siret]:
                occupant.units.add(*inside[siret])
    return added, closed


def point_in_zone(zone: Zone, longitude: float, latitude: float) -> bool:
    """Whether a point (degrees) lies in the zone's perimeter (outline included)."""
    x, y = to_lambert93(longitude, latitude)
    return bool(shapely.intersects(shape(zone.geometry), shapely.Point(float(x), float(y))))
