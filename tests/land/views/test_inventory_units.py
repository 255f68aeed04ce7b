"""Land units: drawn or pasted inside their zone (1 m tolerance), refused outside it, invalid, or with a
surface of zero; edited and deleted; and their CFE status with its evidence."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from shapely.geometry import shape

from tindus.land.models import CfeStatus, LandUnit

from ..factories import CfeStatusFactory, LandUnitFactory, ZoneFactory, lonlat_at


def url(zone, name, **kwargs):
    return reverse(f"land:{name}", kwargs={"slug": zone.territory.slug, "pk": zone.pk, **kwargs})


def polygon(*corners) -> str:
    ring = [list(lonlat_at(dx, dy)) for dx, dy in corners]
    return json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]})


INSIDE = ((50, 50), (250, 50), (250, 250), (50, 250))


def unit_data(outline: str, **overrides) -> dict:
    data = {
        "terr_refcad": "21425000AB0012 21425000AB0013",
        "outline": outline,
        "terr_surf_brute": "",
        "terr_maitrise_fonc": "structure intercommunale",
        "terr_stade_amngt": "viabilisé et aménagé",
        "terr_stade_comm": "en vente",
        "terr_etat_occup": "inoccupé",
        "terr_usage": "bâti productif",
        "terr_identif_date": "2025-03-01",
        "owner_name": "SCI des Forges",
        "owner_address": "1 rue de la Brenne, 21500 Montbard",
        "owner_email": "sci@example.org",
    }
    data.update(overrides)
    return data


@pytest.fixture
def zone(territory):
    return ZoneFactory(territory=territory)


def refused(response, field):
    assert response.status_code == 400
    return response.context["form"].errors[field]


def test_a_unit_inside_its_zone_is_saved_with_its_computed_surface(zone, team_client):
    response = team_client.post(url(zone, "unit_create"), unit_data(polygon(*INSIDE)))
    unit = LandUnit.objects.get(zone=zone)
    assert response.url == url(zone, "zone") + "#units-h"
    assert unit.terr_id == "21425_TERRAIN-ECO_00001"
    assert unit.terr_refcad == "21425000AB0012|21425000AB0013"
    assert unit.terr_surf_brute == pytest.approx(40000, rel=1e-3)
    assert shape(unit.geometry).bounds[0] > 700000
    assert unit.owner_email == "sci@example.org"


def test_a_unit_on_the_outline_within_a_metre_is_accepted(zone, team_client):
    sliver = ((-0.5, 0), (200, 0), (200, 200), (-0.5, 200))
    assert team_client.post(url(zone, "unit_create"), unit_data(polygon(*sliver))).status_code == 302


def test_a_unit_outside_its_zone_is_refused_with_the_surface_beyond(zone, team_client):
    beyond = ((450, 450), (700, 450), (700, 700), (450, 700))
    errors = refused(team_client.post(url(zone, "unit_create"), unit_data(polygon(*beyond))), "outline")
    message = _("This outline goes beyond the zone « %(zone)s » (%(area).0f m² outside it, tolerance %(tolerance)g m).")
    assert errors == [message % {"zone": zone.site_nom, "area": 40000, "tolerance": 1}]  # 62 500 − 22 500 m²
    assert not LandUnit.objects.exists()


def test_a_self_intersecting_unit_is_refused(zone, team_client):
    bow_tie = ((50, 50), (250, 250), (250, 50), (50, 250))
    errors = refused(team_client.post(url(zone, "unit_create"), unit_data(polygon(*bow_tie))), "outline")
    assert "Self-intersection" in errors[0]


@pytest.mark.parametrize("surface", ["0", "-10"])
def test_a_surface_of_zero_or_below_is_refused(zone, team_client, surface):
    response = team_client.post(url(zone, "unit_create"), unit_data(polygon(*INSIDE), terr_surf_brute=surface))
    assert refused(response, "terr_surf_brute") == [_("A surface must be above zero.")]
    assert response.context["form"]["owner_name"].value() == "SCI des Forges"


def test_bad_cadastral_references_are_refused(zone, team_client):
    response = team_client.post(url(zone, "unit_create"), unit_data(polygon(*INSIDE), terr_refcad="AB 12"))
    assert "AB|12" in refused(response, "terr_refcad")[0]


def test_editing_and_deleting_a_unit(zone, team_client):
    unit = LandUnitFactory(zone=zone)
    page = team_client.get(url(zone, "unit_edit", unit=unit.pk))
    assert json.loads(page.context["form"]["outline"].value())["type"] == "Polygon"
    response = team_client.post(url(zone, "unit_edit", unit=unit.pk), unit_data(polygon(*INSIDE), owner_name="Mme Roy"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.owner_name == "Mme Roy"
    team_client.post(url(zone, "unit_delete", unit=unit.pk))
    assert not LandUnit.objects.filter(pk=unit.pk).exists()


def test_a_unit_of_another_zone_is_not_found(zone, team_client):
    other = LandUnitFactory(zone=ZoneFactory(territory=zone.territory))
    assert team_client.get(url(zone, "unit_edit", unit=other.pk)).status_code == 404


# The CFE status


@pytest.fixture
def unit(zone):
    return LandUnitFactory(zone=zone)


def cfe(zone, unit, client, **data):
    return client.post(url(zone, "unit_cfe", unit=unit.pk), data)


def test_a_status_with_its_evidence_is_recorded(zone, unit, team_client, team):
    response = cfe(zone, unit, team_client, in_use="no", last_use_end="2019-04-30", evidence="rôle de CFE 2024")
    assert response.url == url(zone, "zone") + "#vacancy-h"
    status = CfeStatus.objects.get(unit=unit)
    assert (status.in_use, status.last_use_end, status.recorded_by) == (False, dt.date(2019, 4, 30), team)
    sheet = team_client.get(url(zone, "zone"))
    assert sheet.context["vacancy"].rate == 100.0


def test_a_status_without_evidence_is_refused(zone, unit, team_client):
    response = cfe(zone, unit, team_client, in_use="yes", evidence="")
    assert refused(response, "evidence") == [_("A status needs its evidence.")]
    assert not CfeStatus.objects.exists()


def test_an_end_of_use_in_the_future_is_refused(zone, unit, team_client):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = cfe(zone, unit, team_client, in_use="no", last_use_end=tomorrow, evidence="propriétaire")
    assert refused(response, "last_use_end") == [_("This date is in the future.")]


def test_an_end_of_use_after_the_reference_date_is_refused(zone, unit, team_client):
    january = dt.date(dt.date.today().year, 1, 1)
    if january == dt.date.today():
        pytest.skip("on 1 January no past day is after the reference date")
    response = cfe(zone, unit, team_client, in_use="no", last_use_end=dt.date.today().isoformat(), evidence="rôle")
    error = refused(response, "last_use_end")[0]
    assert january.strftime("%d/%m/%Y") in error


def test_in_use_with_an_end_date_is_refused(zone, unit, team_client):
    response = cfe(zone, unit, team_client, in_use="yes", last_use_end="2020-01-01", evidence="rôle")
    assert refused(response, "last_use_end") == [_("A unit in use has no end of use: leave the date empty.")]


def test_a_recorded_status_is_shown_for_editing(zone, unit, team_client):
    CfeStatusFactory(unit=unit, in_use=False, last_use_end=dt.date(2020, 2, 1), evidence="courrier")
    form = team_client.get(url(zone, "unit_cfe", unit=unit.pk)).context["form"]
    assert (form["in_use"].value(), form["evidence"].value()) == ("no", "courrier")
