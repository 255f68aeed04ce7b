"""The Haut-Doubs Horloger page in a real browser: map drawn, 5 EPCI listed, nothing external."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_haut_doubs_page_draws_the_map_and_lists_the_epci(served_app, page):
    page.goto(f"{served_app}/territoires/")
    page.get_by_label("Rechercher").fill("Haut-Doubs")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Haut-Doubs Horloger").first.click()
    page.wait_for_url(re.compile(r"/territoires/vague-1-ti-2704/$"))

    assert page.locator("h1").inner_text() == "Haut-Doubs Horloger"
    communes = page.locator('#perimeter-map g[data-layer="communes"] path')
    assert communes.count() > 180
    box = page.locator("#perimeter-map svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    # The browser really painted the outlines: a commune path has a non-empty rendered box.
    assert communes.first.bounding_box()["width"] > 0
    assert page.locator('#perimeter-map g[data-layer="EPCI"] path').count() == 5

    rows = page.locator("#groupements tbody tr")
    assert rows.count() == 5
    names = set(rows.locator("td:first-child").all_inner_texts())
    assert names == {
        "CC du Val de Morteau",
        "CC du Plateau de Russey",
        "CC du Pays de Maîche",
        "CC des Portes du Haut-Doubs",
        "CC Loue-Lison",
    }
    assert page.requested_hosts == {served_app.split("/")[2]}


def test_skip_link_is_the_first_stop_of_the_keyboard(served_app, page):
    page.goto(f"{served_app}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_demo_account_signs_in_and_reaches_its_workspace(served_app, page):
    page.goto(f"{served_app}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("equipe@demo.tindus.localhost")
    page.get_by_label("Mot de passe").fill("demo-tindus")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/compte/$"))
    page.get_by_role("link", name="Haut-Doubs Horloger").click()
    assert "Espace de travail" in page.locator("h1").inner_text()
