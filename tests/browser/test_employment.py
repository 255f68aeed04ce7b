"""The team imports a LHÉO training offer (a background job), reads the demo territory's needs table from the
real BMO files with its gaps, and turns a gap into a project of the action plan that cites the job.

Selectors are ids, classes and addresses, so that the test holds whatever the wording of the catalogue."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.employment.builders import lheo

from .test_consultation import sign_in

pytestmark = pytest.mark.browser

SLUG = "vague-1-ti-2704"
TITLE = "Diplôme d'État d'aide-soignant — session du navigateur"


def test_import_a_lheo_offer_see_a_gap_and_make_it_a_plan_project(served_app, page, tmp_path):
    sign_in(page, served_app)
    start = dt.date.today() + dt.timedelta(days=45)
    offer = tmp_path / "offre-lheo.xml"
    offer.write_bytes(lheo(title=TITLE, start=start, end=start + dt.timedelta(days=300), places=18))
    page.goto(f"{served_app}/territoires/{SLUG}/emploi-formation/offre/importer/")
    page.select_option("#id_kind", "lheo")
    page.set_input_files("#id_file", str(offer))
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/taches/[0-9a-f-]+/$"))
    expect(page.locator("#job-status.job-succeeded")).to_be_visible(timeout=60_000)  # the page follows the job
    expect(page.locator(".job-summary")).to_contain_text("offre-lheo.xml")

    page.goto(f"{served_app}/territoires/{SLUG}/emploi-formation/offre/")
    expect(page.locator("main table").last).to_contain_text(TITLE)

    page.goto(f"{served_app}/territoires/{SLUG}/emploi-formation/")
    expect(page.locator("#area-territoire")).to_be_visible()
    assert page.locator("table.needs-table").count() == 1 + 5  # the territory and its five EPCI
    gaps = page.locator("ul.gaps li a")
    assert gaps.count() >= 1
    assert page.locator("tr.gap-row").count() >= gaps.count()
    gap = gaps.first
    job = re.search(r"/metiers/([A-Z0-9]{5})/", gap.get_attribute("href")).group(1)
    gap.click()
    page.wait_for_url(re.compile(rf"/metiers/{job}/"))
    expect(page.locator("p.message-error")).to_be_visible()  # the gap, named on the job's page

    page.select_option("#id_proposal-kind", "project")
    page.locator("#id_proposal-title").fill("Former et recruter au plus près : projet du navigateur")
    page.locator(f'form[action*="/metiers/{job}/proposer/"] button[type=submit]').click()
    page.wait_for_url(re.compile(r"/emploi-formation/propositions/\d+/$"))
    project_link = page.locator('dl.facts a[href*="/plan/projets/"]')
    expect(project_link).to_have_text("Former et recruter au plus près : projet du navigateur")
    project_link.click()
    page.wait_for_url(re.compile(r"/plan/projets/\d+/$"))
    expect(page.locator("h1")).to_contain_text("projet du navigateur")
    evidence = page.locator(f'a[href$="/emploi-formation/metiers/{job}/"]')
    expect(evidence.first).to_be_visible()  # the project cites the job as its evidence
