"""Projects located in communes, as GeoJSON features (WGS84): the outline of a project's communes, or the
centre of that outline as a point. Outlines are the simplified IGN ones of ``referentials.Outline``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

from tindus.referentials.models import Outline
from tindus.territories.models import Territory

from .api_schemas import plan_source
from .models import Project

DECIMALS = 6  # about 10 cm: more would be noise on simplified outlines


def _geometry(outlines: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    shapes = [shape(geometry) for geometry in outlines]
    if not shapes:
        return None
    merged = shapely.union_all(shapes) if len(shapes) > 1 else shapes[0]
    if kind == "point":
        merged = merged.point_on_surface() if not merged.centroid.within(merged) else merged.centroid
    return mapping(shapely.set_precision(merged, 10**-DECIMALS))


def project_features(territory: Territory, projects: Iterable[Project], private: bool, kind: str) -> dict:
    """One feature per project that names communes; ``private`` adds the fields the plan pages show."""
    projects = list(projects.prefetch_related("communes") if hasattr(projects, "prefetch_related") else projects)
    codes = {c.code for p in projects for c in p.communes.all()}
    found = Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=codes).only("code", "geometry", "vintage")
    outlines = {o.code: o for o in found}
    features = []
    for project in projects:
        communes = list(project.communes.all())
        geometry = _geometry([outlines[c.code].geometry for c in communes if c.code in outlines], kind)
        properties: dict[str, Any] = {
            "title": project.title,
            "porteur_name": project.porteur_name,
            "status": project.status,
            "status_label": str(project.get_status_display()),
            "communes": [{"code": c.code, "name": c.name} for c in communes],
        }
        if private:
            properties |= {"reference": project.reference, "priority": project.priority, "is_public": project.is_public}
        features.append({"type": "Feature", "id": project.pk, "geometry": geometry, "properties": properties})
    vintages = sorted({str(o.vintage) for o in outlines.values()})
    plan = plan_source(territory, max((p.updated_at for p in projects), default=None))
    return {
        "type": "FeatureCollection",
        "features": features,
        "source": {
            "source": _("%(plan)s; outlines: IGN Admin Express (simplified)") % {"plan": plan["source"]},
            "vintage": ", ".join([plan["vintage"], *vintages]),
            "synthetic": False,
        },
    }
