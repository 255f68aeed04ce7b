"""The programme's steering on the real demo, as `make run` serves it (gunicorn and its task worker): the
regional coordinator of Bourgogne-Franche-Comté opens « Programme steering » from the main menu, reads the
région's map of its territories and recolours it, narrows the projects across territories to the Région (a
funder the demo writes three ways), makes the yearly report in PDF and XLSX on the queue and downloads both;
the national account reads the régions, which the regional coordinator may not. No request leaves for
another host.

Expected figures are read from the demo's own definition (``tindus.programme.demo``), not written here.
Selectors are ids, names, classes and addresses, so that the test holds whatever the catalogue's wording."""

import io
import re
from urllib.parse import urlsplit

import openpyxl
import pytest
from playwright.sync_api import expect

from .test_events import signed_in

pytestmark = pytest.mark.browser

REGION = "27"  # Bourgogne-Franche-Comté, the région of both demo territories
OTHER_REGION = "84"  # Auvergne-Rhône-Alpes, which the regional coordinator does not steer
DEMO_SLUGS = ("vague-1-ti-2701", "vague-1-ti-2704")  # Auxois Morvan and Haut-Doubs Horloger, wave 1
INDICATOR = "comites-12-mois"  # committees held in the last 12 months: both demo territories have some
REPORT_TIMEOUT_MS = 180_000  # the worker may be busy with other tests' jobs


@pytest.fixture
def sessions(served_app, browser):
    """Pages signed in as demo accounts, each in its own browser context, closed at the end."""
    pages = []

    def open_as(who: str):
        pages.append(signed_in(browser, served_app, who))
        return pages[-1]

    yield open_as
    for page in pages:
        page.context.close()


def region_funder_in_detail():
    """What the demo's shared-in-detail funding says of the Région: the titles of the projects it funds and
    the spellings the teams used (the territories sharing their funding aggregated list no funder)."""
    from tindus.plan.models import Financeur
    from tindus.programme.demo import HAUT_DOUBS, HAUT_DOUBS_PROJECTS, SHARING, SYNTHETIC
    from tindus.programme.models import Level

    assert SHARING[HAUT_DOUBS]["funding"] == Level.DETAILED
    titles, spellings = set(), set()
    for _ref, title, *_rest, fundings, _milestones in HAUT_DOUBS_PROJECTS:
        for financeur, detail, *_amounts in fundings:
            if financeur == Financeur.REGION:
                titles.add(f"{title} {SYNTHETIC}")
                spellings.add(detail)
    return titles, spellings


def map_values(page) -> dict[str, str]:
    """Each demo territory's label and value as the map's shapes give them (« label : value »)."""
    values = {}
    for slug in DEMO_SLUGS:
        shape = page.locator(f'#carte ~ figure svg.map path[data-code="{slug}"]')
        expect(shape).to_have_count(1)
        label, value = shape.locator("title").text_content().rsplit(" : ", 1)
        values[label.strip()] = value.strip()
    return values


def table_values(page) -> dict[str, str]:
    rows = page.locator("table#territories-map tbody tr")
    return {rows.nth(i).locator("th").inner_text().strip(): rows.nth(i).locator("td").first.inner_text().strip()
            for i in range(rows.count())}  # fmt: skip


def check_map_follows_its_table(page) -> dict[str, str]:
    """The demo territories are drawn, listed in the table with the shape's value, and every shape's colour
    class is explained in the legend."""
    on_map = map_values(page)
    listed = table_values(page)
    for label, value in on_map.items():
        assert listed.get(label) == value, (label, value, listed)
    legend = {
        cls
        for cls in page.locator("#carte ~ figure ul.legend .swatch").evaluate_all("els => els.map(e => e.className)")
    }
    shapes = page.locator("#carte ~ figure g.map-choropleth path[data-code]")
    for i in range(shapes.count()):
        colour = shapes.nth(i).get_attribute("class")
        assert f"swatch {colour}" in legend, (colour, legend)
    return on_map


