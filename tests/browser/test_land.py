"""A team member draws a zone on the map of Auxois Morvan's communes, sees the establishments of the synthetic
warehouse proposed as its occupants, confirms one, draws a land unit, records its CFE status, reads the
vacancy rate, then exports the inventory as a GeoPackage that opens with the standard's layout and passes
the Table Schema validation.

Selectors are ids, classes, names and addresses, so that the test holds whatever the catalogue's wording."""

import re

import pyogrio
import pytest
from playwright.sync_api import expect

from tindus.land.compute.geopackage import read_geopackage, validate_for_export

from .test_consultation import sign_in

pytestmark = pytest.mark.browser

SLUG = "vague-1-ti-2701"
NAME = "ZA du navigateur"


def click_at(page, locator, fractions):
    """Click each (fx, fy) fraction of the element's box."""
    box = locator.bounding_box()
    for fx, fy in fractions:
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])


SQUARE = [(0.42, 0.42), (0.58, 0.42), (0.58, 0.58), (0.42, 0.58)]


def test_draw_a_zone_confirm_occupants_read_vacancy_and_export_the_geopackage(served_app, page, tmp_path):
    sign_in(page, served_app)
    land = f"{served_app}/territoires/{SLUG}/foncier"
    page.goto(f"{land}/zones/nouvelle/")
    drawing = page.locator("figure.land-draw svg.map")
    expect(drawing).to_be_visible()
    montbard = drawing.locator('g.map-communes path[data-code="21425"]')
    click_at(page, montbard, [(0.5, 0.5)])  # zoom in on Montbard
    click_at(page, drawing, SQUARE)
    expect(page.locator(".draw-status")).to_contain_text("4")
    perimeter = page.locator("#id_perimeter")
    assert '"Polygon"' in perimeter.input_value()
    page.locator("#id_site_nom").fill(NAME)
    page.select_option("#id_site_vocadomi", "industrielle")
    page.select_option("#id_site_comm_insee", "21425")
    page.select_option("#id_site_epci_siren", "242101491")
    page.locator("#id_site_moa_nom").fill("CC du Montbardois")
    page.locator("#id_site_surf_utile").fill("1000")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/foncier/zones/\d+/$"))
    expect(page.locator("h1")).to_contain_text(NAME)
    zone_url = page.url.split("#")[0]

    # A land unit drawn inside the zone
    page.goto(f"{zone_url}terrains/nouveau/")
    click_at(page, page.locator("figure.land-draw svg.map"), [(0.45, 0.45), (0.55, 0.45), (0.55, 0.55), (0.45, 0.55)])
    page.locator("#id_terr_refcad").fill("21425000AB0012")
    page.locator("#id_owner_name").fill("SCI du navigateur")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/foncier/zones/\d+/#units-h$"))
    expect(page.locator('a[href*="/cfe/"]').first).to_be_visible()  # the unit's row, with its CFE link

    # Occupants proposed from the warehouse, one confirmed
    page.locator('form[action$="/occupants/proposer/"] button[type=submit]').click()
    page.wait_for_url(re.compile(r"#occupants-h$"))
    proposed = page.locator('button[name$="-decision"][value="confirmed"]')
    assert proposed.count() >= 1, "no establishment of the synthetic warehouse proposed in the drawn zone"
    first_row = page.locator("tr[id^=occupant-]").first
    siret = first_row.locator("td").first.inner_text().strip()
    first_row.locator("input[type=checkbox]").first.check()  # it uses the unit drawn
    first_row.locator('button[value="confirmed"]').click()
    page.wait_for_url(re.compile(r"#occupants-h$"))
    expect(page.locator("#occupants-confirmed-h")).to_contain_text("(1)")
    expect(page.locator("#occupants-confirmed-h + div.table-scroll")).to_contain_text(siret)

    # The unit's CFE status, then the vacancy rate
    page.locator('a[href*="/cfe/"]').first.click()
    page.locator("#id_in_use_1").check()  # not used by a CFE-liable activity
    page.locator("#id_last_use_end").fill("2019-05-01")
    page.locator("#id_evidence").fill("rôle de CFE 2024")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"#vacancy-h$"))
    expect(page.locator("#vacancy-rate")).to_contain_text("100,0 %")

    export_and_check(page, land, tmp_path)


def export_and_check(page, land, tmp_path):
    """Export the inventory as a GeoPackage from the exchange page, download it, reopen it."""
    page.goto(f"{land}/echanges/")
    page.locator("form:has(input[name=format][value=gpkg]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/taches/[0-9a-f-]+/$"))
    expect(page.locator("#job-status.job-succeeded, #job-status.job-failed")).to_be_visible(timeout=120_000)
    assert page.locator("#job-status.job-succeeded").count() == 1, page.locator(".job-problems").inner_text()
    with page.expect_download() as download:
        page.locator("#job-status a[download]").click()
    path = tmp_path / "inventaire.gpkg"
    download.value.save_as(path)

    layers = {name for name, _kind in pyogrio.list_layers(path)}
    assert {"pole_eco", "site_eco", "terrain_eco", "etablissement"} <= layers
    inventory = read_geopackage(path)  # the template's layout, types and the standard's rules, or it raises
    assert validate_for_export(inventory) == []
    assert inventory.zones and inventory.units and inventory.establishments
    assert all(zone.geometry.is_valid for zone in inventory.zones)
    drawn = [zone for zone in inventory.zones if zone.site_nom == NAME]
    assert len(drawn) == 1
    units = [u for u in inventory.units if u.site_id == drawn[0].site_id]
    assert len(units) == 1
    assert any(e.terr_id == units[0].terr_id for e in inventory.establishments)
