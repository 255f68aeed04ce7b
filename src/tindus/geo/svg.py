"""Draw GeoJSON geometries as an accessible SVG map, without any tile server.

The projection is equirectangular, with longitudes scaled by the cosine of the map's central
latitude: at the scale of a territory this keeps shapes true to within a fraction of a percent,
needs no library, and makes the same coordinates give the same drawing on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

Geometry = dict[str, Any]
Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Feature:
    code: str
    label: str
    geometry: Geometry
    href: str = ""
    css_class: str = ""


@dataclass
class Layer:
    """A set of features drawn with one CSS class; ``focus`` layers decide the map's extent."""

    name: str
    features: list[Feature] = field(default_factory=list)
    css_class: str = ""
    focus: bool = False


def iter_rings(geometry: Geometry) -> Iterator[Ring]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates", [])
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from iter_rings(part)


def iter_points(geometry: Geometry) -> Iterator[Sequence[float]]:
    kind = geometry.get("type")
    if kind == "Point":
        yield geometry["coordinates"]
    elif kind == "MultiPoint":
        yield from geometry["coordinates"]
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from iter_points(part)


def bounds(geometries: Iterable[Geometry]) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of all rings and points, or None if empty."""
    xs: list[float] = []
    ys: list[float] = []
    for geometry in geometries:
        for ring in iter_rings(geometry):
            for lon, lat, *_ in ring:
                xs.append(lon)
                ys.append(lat)
        for lon, lat, *_ in iter_points(geometry):
            xs.append(lon)
            ys.append(lat)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Projection:
    min_lon: float
    max_lat: float
    scale: float
    cos_lat: float
    margin: float

    @classmethod
    def fit(cls, box: tuple[float, float, float, float], width: float, margin: float = 8) -> Projection:
        min_lon, min_lat, max_lon, max_lat = box
        cos_lat = math.cos(math.radians((min_lat + max_lat) / 2))
        span = max((max_lon - min_lon) * cos_lat, 1e-9)
        return cls(min_lon, max_lat, (width - 2 * margin) / span, cos_lat, margin)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.margin + (lon - self.min_lon) * self.cos_lat * self.scale,
            self.margin + (self.max_lat - lat) * self.scale,
        )


def path_data(geometry: Geometry, project: Projection) -> str:
    parts = []
    for ring in iter_rings(geometry):
        points = []
        previous = None
        for lon, lat, *_ in ring:
            x, y = project(lon, lat)
            point = f"{x:.1f},{y:.1f}"
            if point != previous:
                points.append(point)
                previous = point
        if len(points) >= 3:
            parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def render(layers: list[Layer], title: str, width: int = 800, description: str = "", ident: str = "map") -> str:
    """Return an ``<svg>`` element drawing ``layers`` in order, framed on the focus layers.

    ``ident`` prefixes the ids of its title and description: give each map of a page its own.
    """
    focus = [f.geometry for layer in layers if layer.focus for f in layer.features]
    box = bounds(focus) or bounds(f.geometry for layer in layers for f in layer.features)
    if box is None:
        return ""
    project = Projection.fit(box, width)
    height = 2 * project.margin + (box[3] - box[1]) * project.scale
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" role="img" '
        f'aria-labelledby="{escape(ident)}-title {escape(ident)}-desc" class="map" '
        'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-desc">{escape(description)}</desc>',
    ]
    for layer in layers:
        out.append(f'<g class="{escape(layer.css_class)}" data-layer="{escape(layer.name)}">')
        for feature in layer.features:
            d = path_data(feature.geometry, project)
            shape = ""
            if d:
                code, label = escape(feature.code), escape(feature.label)
                css = f' class="{escape(feature.css_class)}"' if feature.css_class else ""
                shape = f'<path d="{d}" data-code="{code}"{css}><title>{label}</title></path>'
            else:
                circles = [
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" data-code="{escape(feature.code)}">'
                    f"<title>{escape(feature.label)}</title></circle>"
                    for x, y in (project(lon, lat) for lon, lat, *_ in iter_points(feature.geometry))
                ]
                shape = "".join(circles)
            if shape and feature.href:
                shape = f'<a href="{escape(feature.href)}">{shape}</a>'
            out.append(shape)
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
