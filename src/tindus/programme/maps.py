"""The steering's choropleth maps: a région's territories, or France's régions, from the shipped outlines.

A territory of the programme is drawn with its official outline (wave 1 or 2); a custom territory with its
communes' outlines. Projecting outlines is the slow part and does not depend on the figures, so each process
keeps the projected paths of the last sets of outlines it drew; the shades and labels are applied on each
page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from html import escape

from tindus.geo import svg
from tindus.referentials.models import Outline
from tindus.territories.models import Territory

OutlineKey = tuple[str, str]  # (layer, code)

WIDTH = 640
PATHS_CACHE_SIZE = 64
_paths: OrderedDict[tuple, tuple[float, dict[OutlineKey, str]]] = OrderedDict()
_paths_lock = threading.Lock()


@dataclass(frozen=True)
class Area:
    """One shape on the map: what it is drawn with, its label, its shade. It leads nowhere: the map is an image
    (``role="img"`` makes its content presentational, so a link in it would be out of reach, axe's
    ``nested-interactive``); the table beside the map carries the links."""

    code: str
    outlines: tuple[OutlineKey, ...]
    label: str
    css_class: str


def territory_outlines(territories: list[Territory]) -> dict[int, tuple[OutlineKey, ...]]:
    """Territory id → the outlines that draw it: its official outline, else its communes' (empty: not drawable)."""
    found: dict[int, tuple[OutlineKey, ...]] = {}
    custom = []
    for t in territories:
        if t.wave and t.official_id:
            found[t.pk] = ((Outline.Layer.TERRITORY_WAVE1 if t.wave == 1 else Outline.Layer.TERRITORY_WAVE2,
                            t.official_id),)  # fmt: skip
        else:
            custom.append(t.pk)
    if custom:
        communes: dict[int, list[OutlineKey]] = defaultdict(list)
        rows = Territory.communes.through.objects.filter(territory_id__in=custom).values_list(
            "territory_id", "commune__code"
        )
        for pk, code in rows:
            communes[pk].append((Outline.Layer.COMMUNE, code))
        found.update({pk: tuple(sorted(keys)) for pk, keys in communes.items()})
    existing = _existing({key for keys in found.values() for key in keys})
    return {pk: tuple(k for k in keys if k in existing) for pk, keys in found.items()}


def _existing(keys: set[OutlineKey]) -> set[OutlineKey]:
    by_layer: dict[str, list[str]] = defaultdict(list)
    for layer, code in keys:
        by_layer[layer].append(code)
    found: set[OutlineKey] = set()
    for layer, codes in by_layer.items():
        found.update(
            (layer, c) for c in Outline.objects.filter(layer=layer, code__in=codes).values_list("code", flat=True)
        )
    return found


def _projected(focus: list[OutlineKey], background: list[OutlineKey]) -> tuple[float, dict[OutlineKey, str]]:
    """The map's height and each outline's path, framed on ``focus`` (kept per process)."""
    key = (WIDTH, tuple(sorted(focus)), tuple(sorted(background)))
    with _paths_lock:
        if key in _paths:
            _paths.move_to_end(key)
            return _paths[key]
    geometries: dict[OutlineKey, dict] = {}
    by_layer: dict[str, list[str]] = defaultdict(list)
    for layer, code in {*focus, *background}:
        by_layer[layer].append(code)
    for layer, codes in by_layer.items():
        for code, geometry in Outline.objects.filter(layer=layer, code__in=codes).values_list("code", "geometry"):
            geometries[(layer, code)] = geometry
    box = svg.bounds(geometries[k] for k in focus if k in geometries)
    if box is None:
        return 0.0, {}
    project = svg.Projection.fit(box, WIDTH)
    height = 2 * project.margin + (box[3] - box[1]) * project.scale
    drawn = (height, {k: svg.path_data(g, project) for k, g in geometries.items()})
    with _paths_lock:
        _paths[key] = drawn
        while len(_paths) > PATHS_CACHE_SIZE:
            _paths.popitem(last=False)
    return drawn


def choropleth(areas: list[Area], background: list[OutlineKey], title: str, description: str, ident: str) -> str:
    """An accessible ``<svg>`` image of ``areas`` shaded by their class over ``background`` (no link in it); "" when
    nothing is drawable."""
    focus = [k for a in areas for k in a.outlines]
    if not focus:
        return ""
    height, paths = _projected(focus, background)
    if not paths:
        return ""
    ident = escape(ident)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="map" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>',
        '<g class="map-background">',
        *(f'<path d="{paths[k]}"></path>' for k in background if paths.get(k)),
        '</g><g class="map-choropleth">',
    ]
    for area in areas:
        d = "".join(paths.get(k, "") for k in area.outlines)
        if not d:
            continue
        out.append(f'<path d="{d}" data-code="{escape(area.code)}" class="{escape(area.css_class)}">'
                   f"<title>{escape(area.label)}</title></path>")  # fmt: skip
    out.append("</g></svg>")
    return "".join(out)
