"""The land map: every zone drawn on the communes' outlines, coloured by its vacancy band, with units,
brownfields and available offers, and the same as a table (page and CSV)."""

import csv
import io
import re

import pytest
import shapely
from django.urls import reverse

from tests.conftest import signed_in
from tests.land import dashboard_builders as build
from tindus.land import dashboard
from tindus.land.compute.dashboard import band
from tindus.land.maps import territory_map, to_lonlat, zone_map
from tindus.land.models import Brownfield, LandOffer

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(territory):
    vacant = build.zone(territory, "ZA Vacante")
    for unit in build.units(vacant, 2):
        build.cfe(unit, "vacant")
    busy = build.zone(territory, "ZI Active", offset=800)
    units = build.units(busy, 3)
    for unit in units:
        build.cfe(unit, "in use")
    unknown = build.zone(territory, "ZA Inconnue", offset=1600)
    build.units(unknown, 1)
    friche = build.brownfield(territory, "Ancienne scierie", Brownfield.Status.POTENTIAL)
    build.offer(territory, "Lot A", 1200.0, unit=units[0])
    build.offer(territory, "Lot vendu", 900.0, unit=units[1], status=LandOffer.Status.TAKEN)
    return vacant, busy, unknown, friche


def test_lambert93_shapes_come_back_inside_their_commune(territory):
    zone = build.zone(territory, "ZA")
    code, _name, lon, lat = build.commune_centre(territory)
    drawn = shapely.geometry.shape(to_lonlat(zone.geometry))
    assert drawn.distance(shapely.geometry.Point(lon, lat)) < 0.001  # its corner is the commune's centre
    assert to_lonlat({"type": "Polygon"}) is None


def test_every_zone_is_drawn_in_its_band_and_listed(places, territory):
    vacant, busy, unknown, friche = places
    view = dashboard.overview(territory, build.TODAY)
    offers = list(dashboard.available_offers(territory))
    drawn = territory_map(territory, view, offers)
    for row in view.zones:
        path = re.search(rf'<path d="[^"]+" data-code="{row.zone.site_id}" class="([^"]+)"', drawn["svg"])
        assert path, row.zone.site_nom
        assert path.group(1) == f"choro-{band(row.vacancy.rate)}"
    assert {band(r.vacancy.rate) for r in view.zones} == {"4", "1", "s"}  # 100 %, 0 %, unknown
    assert drawn["svg"].count('data-code="' + busy.site_id + "-T") == 3  # its units
    kinds = [(i.kind, i.label, i.inside) for i in drawn["items"]]
    assert ("brownfield", friche.site_nom, True) in kinds
    assert ("offer", "Lot A", True) in kinds and not any(label == "Lot vendu" for _k, label, _i in kinds)
    assert 'data-layer="' in drawn["svg"] and "<circle" in drawn["svg"]


def test_places_far_from_the_territory_are_listed_not_drawn(places, territory):
    far = build.brownfield(territory, "Friche lointaine", Brownfield.Status.POTENTIAL)
    far.longitude, far.latitude = 7.5, 43.7  # Nice
    far.save()
    view = dashboard.overview(territory, build.TODAY)
    drawn = territory_map(territory, view, list(dashboard.available_offers(territory)))
    inside = {i.label: i.inside for i in drawn["items"]}
    assert inside["Friche lointaine"] is False and inside["Ancienne scierie"] is True
    assert f'data-code="{far.site_id}"' not in drawn["svg"]
    assert f'data-code="{places[3].site_id}"' in drawn["svg"]


def test_the_map_page_has_its_table_and_csv(places, territory, committee):
    browser = signed_in(committee)
    url = reverse("land:map", kwargs={"slug": territory.slug})
    page = browser.get(url).content.decode()
    assert 'id="land-map-title"' in page and 'id="map-table"' in page
    for zone in places[:3]:
        assert f'data-kind="zone" data-code="{zone.site_id}"' in page
    assert "Ancienne scierie" in page and "Lot A" in page
    text = browser.get(url, {"format": "csv"}).content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + 3 + 1 + 1  # header, zones, brownfield, offer


def test_a_zone_map_frames_the_zone_with_its_units(territory):
    zone = build.zone(territory, "ZA du Pont")
    units = build.units(zone, 2)
    drawn = zone_map(zone, units, [], [])
    assert f'data-code="{zone.site_id}"' in drawn
    assert all(f'data-code="{u.terr_id}"' in drawn for u in units)
