"""API: territories and their perimeters (public)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tindus.accounts.permissions import Action
from tindus.api.app import public_read
from tindus.api.caller import require, territory_or_404
from tindus.api.pagination import Page, PageQuery, paginate
from tindus.api.problems import READ_ERRORS
from tindus.api.schemas import Feature, FeatureCollection, Source
from tindus.referentials.models import Outline

from .models import Groupement, Territory

router = Router(tags=["Territoires"])


class TerritoryOut(Schema):
    slug: str
    name: str
    kind: str
    wave: int | None
    official_id: str
    population: int
    commune_count: int
    is_demo: bool
    source: Source


class TerritoryFilters(Schema):
    kind: Territory.Kind | None = None
    wave: int | None = None
    q: str | None = None


def territory_out(territory: Territory) -> dict:
    return {
        "slug": territory.slug, "name": territory.name, "kind": territory.kind, "wave": territory.wave,
        "official_id": territory.official_id, "population": territory.population,
        "commune_count": territory.commune_count, "is_demo": territory.is_demo,
        "source": {"source": _("INSEE, legal populations and Code officiel géographique; perimeter: ANCT"),
                   "vintage": str(territory.cog_vintage), "synthetic": False},
    }  # fmt: skip


@router.get(
    "/territories",
    response={200: Page[TerritoryOut], **READ_ERRORS},
    summary="Territoires",
    openapi_extra={"x-tindus-action": "view_public"},
)
@public_read
def territories(request: HttpRequest, filters: Query[TerritoryFilters], pages: Query[PageQuery]) -> dict:
    require(request, Action.VIEW_PUBLIC, None)
    found = Territory.objects.order_by("name")
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.wave is not None:
        found = found.filter(wave=filters.wave)
    if filters.q:
        found = found.filter(name__icontains=filters.q)
    return paginate(request, found, pages, territory_out)


@router.get(
    "/territories/{slug}",
    response={200: TerritoryOut, **READ_ERRORS},
    summary="Un territoire",
    openapi_extra={"x-tindus-action": "view_public"},
)
@public_read
def territory(request: HttpRequest, slug: str) -> dict:
    found = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, found)
    return territory_out(found)


_perimeters: OrderedDict[tuple, bytes] = OrderedDict()
_perimeters_lock = threading.Lock()


def perimeter_features(territory: Territory) -> dict:
    """The territory's communes (outline and code) and its EPCI, as a GeoJSON FeatureCollection."""
    codes = list(territory.communes.values_list("code", flat=True))
    sirens = list(territory.groupements.filter(nature=Groupement.Nature.EPCI).values_list("siren", flat=True))
    outlines = Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=codes) | Outline.objects.filter(
        layer=Outline.Layer.EPCI, code__in=sirens
    )
    features = [
        {"type": "Feature", "id": f"{o.layer}-{o.code}", "geometry": o.geometry,
         "properties": {"layer": o.layer, "code": o.code, "name": o.name, "vintage": o.vintage}}
        for o in outlines.order_by("layer", "code")
    ]  # fmt: skip
    vintages = sorted({str(f["properties"]["vintage"]) for f in features}) or [str(territory.cog_vintage)]
    return {
        "type": "FeatureCollection",
        "features": features,
        "source": {"source": _("IGN Admin Express (simplified), communes and EPCI recoded to the COG; perimeter: ANCT"),
                   "vintage": ", ".join(vintages), "synthetic": False},
    }  # fmt: skip


@router.get(
    "/territories/{slug}/perimeter.geojson",
    response={200: FeatureCollection, **READ_ERRORS},
    summary="Périmètre (GeoJSON, WGS84)",
    openapi_extra={"x-tindus-action": "view_public"},
)
@public_read
def perimeter(request: HttpRequest, slug: str) -> HttpResponse:
    found = territory_or_404(slug)
    require(request, Action.VIEW_PUBLIC, found)
    # Hundreds of outlines: written once per perimeter and language, without checking each coordinate again.
    key = (found.pk, found.cog_vintage, tuple(found.communes.order_by("code").values_list("code", flat=True)),
           tuple(found.groupements.order_by("siren").values_list("siren", flat=True)), get_language())  # fmt: skip
    with _perimeters_lock:
        body = _perimeters.get(key)
    if body is None:
        body = json.dumps(perimeter_features(found), ensure_ascii=False).encode()
        with _perimeters_lock:
            _perimeters[key] = body
            while len(_perimeters) > 64:
                _perimeters.popitem(last=False)
    return HttpResponse(body, content_type="application/json")


__all__ = ["router", "Feature"]
