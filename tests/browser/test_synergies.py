"""The team works on the demo territory's synergies in the browser: the interactive network (names that overlap
nothing, the focused company's name shown above all), a need and
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
    # Written names overlap neither each other nor any circle, with the browser's own fonts.
    crossings = page.evaluate("""() => {
        const nodes = [...document.querySelectorAll("svg.network-graph g.node")];
        const box = (node, sel) => node.querySelector(sel) && node.querySelector(sel).getBoundingClientRect();
        const labels = nodes.map(node => box(node, "text.node-label:not(.on-demand)"));
        const circles = nodes.map(node => box(node, "circle"));
        const cross = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
            && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        let n = 0;
        labels.forEach((a, i) => {
            if (!a) { return; }
            labels.forEach((b, j) => { if (j > i && b && cross(a, b)) { n++; } });
            circles.forEach((c, j) => { if (j !== i && cross(a, c)) { n++; } });
        });
        return [labels.filter(Boolean).length, n];
    }""")
    assert crossings[0] >= 3 and crossings[1] == 0, crossings
    hub.focus()
    overlay = page.locator("svg.network-graph .network-overlay text")
    expect(overlay).to_have_count(1)
    assert first.startswith(overlay.text_content().rstrip("…"))  # its name, above every other company
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