def test_regional_coordinator_map_projects_by_region_funder_and_report_then_national(served_app, sessions):
    url = served_app
    coordinator = sessions("region")

    # From the main menu to the steering, then to the région
    coordinator.locator('header nav a[href="/programme/"]').click()
    coordinator.wait_for_url(f"{url}/programme/")
    coordinator.locator(f'main a[href="/programme/regions/{REGION}/"]').click()
    coordinator.wait_for_url(f"{url}/programme/regions/{REGION}/")
    expect(coordinator.locator("#carte ~ figure svg.map")).to_be_visible()
    before = check_map_follows_its_table(coordinator)
    followed = coordinator.locator("table#territories-map tbody tr").count()
    assert followed >= len(DEMO_SLUGS)
    legend_before = coordinator.locator("#carte ~ figure ul.legend").inner_text()
    header_before = coordinator.locator("table#territories-map thead").inner_text()

    # Coloured by another indicator: the selector, the legend, the table and the shapes follow
    coordinator.locator("#indicateur").select_option(INDICATOR)
    coordinator.locator("#indicator-form button[type=submit]").click()
    coordinator.wait_for_url(re.compile(rf"indicateur={INDICATOR}"))
    expect(coordinator.locator("#indicateur")).to_have_value(INDICATOR)
    after = check_map_follows_its_table(coordinator)
    assert coordinator.locator("#carte ~ figure ul.legend").inner_text() != legend_before
    assert coordinator.locator("table#territories-map thead").inner_text() != header_before
    assert after.keys() == before.keys()
    assert all(re.fullmatch(r"\d+", value) and int(value) > 0 for value in after.values()), after

    # The projects across territories, narrowed to the Région however the teams wrote it
    titles, spellings = region_funder_in_detail()
    assert len(spellings) == 3
    coordinator.locator(f'a[href="/programme/regions/{REGION}/projets/"]').first.click()
    coordinator.wait_for_url(f"{url}/programme/regions/{REGION}/projets/")
    rows = coordinator.locator("table#projects tbody tr")
    every_project = rows.count()
    assert every_project > len(titles)
    funder = coordinator.locator("#filtre-financeur option")
    labels = [funder.nth(i).inner_text().strip() for i in range(funder.count())]
    region_options = [label for label in labels if "Bourgogne-Franche-Comté" in label or "BFC" in label]
    assert region_options == ["Région Bourgogne-Franche-Comté"], labels
    assert not spellings & set(labels), labels
    coordinator.locator("#filtre-financeur").select_option(label="Région Bourgogne-Franche-Comté")
    coordinator.locator("#project-filters button[type=submit]").click()
    coordinator.wait_for_url(re.compile(r"financeur="))
    expect(rows).to_have_count(len(titles))
    shown = {rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(rows.count())}
    assert shown == titles
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text("Région Bourgogne-Franche-Comté")
    merged = coordinator.locator("table#merged-funders tbody tr", has=coordinator.locator(
        "th", has_text=re.compile(r"^Région Bourgogne-Franche-Comté$")))  # fmt: skip
    expect(merged).to_have_count(1)
    expect(merged.locator("td").first).to_have_text(str(len(spellings)))
    for spelling in spellings:
        expect(merged).to_contain_text(f"« {spelling} »")

    # The yearly report, in both formats, made by the served app's worker and downloaded
    report_url = f"{url}/programme/regions/{REGION}/rapport/"
    coordinator.locator(f'main p.source a[href="/programme/regions/{REGION}/"]').click()  # the trail, up
    coordinator.locator(f'main a[href="/programme/regions/{REGION}/rapport/"]').first.click()
    coordinator.wait_for_url(report_url)
    year_field = coordinator.locator("#id_year")
    year = int(year_field.input_value())  # the year the form offers first
    assert int(year_field.get_attribute("min")) <= year <= int(year_field.get_attribute("max"))
    own_rows = coordinator.locator("#reports tbody tr")
    earlier = set(own_rows.evaluate_all("rows => rows.map(r => r.id)")) if own_rows.count() else set()
    for fmt in ("pdf", "xlsx"):
        coordinator.locator(f'#report-form input[name="formats"][value="{fmt}"]').check()
    coordinator.locator("#report-form button[type=submit]").click()
    coordinator.wait_for_url(report_url)
    expect(own_rows).to_have_count(len(earlier) + 2)
    made = [row_id for row_id in own_rows.evaluate_all("rows => rows.map(r => r.id)") if row_id not in earlier]
    files = {}
    for row_id in made:
        row = coordinator.locator(f"tr#{row_id}")
        expect(coordinator.locator(f"tr#{row_id}.job-succeeded, tr#{row_id}.job-failed")).to_be_visible(
            timeout=REPORT_TIMEOUT_MS
        )  # the page follows the job without being reloaded
        assert "job-succeeded" in row.get_attribute("class"), row.inner_text()
        with coordinator.expect_download() as download_info:
            row.locator("a[download]").click()
        download = download_info.value
        with open(download.path(), "rb") as handle:
            files[download.suggested_filename] = handle.read()
    stem = f"rapport-programme-{year}-region-{REGION}"
    assert set(files) == {f"{stem}.pdf", f"{stem}.xlsx"}
    assert files[f"{stem}.pdf"].startswith(b"%PDF-")
    workbook = openpyxl.load_workbook(io.BytesIO(files[f"{stem}.xlsx"]), read_only=True)
    cells = {str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None}  # fmt: skip
    for name in ("Auxois Morvan", "Haut-Doubs Horloger"):
        assert any(name in cell for cell in cells), name

    # The national page is the national team's, not the région's
    assert coordinator.goto(f"{url}/programme/national/").status == 403
    assert coordinator.goto(f"{url}/programme/regions/{OTHER_REGION}/").status == 403
    national = sessions("national")
    national.locator('header nav a[href="/programme/"]').click()
    national.wait_for_url(f"{url}/programme/")
    national.locator('main a[href="/programme/national/"]').click()
    national.wait_for_url(f"{url}/programme/national/")
    regions = national.locator("table#regions-sharing tbody tr")
    bfc = regions.filter(has=national.locator(f'th a[href="/programme/regions/{REGION}/"]'))
    expect(bfc).to_have_count(1)
    assert int(bfc.locator("td").first.get_attribute("data-value")) == followed
    assert regions.filter(has=national.locator(f'th a[href="/programme/regions/{OTHER_REGION}/"]')).count() == 1
    assert national.goto(f"{url}/programme/regions/{OTHER_REGION}/").status == 200

    origin = urlsplit(url).netloc
    for visited in (coordinator, national):
        assert visited.requested_hosts <= {origin}, visited.requested_hosts
