"""The CFE statuses imported from a CSV file: all or nothing, each problem with its line and field."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from tindus.land.models import CfeStatus

from ..factories import LandUnitFactory, ZoneFactory

HEADER = "terr_id;en_usage;fin_usage;occupe_depuis;preuve\n"


@pytest.fixture
def units(territory):
    zone = ZoneFactory(territory=territory)
    return LandUnitFactory(zone=zone, terr_id="U1"), LandUnitFactory(zone=zone, terr_id="U2", dx=300)


def post(client, territory, text: str):
    upload = SimpleUploadedFile("cfe.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("land:cfe_import", kwargs={"slug": territory.slug}), {"file": upload})


def test_a_good_file_records_every_status(territory, units, team_client, team):
    response = post(
        team_client, territory, HEADER + "U1;oui;;;rôle CFE 2025\nU2;non;15/03/2019;non;courrier du propriétaire\n"
    )
    assert response.status_code == 302
    first, second = (CfeStatus.objects.get(unit=u) for u in units)
    assert (first.in_use, first.evidence) == (True, "rôle CFE 2025")
    assert (second.in_use, second.last_use_end, second.recorded_by) == (False, dt.date(2019, 3, 15), team)


def test_a_later_file_replaces_a_unit_s_status(territory, units, team_client):
    post(team_client, territory, HEADER + "U1;oui;;;rôle 2024\n")
    post(team_client, territory, HEADER + "U1;non;2020-01-31;;rôle 2025\n")
    assert CfeStatus.objects.get(unit=units[0]).evidence == "rôle 2025"


def test_a_bad_file_imports_nothing_and_names_line_and_field(territory, units, team_client):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    text = HEADER + f"U1;oui;;;rôle\nU2;non;{tomorrow};;rôle\nU3;oui;;;rôle\nU1;peut-être;;;\n"
    response = post(team_client, territory, text)
    assert response.status_code == 400
    assert not CfeStatus.objects.exists()
    problems = response.context["problems"]
    line = lambda n: _("line %(line)d") % {"line": n}  # noqa: E731
    field = lambda f: _("field « %(field)s »") % {"field": f}  # noqa: E731
    assert any(line(3) in p and field("fin_usage") in p and tomorrow in p for p in problems)
    assert any(line(4) in p and _("no land unit of the territory has this identifier") in p for p in problems)
    assert any(line(5) in p and field("en_usage") in p for p in problems)
    assert any(line(5) in p and _("vacancy status without its evidence") in p for p in problems)
    assert any(line(5) in p and field("terr_id") in p for p in problems)  # U1 twice


def test_a_missing_column_is_named(territory, units, team_client):
    response = post(team_client, territory, "terr_id;en_usage\nU1;oui\n")
    assert any(_("field « %(field)s »") % {"field": "preuve"} in p for p in response.context["problems"])
