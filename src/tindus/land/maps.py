"""The land maps, drawn as SVG without a tile server: the territory's communes with its zones coloured by
vacancy band, their land units, the brownfields and the available offers; and one zone's map for its sheet.

Zones and units are stored in Lambert-93 (the standard's system): they are brought back to longitude and
latitude with :func:`tindus.land.compute.lambert93.transform` before drawing on the communes' outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from django.utils.translation import gettext as _

from tindus.geo import svg
from tindus.referentials.models import Outline
from tindus.synergies.places import commune_centres
from tindus.territories.models import Territory

from .compute.lambert93 import transform
from .dashboard import Overview, ZoneRow, offer_zone
from .models import Brownfield, LandOffer, LandUnit, Zone

Geometry = dict


def to_lonlat(geometry: Geometry) -> Geometry | None:
    """A Lambert-93 GeoJSON geometry in longitude and latitude (``None`` when it cannot be read)."""
    try:
        shape = shapely.geometry.shape(geometry)
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException):
        return None
    if shape.is_empty:
        return None
    return shapely.geometry.mapping(transform(shape, inverse=True))


def anchor(geometry: Geometry | None) -> tuple[float, float] | None:
    """(longitude, latitude) of a point inside a lon/lat geometry."""
    if geometry is None:
        return None
    point = shapely.geometry.shape(geometry).representative_point()
    return point.x, point.y


@dataclass
class Item:
    """A row of the table beside the map: what is drawn, and where."""

    kind: str  # "zone", "brownfield", "offer"
    code: str
    label: str
    detail: str
    commune: str
    longitude: float | None
    latitude: float | None
    css_class: str = ""
    inside: bool = False


def _point(lon: float, lat: float) -> Geometry:
    return {"type": "Point", "coordinates": [lon, lat]}


def box_polygon(box: tuple[float, float, float, float]) -> Geometry:
    west, south, east, north = box
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}  # fmt: skip


def vacancy_text(row: ZoneRow) -> str:
    rate = row.vacancy.rate
    if rate is None:
        return _("vacancy unknown (no unit's status recorded)")
    return _("vacancy %(rate).1f %% (%(vacant)d of %(known)d units of known status)") % {
        "rate": rate,
        "vacant": row.vacancy.vacant,
        "known": row.vacancy.known,
    }


def offer_place(offer: LandOffer, units: dict[int, Geometry | None], centres: dict) -> tuple[float, float] | None:
    if offer.unit_id and (where := anchor(units.get(offer.unit_id))):
        return where
    if offer.brownfield_id:
        return offer.brownfield.longitude, offer.brownfield.latitude
    if offer.commune in centres:
        lat, lon = centres[offer.commune]
        return lon, lat
    return None


def offer_detail(offer: LandOffer) -> str:
    return _("%(what)s %(transaction)s, %(surface)s m²") % {
        "what": offer.get_kind_display(),
        "transaction": offer.get_transaction_display(),
        "surface": f"{offer.surface:,.0f}".replace(",", " "),
    }


def _outlines(territory: Territory) -> tuple[list[Outline], list[Outline]]:
    codes = list(territory.communes.values_list("code", flat=True))
    communes = list(Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=codes))
    official = []
    if territory.wave and not communes:
        layer = Outline.Layer.TERRITORY_WAVE1 if territory.wave == 1 else Outline.Layer.TERRITORY_WAVE2
        official = list(Outline.objects.filter(layer=layer, code=territory.official_id))
    return communes, official


Box = tuple[float, float, float, float]


def padded(box: Box, margin: float = 0.25, minimum: float = 0.02) -> Box:
    """``box`` widened by a quarter of its span on each side, at least ``minimum`` degrees (about 2 km)."""
    pad_x, pad_y = max((box[2] - box[0]) * margin, minimum), max((box[3] - box[1]) * margin, minimum)
    return box[0] - pad_x, box[1] - pad_y, box[2] + pad_x, box[3] + pad_y


def within(box: Box, lon: float | None, lat: float | None) -> bool:
    return lon is not None and lat is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def frame_of(outlines: list[Geometry], zones: list[Geometry], items: list[Item]) -> Box | None:
    """The map's frame: around the zones and the places inside the territory (so that zones of a few hectares
    are seen), else the territory's outlines."""
    territory = svg.bounds(outlines)
    points = [
        _point(i.longitude, i.latitude) for i in items
        if i.kind != "zone" and (territory is None or within(padded(territory), i.longitude, i.latitude))
    ]  # fmt: skip
    interest = svg.bounds(zones + points)
    if interest is not None:
        return padded(interest)
    return territory


