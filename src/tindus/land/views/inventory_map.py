"""The inventory's maps, drawn as SVG from the shipped outlines (no tile server): the drawing map of a zone or
unit form (with the projection the drawing script inverts), and a zone sheet's map (perimeter, units,
occupants' points)."""

from __future__ import annotations

from dataclasses import asdict

from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

from tindus.geo import svg
from tindus.referentials.models import Outline
from tindus.territories.models import Territory

from ..compute.lambert93 import transform
from ..models import Zone

WIDTH = 800


def degrees(geometry: dict) -> dict:
    """A stored Lambert-93 GeoJSON geometry in longitude and latitude."""
    return mapping(transform(shape(geometry), inverse=True))


def _outline_features(outlines) -> list[svg.Feature]:
    return [svg.Feature(o.code, o.name, o.geometry) for o in outlines]


def _communes_around(box: tuple[float, float, float, float]) -> list[Outline]:
    west, south, east, north = box
    return list(
        Outline.objects.filter(
            layer=Outline.Layer.COMMUNE, west__lte=east, east__gte=west, south__lte=north, north__gte=south
        )  # fmt: skip
    )


def _padded(box: tuple[float, float, float, float], share: float) -> tuple[float, float, float, float]:
    west, south, east, north = box
    dx, dy = max((east - west) * share, 0.002), max((north - south) * share, 0.002)
    return west - dx, south - dy, east + dx, north + dy


def _frame(box: tuple[float, float, float, float]) -> tuple[dict, dict]:
    """Two corner points framing the map on ``box`` (lon/lat), drawn hidden."""
    west, south, east, north = box
    return {"type": "Point", "coordinates": [west, south]}, {"type": "Point", "coordinates": [east, north]}


def _render(layers: list[svg.Layer], frame_box, title: str, description: str, ident: str) -> dict:
    corners = _frame(frame_box)
    layers = [svg.Layer("frame", [svg.Feature("", "", {"type": "GeometryCollection", "geometries": list(corners)})],
                        "map-frame-box", focus=True), *layers]  # fmt: skip
    box = svg.bounds(corners)
    projection = svg.Projection.fit(box, WIDTH)
    return {
        "svg": svg.render(layers, title, width=WIDTH, description=description, ident=ident),
        "projection": asdict(projection),  # a dict: templates would call the projection
    }


def drawing_map(territory: Territory, zone: Zone | None = None, editing: Zone | None = None) -> dict:
    """The map to draw on: the territory's communes and zones (framed on the territory), or framed on
    ``zone`` with its units when a unit is drawn. ``editing`` is the zone whose perimeter is redrawn."""
    codes = list(territory.communes.values_list("code", flat=True))
    communes = list(Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=codes))
    zones = [z for z in Zone.objects.filter(territory=territory) if editing is None or z.pk != editing.pk]
    if zone is not None:
        frame = _padded(svg.bounds([degrees(zone.geometry)]), 0.15)
        units = [svg.Feature(u.terr_id, u.terr_id, degrees(u.geometry)) for u in zone.units.all()]
    elif editing is not None:
        frame = _padded(svg.bounds([degrees(editing.geometry)]), 1.0)
        units = []
    else:
        frame = svg.bounds(o.geometry for o in communes)
        units = []
    if frame is None:
        return {"svg": "", "projection": None}
    if zone is not None or editing is not None:
        communes = _communes_around(frame)
    layers = [
        svg.Layer(_("communes"), _outline_features(communes), "map-communes"),
        svg.Layer(_("zones"), [svg.Feature(z.site_id, z.site_nom, degrees(z.geometry)) for z in zones],
                  "map-land-zones"),
        svg.Layer(_("land units"), units, "map-land-units"),
    ]  # fmt: skip
    title = _("Map to draw on") if zone is None else _("Map of « %(zone)s » to draw on") % {"zone": zone.site_nom}
    description = _("Communes and zones already recorded; click to place the corners of the outline.")
    return _render(layers, frame, title, description, "draw-map")


def zone_map(zone: Zone) -> dict:
    """A zone sheet's map: the perimeter, the units (vacant ones marked) and the occupants' points."""
    perimeter = degrees(zone.geometry)
    frame = _padded(svg.bounds([perimeter]), 0.15)
    units = [svg.Feature(u.terr_id, u.terr_id, degrees(u.geometry)) for u in zone.units.all()]
    located = list(zone.occupants.exclude(longitude=None).exclude(latitude=None).exclude(state="rejected"))

    def points(active: bool) -> list[svg.Feature]:
        return [
            svg.Feature(o.siret, o.name or o.siret, {"type": "Point", "coordinates": [o.longitude, o.latitude]})
            for o in located
            if o.active is active
        ]

    layers = [
        svg.Layer(_("communes"), _outline_features(_communes_around(frame)), "map-background"),
        svg.Layer(_("zone"), [svg.Feature(zone.site_id, zone.site_nom, perimeter)], "map-land-zone"),
        svg.Layer(_("land units"), units, "map-land-units"),
        svg.Layer(_("occupants"), points(True), "map-land-occupants"),
        svg.Layer(_("closed establishments"), points(False), "map-land-closed"),
    ]
    description = _("%(units)d land units and %(points)d located establishments.") % {
        "units": len(units),
        "points": len(located),
    }
    return _render(layers, frame, _("Map of « %(zone)s »") % {"zone": zone.site_nom}, description, "zone-map")
