"""Occupants proposed for zones and land units: geolocated establishments falling inside them.

:func:`prefill` builds one shapely STRtree over the polygons and queries every establishment point at once
(``predicate="intersects"``: a point on an outline belongs to the polygon). Closed establishments are kept
and flagged, so that the team sees who left. The result is a proposal, to be confirmed or corrected.
:func:`prefill_naive` is the plain reference (every establishment against every polygon) used by the
benchmark and the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely


@dataclass(frozen=True)
class Proposal:
    """Establishments inside each polygon: ``members[k]`` are indices into the establishment arrays."""

    polygon_ids: tuple[str, ...]
    members: tuple[np.ndarray, ...]
    closed: np.ndarray

    def of(self, polygon_id: str) -> np.ndarray:
        return self.members[self.polygon_ids.index(polygon_id)]

    def closed_of(self, polygon_id: str) -> np.ndarray:
        found = self.of(polygon_id)
        return found[self.closed[found]]

    def counts(self) -> dict[str, tuple[int, int]]:
        """Polygon → (establishments inside, of which closed)."""
        return {p: (len(m), int(self.closed[m].sum())) for p, m in zip(self.polygon_ids, self.members, strict=True)}


def prefill(
    polygon_ids: Sequence[str], polygons: Sequence, x: np.ndarray, y: np.ndarray, closed: np.ndarray
) -> Proposal:
    """Which establishments (points ``x``, ``y`` in the polygons' CRS; ``closed`` flags) fall in each polygon."""
    tree = shapely.STRtree(np.asarray(polygons, dtype=object))
    points = shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    point_index, polygon_index = tree.query(points, predicate="intersects")
    order = np.argsort(polygon_index, kind="stable")
    point_index, polygon_index = point_index[order], polygon_index[order]
    bounds = np.searchsorted(polygon_index, np.arange(len(polygon_ids) + 1))
    members = tuple(point_index[bounds[k] : bounds[k + 1]] for k in range(len(polygon_ids)))
    return Proposal(tuple(polygon_ids), members, np.asarray(closed, dtype=bool))


def prefill_naive(
    polygon_ids: Sequence[str], polygons: Sequence, x: np.ndarray, y: np.ndarray, closed: np.ndarray
) -> Proposal:
    """The same, one establishment against one polygon at a time (the reference, slow on purpose)."""
    members = []
    for polygon in polygons:
        inside = [i for i in range(len(x)) if polygon.intersects(shapely.Point(float(x[i]), float(y[i])))]
        members.append(np.array(inside, dtype=np.int64))
    return Proposal(tuple(polygon_ids), tuple(members), np.asarray(closed, dtype=bool))
