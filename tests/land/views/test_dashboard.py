"""The land overview: figures computed from small built inventories, vacancy summed per EPCI, the legal
procedure's stage, the source line, CSV tables and the empty state."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from tests.conftest import signed_in
from tests.land import dashboard_builders as build
from tindus.land import dashboard
from tindus.land.models import Adoption, Brownfield, BrownfieldImport, LandNeed, LandOffer, Occupant, OwnerConsultation

pytestmark = pytest.mark.django_db
CC_A = ("242100001", "CC de l'Auxois")
CC_B = ("242100002", "CC du Morvan")


@pytest.fixture
def inventory(territory):
    """Zone 1 (CC A): 4 units: vacant, in use, recently vacated, unknown. Zone 2 (CC A): 10 units, 5 vacant,
    5 in use. Zone 3 (CC B): 2 units of unknown status, 1 for sale."""
    one = build.zone(territory, "ZA des Forges", epci=CC_A, useful=100_000.0, updated=dt.date(2025, 2, 1))
    two = build.zone(territory, "ZI du Canal", epci=CC_A, offset=1000, vocation="commerciale")
    three = build.zone(territory, "ZA du Morvan", epci=CC_B, offset=2000, synthetic=True,
                       updated=dt.date(2025, 9, 9))  # fmt: skip
    a = build.units(one, 4)
    for unit, state in zip(a, ["vacant", "in use", "recent"], strict=False):
        build.cfe(unit, state)
    b = build.units(two, 10)
    for i, unit in enumerate(b):
        build.cfe(unit, "vacant" if i < 5 else "in use")
    build.units(three, 1)
    c = build.units(three, 1, stage="en vente", surface=2500.0)
    build.occupant(one, "90000000100009", units=[a[1]])
    build.occupant(one, "90000000200007", active=False, units=[a[2]])
    build.occupant(two, "90000000300005", state=Occupant.State.PROPOSED)
    build.brownfield(territory, "Ancienne tuilerie", Brownfield.Status.WITHOUT_PROJECT, zone=one)
    build.brownfield(territory, "Ancienne fonderie", Brownfield.Status.WITHOUT_PROJECT)
    build.brownfield(territory, "Gare de marchandises", Brownfield.Status.WITH_PROJECT)
    build.offer(territory, "Terrain du Morvan", 2500.0, unit=c[0])
    build.offer(territory, "Lot hors zone", 800.0)
    build.offer(territory, "Lot retiré", 9999.0, unit=a[0], status=LandOffer.Status.WITHDRAWN)
    LandNeed.objects.create(territory=territory, kind="plot", transaction="sale", surface_min=1000)
    LandNeed.objects.create(territory=territory, kind="plot", transaction="sale", surface_min=1000, status="met")
    return one, two, three


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_figures_are_computed_from_the_inventory(inventory, territory):
    one, two, three = inventory
    view = dashboard.overview(territory, build.TODAY)
    assert [r.zone.site_nom for r in view.zones] == ["ZA des Forges", "ZA du Morvan", "ZI du Canal"]
    assert view.units == one.units.count() + two.units.count() + three.units.count() == 16
    assert view.gross == one.site_surf_brute + two.site_surf_brute + three.site_surf_brute
    assert view.useful == 100_000.0 and view.useful_missing == 2
    assert view.occupants == {"confirmed": 2, "proposed": 1, "rejected": 0}
    forges = next(r for r in view.zones if r.zone == one)
    assert (forges.units, forges.occupied_units, forges.confirmed, forges.closed) == (4, 1, 2, 1)
    assert (forges.vacancy.vacant, forges.vacancy.known, forges.vacancy.unknown) == (
        1,
        3,
        ["Z" + one.site_id[1:] + "-T004"],
    )
    assert view.rate == pytest.approx(100 * (1 + 5) / (3 + 10))
    assert [(s, n) for s, _label, n in view.brownfields if n] == [
        (Brownfield.Status.WITHOUT_PROJECT, 2),
        (Brownfield.Status.WITH_PROJECT, 1),
    ]
    assert (view.offers_available, view.offers_surface, view.needs_open) == (2, 3300.0, 1)
    assert view.sources.inventory_updated == dt.date(2025, 9, 9)
    assert view.sources.synthetic_zones == 1
    assert view.sources.cfe_evidence == 3 + 10


def test_vacancy_per_epci_adds_up_units_rather_than_averaging_rates(inventory, territory):
    view = dashboard.overview(territory, build.TODAY)
    by_siren = {e.siren: e for e in view.epcis}
    a, b = by_siren[CC_A[0]], by_siren[CC_B[0]]
    assert (a.zones, a.units, a.vacant, a.known, a.unknown) == (2, 14, 6, 13, 1)
    assert a.rate == pytest.approx(100 * 6 / 13)
    zone_rates = [r.vacancy.rate for r in view.zones if r.zone.site_epci_siren == CC_A[0]]
    assert a.rate != pytest.approx(sum(zone_rates) / len(zone_rates))  # 46.2 %, not the mean 41.7 %
    assert a.bounds == pytest.approx((100 * 6 / 14, 100 * 7 / 14))
    assert (b.units, b.known, b.rate) == (2, 0, None)


def test_available_surface_counts_units_for_sale_and_available_offers_by_vocation(inventory, territory):
    view = dashboard.overview(territory, build.TODAY)
    rows = {r.vocation: r for r in view.availability.rows}
    assert (rows["industrielle"].zones, rows["industrielle"].units_available) == (2, 1)
    assert rows["industrielle"].units_surface == 2500.0 and rows["industrielle"].offers_surface == 2500.0
    assert (rows["commerciale"].units_available, rows["commerciale"].offers) == (0, 0)
    assert (rows[""].offers, rows[""].offers_surface) == (1, 800.0)  # outside the zones, listed last
    assert view.availability.rows[-1].vocation == ""


def test_the_page_shows_the_figures_with_their_sources(inventory, territory, committee):
    BrownfieldImport.objects.create(territory=territory, source="friches-21.csv", sha256="0" * 64, sites=3)
    response = signed_in(committee).get(reverse("land:home", kwargs={"slug": territory.slug}))
    assert response.status_code == 200
    page = response.content.decode()
    view = response.context["view"]
    assert f'data-zone="{inventory[0].site_id}"' in page
    assert "friches-21.csv" in page
    assert "« synthétique »" in page
    assert reverse("land:zone_sheet", kwargs={"slug": territory.slug, "pk": inventory[0].pk}) in page
    assert f"{view.rate:.1f}".replace(".", ",") in page  # French decimal comma
    assert 'id="epci-h"' in page and 'href="#epci-h"' in page


def test_each_table_downloads_as_csv(inventory, territory, committee):
    browser = signed_in(committee)
    url = reverse("land:home", kwargs={"slug": territory.slug})
    epci = browser.get(url, {"format": "csv", "table": "epci"})
    assert epci["Content-Type"].startswith("text/csv")
    header, *rows = rows_of(epci)
    assert header[0] == _("EPCI (SIREN)")
    first = dict(zip(header, rows[0], strict=True))
    assert first[_("EPCI (SIREN)")] == CC_A[0] and first[_("Vacancy rate (%)")] == f"{100 * 6 / 13:.1f}"
    zones = rows_of(browser.get(url, {"format": "csv", "table": "zones"}))
    assert len(zones) == 1 + 3
    for table in ("vocations", "brownfields"):
        assert browser.get(url, {"format": "csv", "table": table}).status_code == 200
    assert browser.get(url, {"format": "csv", "table": "nothing"}).status_code == 404


def test_the_stage_of_the_procedure_comes_from_the_latest_consultation_and_adoption(territory):
    today = build.TODAY
    assert dashboard.procedure_of(territory, today).stage == "draft"
    OwnerConsultation.objects.create(territory=territory, started_on=today - dt.timedelta(days=10))
    procedure = dashboard.procedure_of(territory, today)
    assert (procedure.stage, procedure.days_left) == ("consultation", 20)
    assert procedure.deadline == today + dt.timedelta(days=20)
    adoption = Adoption.objects.create(territory=territory, adopted_on=today, deliberation="D-2026-01")
    procedure = dashboard.procedure_of(territory, today)
    assert procedure.stage == "adopted" and procedure.refresh_due == adoption.refresh_due
    adoption.transmissions.create(document="scot", body="Syndicat du SCoT", sent_on=today)
    assert dashboard.procedure_of(territory, today).stage == "transmitted"
    OwnerConsultation.objects.create(territory=territory, started_on=today + dt.timedelta(days=1))  # a refresh
    assert dashboard.procedure_of(territory, today + dt.timedelta(days=2)).stage == "consultation"


def test_without_any_zone_the_page_says_how_to_start(territory, committee):
    response = signed_in(committee).get(reverse("land:home", kwargs={"slug": territory.slug}))
    page = response.content.decode()
    assert _("No zone is inventoried yet") in page
    assert 'id="zones-table"' not in page


@pytest.mark.parametrize("role", ["team", "committee", "partner", "company"])
def test_the_dashboard_pages_are_for_the_team_and_the_committee(role, territory, request):
    from tests.land.access_dashboard import DASHBOARD_URLS, dashboard_objects

    browser = signed_in(request.getfixturevalue(role))
    kwargs = dashboard_objects(territory, "90000000100009")
    for name, roles in DASHBOARD_URLS.items():
        url = reverse(name, kwargs={"slug": territory.slug, **kwargs.get(name, {})})
        assert browser.get(url).status_code == (200 if role in roles else 403), (name, role)


def test_zones_without_an_adopted_inventory_after_the_legal_deadline_are_warned_of(inventory, territory, committee):
    from tindus.land.periodic_procedure import refresh_notice

    page = signed_in(committee).get(reverse("land:home", kwargs={"slug": territory.slug})).content.decode()
    assert 'id="land-refresh-notice"' in page
    assert escape(refresh_notice(territory).text) in page
