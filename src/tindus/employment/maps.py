"""The map of training sessions and local needs: the territory's communes (or its official outline), the
sessions at their place and the needs at their commune's centre, drawn as SVG without a tile server, with
the same as a table for whoever does not read the map."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tindus.geo import svg
from tindus.referentials.models import Outline
from tindus.synergies.places import commune_centres
from tindus.territories.models import Territory

from .analysis import Report


@dataclass
class Point:
    kind: str  # "session" or "need"
    label: str
    commune: str
    latitude: float
    longitude: float
    inside: bool = False  # within the map's frame


def needs_map(territory: Territory, report: Report) -> dict:
    codes = list(territory.communes.values_list("code", flat=True))
    communes = list(Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=codes))
    official = []
    if territory.wave and not communes:
        layer = Outline.Layer.TERRITORY_WAVE1 if territory.wave == 1 else Outline.Layer.TERRITORY_WAVE2
        official = list(Outline.objects.filter(layer=layer, code=territory.official_id))
    points: list[Point] = []
    for s in territory.training_sessions.select_related("action").exclude(latitude=None):
        when = s.start.strftime("%d/%m/%Y") if s.start else _("undated")
        points.append(Point("session", f"{s.action.title} ({when})", s.commune, s.latitude, s.longitude))
    needs = list(territory.employment_needs.exclude(commune=""))
    centres = commune_centres({n.commune for n in needs})
    for n in needs:
        if n.commune in centres:
            lat, lon = centres[n.commune]
            label = _("%(company)s: %(count)d × %(job)s") % {
                "company": n.company_name or "—",
                "count": n.count,
                "job": n.label or n.job or n.rome,
            }
            points.append(Point("need", label, n.commune, lat, lon))
    box = svg.bounds(o.geometry for o in communes + official)
    if box is not None:
        pad_x, pad_y = (box[2] - box[0]) * 0.25, (box[3] - box[1]) * 0.25
        for p in points:
            within_x = box[0] - pad_x <= p.longitude <= box[2] + pad_x
            p.inside = within_x and box[1] - pad_y <= p.latitude <= box[3] + pad_y
    feature = lambda o: svg.Feature(o.code, o.name, o.geometry)  # noqa: E731
    layers = [
        svg.Layer(_("communes"), [feature(o) for o in communes], "map-communes", focus=True),
        svg.Layer(_("Territoire d'industrie"), [feature(o) for o in official], "map-territory", focus=True),
        svg.Layer(
            _("training sessions"),
            [svg.Feature(str(i), p.label, {"type": "Point", "coordinates": [p.longitude, p.latitude]})
             for i, p in enumerate(points) if p.kind == "session" and p.inside],
            "map-sessions",
        ),
        svg.Layer(
            _("local needs"),
            [svg.Feature(str(i), p.label, {"type": "Point", "coordinates": [p.longitude, p.latitude]})
             for i, p in enumerate(points) if p.kind == "need" and p.inside],
            "map-needs",
        ),
    ]  # fmt: skip
    sessions = sum(1 for p in points if p.kind == "session")
    description = _("%(sessions)d training sessions and %(needs)d local needs placed on the territory.") % {
        "sessions": sessions,
        "needs": len(points) - sessions,
    }
    drawn = "" if box is None else svg.render(
        layers, _("Training and needs of %(name)s") % {"name": territory.name}, description=description,
        ident="employment-map",
    )  # fmt: skip
    return {"svg": drawn, "points": points, "description": description}
