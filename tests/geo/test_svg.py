"""The SVG map renderer, on hand-made geometries."""

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from tindus.geo.svg import Feature, Layer, Projection, bounds, path_data, render

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.0, 47.0], [7.0, 47.0], [7.0, 48.0], [6.0, 48.0], [6.0, 47.0]]],
}


def test_bounds_cover_polygons_points_and_collections():
    collection = {
        "type": "GeometryCollection",
        "geometries": [SQUARE, {"type": "Point", "coordinates": [5.5, 46.5]}],
    }
    assert bounds([collection]) == (5.5, 46.5, 7.0, 48.0)
    assert bounds([]) is None


def test_projection_keeps_ground_proportions():
    project = Projection.fit((6.0, 47.0, 7.0, 48.0), width=816, margin=8)
    x0, y0 = project(6.0, 48.0)
    x1, y1 = project(7.0, 47.0)
    assert (x0, y0) == (8, 8)
    assert math.isclose(x1 - x0, 800)
    # One degree of latitude is longer on the ground than one degree of longitude at 47.5° N.
    assert math.isclose((y1 - y0) / (x1 - x0), 1 / math.cos(math.radians(47.5)))


def test_path_closes_rings_and_drops_duplicate_points():
    project = Projection.fit((6.0, 47.0, 7.0, 48.0), width=116, margin=8)
    d = path_data(SQUARE, project)
    assert d.startswith("M") and d.endswith("Z")
    assert d.count("L") == 4


def test_render_titles_links_and_points():
    layers = [
        Layer("zone", [Feature("25411", "Morteau", SQUARE, href="/x/")], "map-communes", focus=True),
        Layer("sites", [Feature("p1", "Site <1>", {"type": "Point", "coordinates": [6.5, 47.5]})]),
    ]
    svg = render(layers, title="Carte & test", description="desc")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert '<title id="map-title">Carte &amp; test</title>' in svg
    assert '<a href="/x/"><path' in svg and "<title>Morteau</title>" in svg
    assert "<title>Site &lt;1&gt;</title>" in svg and "<circle" in svg
    assert render([Layer("empty")], title="x") == ""


def test_two_maps_of_a_page_have_ids_of_their_own():
    layers = [Layer("zone", [Feature("25411", "Morteau", SQUARE)], focus=True)]
    first, second = render(layers, "A", ident="map-communes"), render(layers, "B", ident="map-epci")
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 4
    assert 'aria-labelledby="map-epci-title map-epci-desc"' in second


coordinate = st.tuples(st.floats(-5, 10), st.floats(41, 51))


@given(st.lists(coordinate, min_size=3, max_size=30))
def test_every_projected_point_stays_inside_the_viewbox(points):
    ring = [*points, points[0]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    svg = render([Layer("a", [Feature("a", "a", geometry)], focus=True)], title="t")
    if not svg:
        return
    width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", svg):
        assert -0.1 <= float(x) <= width + 0.1
        assert -0.1 <= float(y) <= height + 0.6
