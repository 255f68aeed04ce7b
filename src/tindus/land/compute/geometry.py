"""Geometry checks of the inventory (shapely, vectorised): validity, kind, extent, a unit inside its zone.

Coordinates are Lambert-93 metres (the GeoPackage's CRS). A land unit belongs inside its zone up to
:data:`TOLERANCE_M` (1 m): the zone's outline is widened by that much before the test, so that parcels drawn
from the cadastre along a zone outline digitised elsewhere are not refused for slivers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from .lambert93 import EXTENT
from .problems import Problem, gettext_noop

TOLERANCE_M = 1.0
KINDS = {
    "POLE-ECO": ("Point",),
    "SITE-ECO": ("Polygon", "MultiPolygon"),
    "TERRAIN-ECO": ("Polygon",),
    "ETABLISSEMENT": ("Point", "MultiPoint"),
}


def check_geometries(layer: str, ids: Sequence[str], geometries: Sequence, field: str = "geom") -> list[Problem]:
    """Missing, wrong kind, invalid (self-intersection… with GEOS's reason) or outside Lambert-93's extent."""
    problems = []
    array = np.asarray(geometries, dtype=object)
    missing = np.array([g is None for g in array], dtype=bool)
    present = np.where(~missing)[0]
    valid = np.ones(len(array), dtype=bool)
    if len(present):
        valid[present] = shapely.is_valid(array[present])
    for i in np.where(missing)[0]:
        problems.append(Problem(layer, gettext_noop("geometry missing"), feature=ids[i], field=field))
    for i in present:
        geometry = array[i]
        if geometry.geom_type not in KINDS[layer]:
            problems.append(
                Problem(
                    layer,
                    gettext_noop("a %(found)s where the standard expects %(expected)s"),
                    feature=ids[i],
                    field=field,
                    params={"found": geometry.geom_type, "expected": " / ".join(KINDS[layer])},
                )
            )
            continue
        if not valid[i]:
            problems.append(
                Problem(
                    layer,
                    gettext_noop("invalid geometry (%(reason)s)"),
                    feature=ids[i],
                    field=field,
                    params={"reason": shapely.is_valid_reason(geometry)},
                )
            )
            continue
        x0, y0, x1, y1 = geometry.bounds
        if geometry.is_empty or x0 < EXTENT[0] or y0 < EXTENT[1] or x1 > EXTENT[2] or y1 > EXTENT[3]:
            problems.append(
                Problem(
                    layer,
                    gettext_noop("outside metropolitan France in Lambert-93 (EPSG:2154) coordinates"),
                    feature=ids[i],
                    field=field,
                )
            )
    return problems


def units_outside_zones(
    zones: dict[str, object], unit_ids: Sequence[str], unit_zones: Sequence[str], unit_geometries: Sequence
) -> list[Problem]:
    """Units not covered by their zone widened by :data:`TOLERANCE_M` (invalid or missing shapes skipped:
    :func:`check_geometries` names them)."""
    problems = []
    by_zone: dict[str, list[int]] = {}
    for i, zone in enumerate(unit_zones):
        by_zone.setdefault(zone, []).append(i)
    for zone_id, members in by_zone.items():
        zone = zones.get(zone_id)
        if zone is None or not zone.is_valid:
            continue
        shapes = np.asarray([unit_geometries[i] for i in members], dtype=object)
        usable = np.array([g is not None for g in shapes], dtype=bool)
        usable[usable] = shapely.is_valid(shapes[usable])
        inside = np.ones(len(members), dtype=bool)
        if usable.any():
            inside[usable] = shapely.covers(zone.buffer(TOLERANCE_M), shapes[usable])
        for k in np.where(~inside)[0]:
            outside = shapes[k].difference(zone).area
            problems.append(
                Problem(
                    "TERRAIN-ECO",
                    gettext_noop("outside its zone « %(zone)s » (%(area).0f m² beyond it, tolerance %(tolerance)g m)"),
                    feature=unit_ids[members[k]],
                    field="geom",
                    params={"zone": zone_id, "area": outside, "tolerance": TOLERANCE_M},
                )
            )
    return problems
