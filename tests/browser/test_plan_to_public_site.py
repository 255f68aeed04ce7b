"""The team creates a project, moves it through two statuses, publishes it; the public sees it."""

import re

import pytest

pytestmark = pytest.mark.browser

SLUG = "vague-1-ti-2704"


def sign_in(page, url):
    page.goto(f"{url}/connexion/")
    page.locator("#id_username").fill("equipe@demo.tindus.localhost")
    page.locator("#id_password").fill("demo-tindus")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/compte/$"))


def test_project_from_creation_to_the_public_panorama(served_app, page, browser):
    sign_in(page, served_app)
    page.goto(f"{served_app}/territoires/{SLUG}/plan/")
    page.get_by_role("link", name="Nouveau projet").first.click()
    page.locator("#id_title").fill("Plateforme mutualisée de formation aux microtechniques")
    page.locator("#id_porteur_name").fill("CC du Val de Morteau")
    page.locator("#id_start_date").fill("2024-01-15")
    page.locator("#id_end_date").fill("2026-12-31")
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/plan/projets/\d+/$"))
    project_url = page.url
    assert page.locator("#current-status").inner_text() == "idée"

    for status in ("preparing", "in_progress"):  # both today: the date field starts at today
        page.locator("#statut summary").click()
        page.locator("#statut select[name=status]").select_option(status)
        with page.expect_navigation():
            page.locator("#statut button[type=submit]").click()
        assert page.url.endswith("/#statut")
    assert page.locator("#current-status").inner_text() == "en cours"
    history = page.locator("#statut table tbody tr")
    assert history.count() == 3
    # In date order, then in the order recorded: the status in force is the last line, and says so.
    statuses = [history.nth(i).locator("td").nth(1).inner_text() for i in range(3)]
    assert statuses == ["idée", "en préparation", "en cours en vigueur"]

    # Not public yet: the panorama does not show it.
    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(f"{served_app}/site/{SLUG}/projets/")
    assert "microtechniques" not in visitor.locator("#panorama").inner_text()

    page.goto(project_url + "modifier/")
    page.locator("#id_is_public").check()
    page.locator("#id_public_summary").fill("Former ensemble aux métiers de la précision.")
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_url(project_url)

    visitor.goto(f"{served_app}/site/{SLUG}/projets/")
    card = visitor.locator("#panorama li", has_text="microtechniques")
    assert card.count() == 1
    assert "CC du Val de Morteau" in card.inner_text() and "en cours" in card.inner_text()
    card.get_by_role("link").click()
    assert visitor.locator("h1").inner_text() == "Plateforme mutualisée de formation aux microtechniques"
    assert "Former ensemble aux métiers de la précision." in visitor.locator("main").inner_text()
    visitor.context.close()
