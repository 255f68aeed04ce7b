"""The inventory's part of the access matrix (tests/accounts/test_access.py): who may open each URL, and one
object of each kind so that every URL can be built. Written by hand: it is the specification.

The team and the committee read the zones and a zone's sheet; only the team creates, edits and deletes
zones and units, proposes and decides occupants, records and imports CFE statuses. A GET on a POST-only
action (propose, decide) goes back to the zone's sheet; a GET on a delete asks for confirmation."""

from __future__ import annotations

from tests.land.factories import LandUnitFactory, OccupantFactory, ZoneFactory

READERS = {"team", "committee", "admin"}
EDITORS = {"team", "admin"}

INVENTORY_URLS = {
    "land:zones": READERS,
    "land:zone": READERS,
    "land:zone_create": EDITORS,
    "land:zone_edit": EDITORS,
    "land:zone_delete": EDITORS,
    "land:unit_create": EDITORS,
    "land:unit_edit": EDITORS,
    "land:unit_delete": EDITORS,
    "land:unit_cfe": EDITORS,
    "land:occupants_propose": EDITORS,
    "land:occupant_decide": EDITORS,
    "land:occupant_add": EDITORS,
    "land:cfe_import": EDITORS,
}


def inventory_objects(territory, declaring_siret: str) -> dict[str, dict]:
    zone = ZoneFactory(territory=territory)
    unit = LandUnitFactory(zone=zone)
    occupant = OccupantFactory(zone=zone, siret=declaring_siret)
    return {
        "land:zone": {"pk": zone.pk},
        "land:zone_edit": {"pk": zone.pk},
        "land:zone_delete": {"pk": zone.pk},
        "land:unit_create": {"pk": zone.pk},
        "land:unit_edit": {"pk": zone.pk, "unit": unit.pk},
        "land:unit_delete": {"pk": zone.pk, "unit": unit.pk},
        "land:unit_cfe": {"pk": zone.pk, "unit": unit.pk},
        "land:occupants_propose": {"pk": zone.pk},
        "land:occupant_decide": {"pk": zone.pk, "occupant": occupant.pk},
        "land:occupant_add": {"pk": zone.pk},
    }