def territory_map(territory: Territory, view: Overview, offers: list[LandOffer]) -> dict:
    """The territory's map and its table; ``offers`` are the available ones."""
    communes, official = _outlines(territory)
    zone_shapes = {r.zone.pk: to_lonlat(r.zone.geometry) for r in view.zones}
    unit_rows = LandUnit.objects.filter(zone__territory=territory).only("pk", "terr_id", "zone_id", "geometry")
    unit_shapes = {u.pk: (u, to_lonlat(u.geometry)) for u in unit_rows}
    items: list[Item] = []
    for row in view.zones:
        where = anchor(zone_shapes[row.zone.pk])
        items.append(
            Item("zone", row.zone.site_id, row.zone.site_nom, vacancy_text(row), row.zone.site_comm_nom
                 or row.zone.site_comm_insee, *(where or (None, None)), css_class=f"choro-{row.band}")
        )  # fmt: skip
    brownfields = list(Brownfield.objects.filter(territory=territory).order_by("comm_nom", "site_nom"))
    for b in brownfields:
        items.append(Item("brownfield", b.site_id, b.site_nom, b.get_site_statut_display() or _("status not given"),
                          b.comm_nom or b.comm_insee, b.longitude, b.latitude))  # fmt: skip
    centres = commune_centres({o.commune for o in offers if o.commune})
    units_geometry = {pk: shape for pk, (_unit, shape) in unit_shapes.items()}
    for o in offers:
        where = offer_place(o, units_geometry, centres)
        zone = offer_zone(o)
        items.append(Item("offer", str(o.pk), o.title, offer_detail(o), zone.site_nom if zone else o.commune,
                          *(where or (None, None))))  # fmt: skip
    outlines = [o.geometry for o in communes + official]
    frame = frame_of(outlines, [shape for shape in zone_shapes.values() if shape], items)
    for item in items:  # places out of the frame are listed, not drawn
        item.inside = frame is not None and within(frame, item.longitude, item.latitude)
    feature = lambda o: svg.Feature(o.code, o.name, o.geometry)  # noqa: E731
    layers = [
        svg.Layer(_("communes"), [feature(o) for o in communes], "map-communes"),
        svg.Layer(_("Territoire d'industrie"), [feature(o) for o in official], "map-territory"),
        svg.Layer("", [svg.Feature("frame", "", box_polygon(frame))] if frame else [], "land-frame", focus=True),
        svg.Layer(
            _("zones"),
            [svg.Feature(r.zone.site_id, f"{r.zone.site_nom} — {vacancy_text(r)}", zone_shapes[r.zone.pk],
                         css_class=f"choro-{r.band}") for r in view.zones if zone_shapes[r.zone.pk]],
            "map-choropleth land-zones",
        ),
        svg.Layer(
            _("land units"),
            [svg.Feature(u.terr_id, u.terr_id, shape) for u, shape in unit_shapes.values() if shape],
            "land-units",
        ),
        svg.Layer(
            _("brownfields"),
            [svg.Feature(i.code, f"{i.label} — {i.detail}", _point(i.longitude, i.latitude))
             for i in items if i.kind == "brownfield" and i.inside],
            "land-brownfields",
        ),
        svg.Layer(
            _("available plots and premises"),
            [svg.Feature(i.code, f"{i.label} — {i.detail}", _point(i.longitude, i.latitude))
             for i in items if i.kind == "offer" and i.inside],
            "land-offers",
        ),
    ]  # fmt: skip
    description = _(
        "%(zones)d zones, %(units)d land units, %(brownfields)d brownfields and %(offers)d available plots or "
        "premises placed on the territory."
    ) % {"zones": len(view.zones), "units": len(unit_shapes), "brownfields": len(brownfields), "offers": len(offers)}
    if frame is not None and (view.zones or any(i.inside for i in items)):
        description += " " + _("The map is framed on the zones and places inside the territory; the table lists all.")
    drawn = svg.render(layers, _("Land of %(name)s") % {"name": territory.name}, description=description,
                       ident="land-map")  # fmt: skip
    return {"svg": drawn, "items": items, "description": description, "outlines": bool(outlines)}


def zone_map(zone: Zone, units: list[LandUnit], brownfields: list[Brownfield], offers: list[LandOffer]) -> str:
    """One zone's map: its perimeter, its units, its brownfields and offers, on its commune's outline."""
    perimeter = to_lonlat(zone.geometry)
    if perimeter is None:
        return ""
    shapes = {u.pk: to_lonlat(u.geometry) for u in units}
    commune = list(Outline.objects.filter(layer=Outline.Layer.COMMUNE, code=zone.site_comm_insee))
    places = [(str(o.pk), o.title, offer_place(o, shapes, {})) for o in offers]
    layers = [
        svg.Layer(_("commune"), [svg.Feature(o.code, o.name, o.geometry) for o in commune], "map-communes"),
        svg.Layer(_("zone"), [svg.Feature(zone.site_id, zone.site_nom, perimeter, css_class="choro-1")],
                  "map-choropleth land-zones", focus=True),
        svg.Layer(_("land units"), [svg.Feature(u.terr_id, u.terr_id, shapes[u.pk]) for u in units if shapes[u.pk]],
                  "land-units", focus=True),
        svg.Layer(_("brownfields"), [svg.Feature(b.site_id, b.site_nom, _point(b.longitude, b.latitude))
                                     for b in brownfields], "land-brownfields"),
        svg.Layer(_("available plots and premises"),
                  [svg.Feature(code, title, _point(*where)) for code, title, where in places if where], "land-offers"),
    ]  # fmt: skip
    description = _("%(units)d land units of the zone, %(brownfields)d brownfields, %(offers)d available offers.") % {
        "units": len(units),
        "brownfields": len(brownfields),
        "offers": len(offers),
    }
    return svg.render(layers, zone.site_nom, description=description, ident=f"zone-map-{zone.pk}")
