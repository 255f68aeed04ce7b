"""A zone's occupants from the page: proposed from a small geolocated warehouse, confirmed or rejected with
their units, added by SIRET (Luhn, found in the warehouse)."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tests.factories import siret
from tindus.land.models import Occupant

from ..factories import (
    FERMEE,
    FORGE,
    USINAGE,
    LandUnitFactory,
    OccupantFactory,
    ZoneFactory,
    located_warehouse,
    montbard_rows,
)


def url(zone, name, **kwargs):
    return reverse(f"land:{name}", kwargs={"slug": zone.territory.slug, "pk": zone.pk, **kwargs})


@pytest.fixture
def zone(territory):
    return ZoneFactory(territory=territory)


@pytest.fixture
def warehouse(db):
    return located_warehouse(montbard_rows())


def test_proposing_lists_the_establishments_in_the_zone_with_the_closed_one_flagged(zone, team_client, warehouse):
    unit = LandUnitFactory(zone=zone)
    response = team_client.post(url(zone, "occupants_propose"), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    proposed = ngettext("%(n)d establishment proposed from the warehouse.",
                        "%(n)d establishments proposed from the warehouse.", 4) % {"n": 4}  # fmt: skip
    closed = ngettext("%(n)d of them is closed.", "%(n)d of them are closed.", 1) % {"n": 1}
    assert messages == [f"{proposed} {closed}"]
    page = response.content.decode()
    assert "FORGES DE MONTBARD" in page and "TRÉFILERIE FERMÉE" in page
    assert _("closed") in page
    assert "BOULANGERIE DU CENTRE" not in page
    assert list(zone.occupants.get(siret=FORGE).units.all()) == [unit]


def test_a_get_on_propose_changes_nothing(zone, team_client, warehouse):
    assert team_client.get(url(zone, "occupants_propose")).status_code == 302
    assert not zone.occupants.exists()


def test_without_a_warehouse_the_team_is_told(zone, team_client):
    response = team_client.post(url(zone, "occupants_propose"), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        _("The warehouse is not built yet: no establishment can be proposed.")
    ]


def test_confirming_and_rejecting_with_the_units(zone, team_client):
    first, second = LandUnitFactory(zone=zone), LandUnitFactory(zone=zone, dx=300)
    occupant = OccupantFactory(zone=zone)
    prefix = f"occupant-{occupant.pk}"
    response = team_client.post(
        url(zone, "occupant_decide", occupant=occupant.pk),
        {f"{prefix}-decision": "confirmed", f"{prefix}-units": [first.pk, second.pk]},
    )
    assert response.url == url(zone, "zone") + "#occupants-h"
    occupant.refresh_from_db()
    assert occupant.state == Occupant.State.CONFIRMED
    assert set(occupant.units.all()) == {first, second}
    team_client.post(url(zone, "occupant_decide", occupant=occupant.pk), {f"{prefix}-decision": "rejected"})
    occupant.refresh_from_db()
    assert (occupant.state, occupant.units.count()) == (Occupant.State.REJECTED, 0)


def test_a_unit_of_another_zone_cannot_be_given(zone, team_client):
    foreign = LandUnitFactory(zone=ZoneFactory(territory=zone.territory))
    occupant = OccupantFactory(zone=zone)
    prefix = f"occupant-{occupant.pk}"
    response = team_client.post(
        url(zone, "occupant_decide", occupant=occupant.pk),
        {f"{prefix}-decision": "confirmed", f"{prefix}-units": [foreign.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [_("The decision could not be read; nothing was changed.")]
    occupant.refresh_from_db()
    assert occupant.state == Occupant.State.PROPOSED


def test_the_sheet_has_one_decision_form_per_occupant_with_unique_ids(zone, team_client):
    LandUnitFactory(zone=zone)
    OccupantFactory(zone=zone)
    OccupantFactory(zone=zone)
    page = team_client.get(url(zone, "zone")).content.decode()

    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert page.count('name="occupant-') >= 4


def add(zone, client, value, **extra):
    return client.post(url(zone, "occupant_add"), {"add-siret": value, **extra})


def test_an_occupant_is_added_by_siret(zone, team_client, warehouse):
    unit = LandUnitFactory(zone=zone)
    response = add(zone, team_client, f"{USINAGE[:9]} {USINAGE[9:]}", **{"add-units": [unit.pk]})
    assert response.status_code == 302
    added = zone.occupants.get(siret=USINAGE)
    assert (added.name, added.state, list(added.units.all())) == ("USINAGE DE LA BRENNE", "confirmed", [unit])


def test_a_closed_establishment_added_by_hand_is_flagged(zone, team_client, warehouse):
    add(zone, team_client, FERMEE)
    assert zone.occupants.get(siret=FERMEE).active is False


def test_a_siret_failing_luhn_is_refused_at_the_field(zone, team_client, warehouse):
    bad = FORGE[:-1] + str((int(FORGE[-1]) + 1) % 10)
    response = add(zone, team_client, bad)
    assert response.status_code == 400
    assert response.context["form"].errors["siret"] == [
        _("« %(value)s » is not a valid SIRET (14 digits, Luhn check).") % {"value": bad}
    ]
    assert response.context["form"]["siret"].value() == bad


def test_a_siret_not_in_the_warehouse_is_refused(zone, team_client, warehouse):
    unknown = siret("9999999900001")
    response = add(zone, team_client, unknown)
    assert response.context["form"].errors["siret"] == [
        _("No establishment with the SIRET %(value)s in the warehouse (SIRENE).") % {"value": unknown}
    ]
    assert not zone.occupants.exists()


def test_a_siret_already_listed_is_refused(zone, team_client, warehouse):
    OccupantFactory(zone=zone, siret=FORGE)
    response = add(zone, team_client, FORGE)
    assert response.context["form"].errors["siret"] == [_("This establishment is already listed in the zone.")]
