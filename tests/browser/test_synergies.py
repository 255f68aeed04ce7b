"""The team works on the demo territory's synergies in the browser: the interactive network, a need and
the resources ranked for it with their reasons, a proposal followed, and the pipeline refusing an
abandonment without its reason. No request leaves for another host."""

import re

import pytest
from playwright.sync_api import expect

from .test_consultation import sign_in

pytestmark = pytest.mark.browser

SLUG = "vague-1-ti-2704"


def test_network_needs_and_pipeline(served_app, page):
    sign_in(page, served_app)
    page.goto(f"{served_app}/territoires/{SLUG}/synergies/reseau/")
    expect(page.locator("p.message")).to_contain_text("synthétiques")
    nodes = page.locator("svg.network-graph g.node")
    assert nodes.count() >= 5
    first = page.locator("table tbody tr").first.locator("td").first.inner_text()
    hub = page.locator(f'svg.network-graph g.node:has(title:text-is("{first}"))').first
    hub.focus()
    page.keyboard.press("Enter")
    expect(hub).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#network-details")).to_contain_text(first)
    expect(page.locator("#network-details")).to_contain_text("Entreprises liées")
    assert page.locator("svg.network-graph g.node.is-near").count() >= 2  # itself and a partner
    options = page.locator("#network-community option")
    assert options.count() >= 2
    community = options.nth(1).get_attribute("value")
    page.select_option("#network-community", community)
    hidden = page.locator("svg.network-graph g.node[display='none']").count()
    assert 0 < hidden < nodes.count()

    page.goto(f"{served_app}/territoires/{SLUG}/synergies/declarations/")
    page.get_by_role("link", name="Copeaux et chutes métalliques triés").first.click()
    cards = page.locator("ol.candidates > li.card")
    expect(cards.first).to_contain_text("12 01 01")
    expect(cards.first).to_contain_text("km")
    page.locator("ol.candidates").get_by_role("button", name="Proposer cet échange").first.click()
    page.wait_for_url(re.compile(r"/synergies/suivi/\d+/$"))
    expect(page.locator("h1")).to_contain_text("→")
    page.select_option("#id_status", "abandoned")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.locator("#id_reason_errors")).to_contain_text("Indiquer pourquoi")
    page.select_option("#id_status", "abandoned")
    page.select_option("#id_reason", "qualite")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.locator("ol.changes")).to_contain_text("qualité ou régularité de la matière")
    assert page.requested_hosts <= {served_app.split("/")[2]}
