"""Build the perimeter map of a territory from the outlines shipped as reference data."""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tindus.geo import svg
from tindus.referentials.models import Outline

from .models import Groupement, Territory


def _features(outlines, labels: dict[str, str] | None = None) -> list[svg.Feature]:
    return [svg.Feature(o.code, (labels or {}).get(o.code, o.name), o.geometry) for o in outlines]


# Drawing a perimeter (reading and projecting a few hundred outlines) takes tens of milliseconds; a
# territory's page is read far more often than its perimeter changes. Each process keeps the last maps it
# drew, by everything they show: the territory's name, communes and EPCI, and the language.
MAP_CACHE_SIZE = 256
_maps: OrderedDict[tuple, dict[str, object]] = OrderedDict()
_maps_lock = threading.Lock()


def perimeter_map(territory: Territory) -> dict[str, object]:
    """The SVG perimeter map and what it shows: communes and EPCI where outlines exist, else the
    official polygon; the surrounding départements as background."""
    commune_codes = sorted(territory.communes.values_list("code", flat=True))
    sirens = sorted(territory.groupements.filter(nature=Groupement.Nature.EPCI).values_list("siren", flat=True))
    key = (territory.pk, territory.name, territory.wave, territory.official_id, tuple(commune_codes), tuple(sirens),
           get_language())  # fmt: skip
    with _maps_lock:
        if key in _maps:
            _maps.move_to_end(key)
            return _maps[key]
    drawn = _draw(territory, commune_codes, sirens)
    with _maps_lock:
        _maps[key] = drawn
        while len(_maps) > MAP_CACHE_SIZE:
            _maps.popitem(last=False)
    return drawn


def _draw(territory: Territory, commune_codes: list[str], sirens: list[str]) -> dict[str, object]:
    communes = list(Outline.objects.filter(layer=Outline.Layer.COMMUNE, code__in=commune_codes))
    epcis = list(Outline.objects.filter(layer=Outline.Layer.EPCI, code__in=sirens))
    official = []
    if territory.wave and len(communes) < len(commune_codes):
        layer = Outline.Layer.TERRITORY_WAVE1 if territory.wave == 1 else Outline.Layer.TERRITORY_WAVE2
        official = list(Outline.objects.filter(layer=layer, code=territory.official_id))
    focus = communes + official
    if not focus:
        return {"svg": "", "communes_drawn": 0, "epci_drawn": 0, "outline": False}
    box = svg.bounds(o.geometry for o in focus)
    west, south, east, north = box
    pad_x, pad_y = (east - west) * 0.15, (north - south) * 0.15
    background = Outline.objects.filter(
        layer=Outline.Layer.DEPARTEMENT,
        west__lte=east + pad_x,
        east__gte=west - pad_x,
        south__lte=north + pad_y,
        north__gte=south - pad_y,
    )
    layers = [
        svg.Layer(_("départements"), _features(background), "map-background"),
        svg.Layer(_("Territoire d'industrie"), _features(official), "map-territory", focus=True),
        svg.Layer(_("communes"), _features(communes), "map-communes", focus=True),
        svg.Layer(_("EPCI"), _features(epcis), "map-epci"),
    ]
    description = _("%(communes)d commune outlines and %(epci)d EPCI outlines drawn.") % {
        "communes": len(communes),
        "epci": len(epcis),
    }
    return {
        "svg": svg.render(layers, _("Perimeter of %(name)s") % {"name": territory.name}, description=description),
        "communes_drawn": len(communes),
        "epci_drawn": len(epcis),
        "outline": bool(official),
    }
