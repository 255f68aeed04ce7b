"""The land dashboard's part of the access matrix (tests/accounts/test_access.py): the overview, the map and
the zone sheet are read by the team and the committee (VIEW_PRIVATE); a POST on the sheet starts its job,
for the same readers."""

from __future__ import annotations

import datetime as dt

from tindus.land.models import Zone

READERS = {"team", "committee", "admin"}

DASHBOARD_URLS = {
    "land:home": READERS,
    "land:map": READERS,
    "land:zone_sheet": READERS,
}


def dashboard_objects(territory, declaring_siret: str) -> dict[str, dict]:
    zone = Zone.objects.create(
        territory=territory, site_id="ACCESS-Z1", site_nom="ZA de l'accès", site_vocadomi="industrielle",
        site_surf_brute=10_000, site_comm_insee="21425", site_identif_date=dt.date(2024, 1, 1),
        site_actu_date=dt.date(2024, 1, 1),
        geometry={"type": "Polygon", "coordinates": [[[800000, 6720000], [800100, 6720000], [800100, 6720100],
                                                       [800000, 6720000]]]},
    )  # fmt: skip
    return {"land:zone_sheet": {"pk": zone.pk}}
