"""The zones pages: the list with occupancy and vacancy, creating a zone from a drawn (GeoJSON) or pasted
(WKT) perimeter, refusing a bad one at its field with the text kept, the sheet, editing and deleting."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from shapely.geometry import shape

from tindus.land.compute.lambert93 import transform
from tindus.land.models import Occupant, Zone

from ..factories import (
    MONTBARD,
    CfeStatusFactory,
    LandUnitFactory,
    OccupantFactory,
    ZoneFactory,
    lonlat_at,
)


def url(territory, name, **kwargs):
    return reverse(f"land:{name}", kwargs={"slug": territory.slug, **kwargs})


def lonlat_ring(*corners):
    """A closed ring of (dx, dy) metres from MONTBARD, in degrees."""
    ring = [list(lonlat_at(dx, dy)) for dx, dy in corners]
    return ring + [ring[0]]


SQUARE = ((0, 0), (500, 0), (500, 400), (0, 400))
BOW_TIE = ((0, 0), (500, 400), (500, 0), (0, 400))


def zone_data(perimeter: str, **overrides) -> dict:
    data = {
        "site_nom": "ZA de la Brenne",
        "perimeter": perimeter,
        "site_vocadomi": "industrielle",
        "site_type": "zone d'activité économique",
        "site_etat": "existant et actif",
        "site_comm_insee": "21425",
        "site_epci_siren": "242101491",
        "site_moa_type": "epci",
        "site_moa_nom": "CC du Montbardois",
        "site_surf_brute": "",
        "site_surf_utile": "150000",
        "site_identif_date": "2025-03-01",
        "services": ["reseau_electrique", "reseau_fret_ferroviaire"],
    }
    data.update(overrides)
    return data


def test_a_drawn_perimeter_makes_a_zone_in_lambert93_with_its_surface(territory, team_client):
    drawn = json.dumps({"type": "Polygon", "coordinates": [lonlat_ring(*SQUARE)]})
    response = team_client.post(url(territory, "zone_create"), zone_data(drawn))
    zone = Zone.objects.get(territory=territory)
    assert response.status_code == 302
    assert response.url == url(territory, "zone", pk=zone.pk)
    polygon = shape(zone.geometry)
    assert polygon.bounds[0] > 700000  # metres, not degrees
    assert zone.site_surf_brute == pytest.approx(200000, rel=1e-3)
    assert (zone.site_id, zone.site_comm_nom, zone.site_epci_nom) == (
        "21425_SITE-ECO_00001",
        "Montbard",
        "CC du Montbardois",
    )
    assert zone.services == ["reseau_electrique", "reseau_fret_ferroviaire"]
    assert zone.site_actu_date == dt.date.today()
    # A second zone takes the next number
    team_client.post(url(territory, "zone_create"), zone_data(drawn, site_nom="ZA 2", site_comm_insee="21603"))
    assert Zone.objects.get(site_nom="ZA 2").site_id == "21603_SITE-ECO_00002"


def test_a_pasted_wkt_perimeter_and_a_given_surface_are_taken(territory, team_client):
    ring = ", ".join(f"{lon} {lat}" for lon, lat in lonlat_ring(*SQUARE))
    response = team_client.post(
        url(territory, "zone_create"), zone_data(f"POLYGON (({ring}))", site_surf_brute="210000")
    )
    assert response.status_code == 302
    assert Zone.objects.get().site_surf_brute == 210000


def refused(response, field: str) -> list[str]:
    assert response.status_code == 400
    return response.context["form"].errors[field]


def test_a_self_intersecting_perimeter_is_refused_at_its_field_with_the_text_kept(territory, team_client):
    drawn = json.dumps({"type": "Polygon", "coordinates": [lonlat_ring(*BOW_TIE)]})
    response = team_client.post(url(territory, "zone_create"), zone_data(drawn))
    errors = refused(response, "perimeter")
    assert errors[0].startswith(_("invalid geometry (%(reason)s)").split("(")[0])
    assert "Self-intersection" in errors[0]
    assert drawn in response.content.decode().replace("&quot;", '"')
    assert not Zone.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "POLYGON ((1 2, 3",
            "This is neither GeoJSON nor WKT that can be read: check the brackets and the coordinates.",
        ),
        ('{"type": "FeatureCollection", "features": []}', "Give one outline only (this collection has %(n)d)."),
    ],
)
def test_unreadable_perimeters_are_named(territory, team_client, text, message):
    errors = refused(team_client.post(url(territory, "zone_create"), zone_data(text)), "perimeter")
    assert errors == [_(message) % {"n": 0} if "%(n)d" in message else _(message)]


def test_a_point_or_a_place_outside_france_is_refused(territory, team_client):
    point = refused(team_client.post(url(territory, "zone_create"), zone_data("POINT (4.34 47.63)")), "perimeter")
    assert "Point" in point[0]
    far_away = zone_data("POLYGON ((-60 10, -59 10, -59 11, -60 10))")
    far = refused(team_client.post(url(territory, "zone_create"), far_away), "perimeter")
    assert far == [_("outside metropolitan France in Lambert-93 (EPSG:2154) coordinates")]


@pytest.mark.parametrize("surface", ["0", "-5"])
def test_a_surface_of_zero_or_below_is_refused(territory, team_client, surface):
    drawn = json.dumps({"type": "Polygon", "coordinates": [lonlat_ring(*SQUARE)]})
    errors = refused(team_client.post(url(territory, "zone_create"), zone_data(drawn, site_surf_brute=surface)),
                     "site_surf_brute")  # fmt: skip
    assert errors == [_("A surface must be above zero.")]


def test_a_commune_outside_the_territory_and_a_future_date_are_refused(territory, team_client):
    drawn = json.dumps({"type": "Polygon", "coordinates": [lonlat_ring(*SQUARE)]})
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = team_client.post(
        url(territory, "zone_create"), zone_data(drawn, site_comm_insee="25411", site_identif_date=tomorrow)
    )
    form = response.context["form"]
    assert "site_comm_insee" in form.errors
    assert form.errors["site_identif_date"] == [_("This date is in the future.")]
    assert form["site_nom"].value() == "ZA de la Brenne"


def test_the_create_page_has_the_drawing_map_of_the_territory(territory, team_client):
    page = team_client.get(url(territory, "zone_create")).content.decode()
    assert 'class="map-frame land-draw"' in page
    assert 'data-zoom="commune"' in page
    assert 'data-code="21425"' in page  # Montbard's outline to click on
    assert "land/inventory-draw.js" in page
    assert 'data-min-lon="4.' in page  # not localised (« 4,1 »)


def test_the_list_shows_occupants_and_the_vacancy_rate(territory, committee_client):
    zone = ZoneFactory(territory=territory, synthetic=True)
    vacant = LandUnitFactory(zone=zone)
    other = LandUnitFactory(zone=zone, dx=300)
    CfeStatusFactory(unit=vacant, in_use=False, last_use_end=dt.date(2019, 5, 1), evidence="rôle CFE 2024")
    OccupantFactory(zone=zone, state=Occupant.State.CONFIRMED)
    OccupantFactory(zone=zone)
    OccupantFactory(zone=zone)
    response = committee_client.get(url(territory, "zones"))
    (row,) = response.context["rows"]
    shown, hectares, vacancy = row
    assert (shown.unit_count, shown.confirmed, shown.proposed) == (2, 1, 2)
    assert hectares == pytest.approx(36)
    assert (vacancy.rate, vacancy.unknown) == (100.0, [other.terr_id])
    page = response.content.decode()
    assert _("synthetic") in page
    assert "100,0 %" in page
    assert url(territory, "zone_create") not in page  # the committee reads, does not create


def test_the_sheet_shows_the_map_units_occupants_and_what_the_rate_rests_on(territory, committee_client):
    zone = ZoneFactory(territory=territory)
    vacant = LandUnitFactory(zone=zone, terr_id="21425_TERRAIN-ECO_00001")
    unknown = LandUnitFactory(zone=zone, dx=300, terr_id="21425_TERRAIN-ECO_00002")
    CfeStatusFactory(unit=vacant, in_use=False, last_use_end=dt.date(2019, 5, 1), evidence="rôle CFE 2024")
    lon, lat = lonlat_at(100, 100)
    closed = OccupantFactory(zone=zone, name="TRÉFILERIE", active=False, closed_on=dt.date(2022, 6, 30),
                             longitude=lon, latitude=lat)  # fmt: skip
    closed.units.add(vacant)
    OccupantFactory(zone=zone, name="REFUSÉE", state=Occupant.State.REJECTED)
    response = committee_client.get(url(territory, "zone", pk=zone.pk))
    page = response.content.decode()
    vacancy = response.context["vacancy"]
    assert vacancy.rate == 100.0
    assert vacancy.unknown == [unknown.terr_id]
    assert vacancy.bounds == (50.0, 100.0)
    assert 'class="map-land-closed"' in page and f'data-code="{closed.siret}"' in page
    assert _("closed") in page and "30/06/2022" in page
    assert "REFUSÉE" in page
    assert "rôle CFE 2024" in page
    assert _("Units of unknown status") in page
    assert url(territory, "zone_edit", pk=zone.pk) not in page


def test_editing_keeps_the_identifier_and_shows_the_perimeter_in_degrees(territory, team_client):
    zone = ZoneFactory(territory=territory)
    identifier = zone.site_id
    page = team_client.get(url(territory, "zone_edit", pk=zone.pk))
    initial = json.loads(page.context["form"]["perimeter"].value())
    assert initial["coordinates"][0][0][0] == pytest.approx(MONTBARD[0], abs=1e-5)
    smaller = json.dumps({"type": "Polygon", "coordinates": [lonlat_ring((0, 0), (300, 0), (300, 300), (0, 300))]})
    data = zone_data(smaller, site_nom="Renommée", site_surf_utile="80000")
    response = team_client.post(url(territory, "zone_edit", pk=zone.pk), data)
    assert response.status_code == 302
    zone.refresh_from_db()
    assert (zone.site_nom, zone.site_id) == ("Renommée", identifier)
    assert transform(shape(zone.geometry), inverse=True).bounds[0] == pytest.approx(MONTBARD[0], abs=1e-5)
    assert zone.site_surf_brute == pytest.approx(90000, rel=1e-3)


def test_deleting_asks_then_deletes_with_the_units(territory, team_client):
    zone = ZoneFactory(territory=territory)
    LandUnitFactory(zone=zone)
    assert team_client.get(url(territory, "zone_delete", pk=zone.pk)).status_code == 200
    assert Zone.objects.filter(pk=zone.pk).exists()
    response = team_client.post(url(territory, "zone_delete", pk=zone.pk))
    assert response.url == url(territory, "zones")
    assert not Zone.objects.filter(pk=zone.pk).exists()


def test_another_territory_s_zone_is_not_found(territory, team_client, haut_doubs):
    elsewhere = ZoneFactory(territory=haut_doubs)
    assert team_client.get(url(territory, "zone", pk=elsewhere.pk)).status_code == 404
    assert team_client.post(url(territory, "zone_delete", pk=elsewhere.pk)).status_code == 404
    assert Zone.objects.filter(pk=elsewhere.pk).exists()


def test_a_unit_whose_confirmed_occupants_are_partly_closed_reads_partly_vacant(territory, committee_client):
    zone = ZoneFactory(territory=territory)
    shared, left, empty = (LandUnitFactory(zone=zone, dx=dx, terr_id=f"21425_TERRAIN-ECO_0000{k}")
                           for k, dx in enumerate((0, 200, 400), start=1))  # fmt: skip
    working = OccupantFactory(zone=zone, state=Occupant.State.CONFIRMED)
    gone = OccupantFactory(zone=zone, state=Occupant.State.CONFIRMED, active=False, closed_on=dt.date(2023, 1, 31))
    working.units.add(shared)
    gone.units.add(shared, left)  # one SIRET on two units, two establishments on one unit
    OccupantFactory(zone=zone, state=Occupant.State.PROPOSED).units.add(empty)  # not confirmed: not counted
    rows = {
        row[0].terr_id: row for row in committee_client.get(url(territory, "zone", pk=zone.pk)).context["unit_rows"]
    }
    assert rows[shared.terr_id][4] == _("partly vacant: some occupants closed")
    assert rows[left.terr_id][4] == _("vacated: every occupant closed")
    assert rows[empty.terr_id][4] == _("no confirmed occupant")
    assert {o.pk for o in rows[shared.terr_id][3]} == {working.pk, gone.pk}
