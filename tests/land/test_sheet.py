"""The zone sheet: a PDF made in a job, with the zone's map, units, occupants, vacancy and its evidence."""

import re
import zlib

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.jobs.inprocess import result_bytes, run_job
from tests.land import dashboard_builders as build
from tindus.land.models import Brownfield
from tindus.land.sheet import sheet_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(territory):
    zone = build.zone(territory, "ZA des Tilleuls", epci=("242100001", "CC de l'Auxois"), synthetic=True)
    units = build.units(zone, 3)
    build.cfe(units[0], "vacant", evidence="rôle de CFE 2025, ligne 12")
    build.cfe(units[1], "in use")
    build.occupant(zone, "90000000100009", units=[units[1]])
    build.brownfield(territory, "Ancienne laiterie", Brownfield.Status.WITHOUT_PROJECT, zone=zone)
    build.offer(territory, "Lot des Tilleuls", 1000.0, unit=units[2])
    return zone


def test_the_sheet_holds_the_zone_its_units_vacancy_and_evidence(zone):
    context = sheet_context(zone, build.TODAY)
    assert [row["unit"].terr_id for row in context["units"]] == sorted(zone.units.values_list("terr_id", flat=True))
    assert context["units"][0]["evidence"] == "rôle de CFE 2025, ligne 12"
    assert (context["vacancy"].vacant, context["vacancy"].known) == (1, 2)
    assert [o.siret for o in context["units"][1]["occupants"]] == ["90000000100009"]
    assert [b.site_nom for b in context["brownfields"]] == ["Ancienne laiterie"]
    assert [o.title for o, _services in context["offers"]] == ["Lot des Tilleuls"]
    assert f'data-code="{zone.site_id}"' in context["map_svg"]


def test_the_pdf_is_made_in_a_job_and_offered_for_download(zone, territory, committee):
    browser = signed_in(committee)
    url = reverse("land:zone_sheet", kwargs={"slug": territory.slug, "pk": zone.pk})
    assert browser.get(url).status_code == 200
    job = run_job(browser.post(url))
    content = result_bytes(job)
    assert content.startswith(b"%PDF")
    assert job.result_file.name.endswith(f"fiche-zone-{zone.site_id}.pdf")
    assert zone.site_nom in pdf_strings(content)  # the document's title (pypdf is not installed)


def pdf_strings(content: bytes) -> str:
    """The PDF's literal strings, its compressed object streams opened (where WeasyPrint writes the title)."""
    parts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, flags=re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    text = []
    for part in parts:
        for literal in re.findall(rb"\((?:[^()\\]|\\.)*\)", part):
            raw = literal[1:-1]
            text.append(
                raw[2:].decode("utf-16-be", "replace") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
            )
        for hexa in re.findall(rb"<([Ff][Ee][Ff][Ff][0-9A-Fa-f]*)>", part):
            text.append(bytes.fromhex(hexa.decode())[2:].decode("utf-16-be", "replace"))
    return "\n".join(text)


def test_another_territorys_zone_is_not_found(zone, haut_doubs, committee):
    other = build.zone(haut_doubs, "ZA ailleurs")
    url = reverse("land:zone_sheet", kwargs={"slug": zone.territory.slug, "pk": other.pk})
    assert signed_in(committee).get(url).status_code == 404
