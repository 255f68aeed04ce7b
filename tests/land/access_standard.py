"""The CNIG import and export's part of the access matrix (tests/accounts/test_access.py): the page, the
exports and the shipped Table Schemas are read by the team and the committee (VIEW_PRIVATE); the import is
the team's (EDIT). A GET on an action URL goes back to the page: nothing is started."""

from __future__ import annotations

READERS = {"team", "committee", "admin"}
EDITORS = {"team", "admin"}

STANDARD_URLS = {
    "land:standard": READERS,
    "land:export": READERS,
    "land:standard_schema": READERS,
    "land:import": EDITORS,
}


def standard_objects(territory, declaring_siret: str) -> dict[str, dict]:
    return {"land:standard_schema": {"layer": "SITE-ECO"}}
