"""A regional coordinator of Bourgogne-Franche-Comté walks the programme's steering in the browser: the région's
map of its territories, the projects across territories narrowed to one funder, then a yearly report made in
the background and downloaded (a real PDF). The data is built here with the factories, on Django's live server
(not the demo); the report's job runs on the queue in the test's process. No request leaves for another host.

Selectors are ids, names, classes and addresses, so that the test holds whatever the catalogue's wording."""

import datetime as dt
import os
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, FundingFactory, PlanFactory, ProjectFactory, SteeringMembershipFactory
from tests.jobs.inprocess import run_queue

pytestmark = pytest.mark.browser

YEAR = 2024


@pytest.fixture(scope="session")
def sync_orm_beside_playwright():
    """Playwright's synchronous API keeps an event loop in this thread: the database set-up and teardown and
    the ORM calls made here between its calls (factories, the queue) are synchronous all the same. Set before
    the test database is set up for the live server, until the session's end (after its teardown)."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def steering(sync_orm_beside_playwright, live_server):
    """Auxois Morvan shares its plan and funding in detail: three projects, each funded by another funder;
    Haut-Doubs Horloger keeps everything to itself. A regional coordinator of BFC."""
    from tindus.programme.models import Level, SharingSettings
    from tindus.referentials.loading import load_all
    from tindus.referentials.models import Region
    from tindus.territories.models import Territory

    if not Region.objects.filter(code="27").exists():  # another transactional test emptied the tables
        load_all()
    auxois = Territory.objects.get(kind="official", wave=1, official_id="ti-2701")
    haut_doubs = Territory.objects.get(kind="official", wave=1, official_id="ti-2704")
    for territory in (auxois, haut_doubs):
        PlanFactory(territory=territory)
    SharingSettings.objects.create(territory=auxois, plan=Level.DETAILED, funding=Level.DETAILED)
    SharingSettings.objects.create(territory=haut_doubs, **dict.fromkeys(SharingSettings.KINDS, Level.NOTHING))
    funded = {
        "Atelier de maintenance partagé": ("region", "Conseil régional de Bourgogne-Franche-Comté"),
        "Campus des métiers de l'industrie": ("bpifrance", ""),
        "Réseau de chaleur de la zone": ("ademe", ""),
    }
    for title, (financeur, detail) in funded.items():
        project = ProjectFactory(territory=auxois, title=title, status="in_progress")
        FundingFactory(project=project, financeur=financeur, financeur_detail=detail, amount=Decimal(50_000),
                       requested_on=dt.date(YEAR, 3, 1), granted_on=dt.date(YEAR, 6, 1))  # fmt: skip
    secret = ProjectFactory(territory=haut_doubs, title="Projet confidentiel du Haut-Doubs")
    FundingFactory(project=secret, financeur="bpifrance", amount=Decimal(999_000))
    user = SteeringMembershipFactory(user__username="coordination@bfc.test").user
    return {"url": live_server.url, "user": user, "auxois": auxois, "haut_doubs": haut_doubs, "funded": funded}


def sign_in(page, url: str, email: str) -> None:
    page.goto(f"{url}/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/compte/$"))


def test_a_regional_coordinator_walks_the_map_the_projects_by_funder_and_downloads_the_report(
    sync_orm_beside_playwright, steering, page
):
    url = steering["url"]
    sign_in(page, url, steering["user"].email)

    # The région's map: an SVG of its followed territories, both demo territories among them
    page.goto(f"{url}/programme/regions/27/")
    svg = page.locator("#carte ~ figure svg.map")
    expect(svg).to_be_visible()
    shapes = svg.locator("g.map-choropleth path[data-code]")
    assert shapes.count() >= 2
    codes = {shapes.nth(i).get_attribute("data-code") for i in range(shapes.count())}
    assert {steering["auxois"].slug, steering["haut_doubs"].slug} <= codes
    page.locator("#indicateur").select_option(index=1)  # colour it by another indicator
    page.locator("#indicator-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"indicateur="))
    expect(page.locator("#carte ~ figure svg.map")).to_be_visible()

    # The projects across territories, narrowed to one funder
    page.goto(f"{url}/programme/regions/27/projets/")
    rows = page.locator("table#projects tbody tr")
    titles = set(steering["funded"])
    expect(rows).to_have_count(len(titles))  # the silent territory's private project is not listed
    expect(page.locator("table#projects")).not_to_contain_text("Projet confidentiel")
    funder = page.locator("#filtre-financeur")
    options = funder.locator("option")
    bpifrance = next(
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if "Bpifrance" in options.nth(i).inner_text()
    )
    funder.select_option(bpifrance)
    page.locator("#project-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"financeur="))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Campus des métiers de l'industrie")
    expect(rows.first).to_contain_text("Bpifrance")

    # The yearly report: started, made in the background, downloaded
    report_url = f"{url}/programme/regions/27/rapport/"
    page.goto(report_url)
    page.locator("#id_year").fill(str(YEAR))
    page.locator('input[name="formats"][value="pdf"]').check()
    page.locator('input[name="formats"][value="xlsx"]').uncheck()
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url(report_url)
    expect(page.locator("#reports tbody tr")).to_have_count(1)
    run_queue()  # the worker's part, in this process
    link = page.locator('#reports a[href*="/fichier/"]')
    expect(link).to_be_visible(timeout=15_000)  # the page follows the job and shows its file
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"rapport-programme-{YEAR}-region-27.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    origin = urlsplit(url).netloc
    assert page.requested_hosts <= {origin}, page.requested_hosts
