"""A business meetings morning in the browser, from both sides: the demo company registers for the open
event and asks a company for a meeting; the team answers for that company, schedules the meetings in the
background and publishes the agendas; the company reads its agenda and downloads it (PDF, ICS); once the
event has taken place it gives its feedback, which opens an opportunity in the synergies follow-up.
No request leaves for another host."""

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "vague-1-ti-2704"
EVENT = "Matinale speed business de Pontarlier"


def signed_in(browser, url, who):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(request.url.split("/")[2]))
    page.goto(f"{url}/connexion/")
    page.locator("#id_username").fill(f"{who}@demo.tindus.localhost")
    page.locator("#id_password").fill("demo-tindus")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/compte/$"))
    return page


def open_event(page, url):
    page.goto(f"{url}/territoires/{SLUG}/evenements/")
    page.get_by_role("link", name=EVENT).click()
    expect(page.locator("h1")).to_have_text(EVENT)


def test_register_request_accept_schedule_agenda_feedback(served_app, browser):
    company = signed_in(browser, served_app, "entreprise")
    open_event(company, served_app)
    company.get_by_role("link", name="Inscrire votre entreprise").click()
    company.get_by_label("Nom du participant").fill("Camille Essai")
    company.get_by_label("Position").fill("Dirigeante")
    company.get_by_role("button", name="S'inscrire").click()
    expect(company.locator("main")).to_contain_text("Camille Essai")
    own = company.locator("main").inner_text().split(" est inscrite")[0].rsplit("\n", 1)[-1].strip()

    # the directory, then a request to the first company shown
    company.get_by_role("link", name="Annuaire des participants").click()
    ask = company.get_by_role("link", name=re.compile("Demander un rendez-vous")).first
    partner = ask.locator(".visually-hidden").inner_text().strip().removeprefix("avec ").strip()
    ask.click()
    company.get_by_label("Priorité").select_option(label="essentielle")
    company.get_by_label("Message").fill("Parlons de vos besoins de transport.")
    company.get_by_role("button", name="Envoyer la demande").click()
    expect(company.locator("main")).to_contain_text(f"Votre demande a été envoyée à {partner}")

    # the team answers for the partner company, which has no account of its own
    team = signed_in(browser, served_app, "equipe")
    open_event(team, served_app)
    team.get_by_role("link", name="Participants", exact=True).click()
    team.get_by_role("link", name=re.compile(rf"Ses rendez-vous\s*\({re.escape(partner)}\)")).click()
    team.get_by_role("link", name=re.compile(rf"Répondre.*{re.escape(own)}")).click()
    team.get_by_label("Accepter").check()
    team.get_by_role("button", name="Envoyer la réponse").click()
    expect(team.locator("main")).to_contain_text(own)

    # scheduling runs in the background; its page follows the progress, then the agendas are published
    open_event(team, served_app)
    team.get_by_role("link", name="Planifier les rendez-vous et publier les agendas").click()
    team.get_by_label("Temps de calcul maximal").fill("5")
    team.get_by_role("button", name="Lancer le planificateur").click()
    expect(team.locator("main")).to_contain_text("Terminée", timeout=60_000)
    team.get_by_role("link", name=re.compile("Ouvrir|planning", re.I)).first.click()
    expect(team.locator("main")).to_contain_text("optimal")
    team.get_by_role("button", name="Publier les agendas").click()
    expect(team.locator("main")).to_contain_text("publiés")

    # the company's agenda: the meeting with its partner, as a page, a PDF and a calendar file
    open_event(company, served_app)
    company.get_by_role("link", name=re.compile(f"Agenda de {re.escape(own)}")).click()
    row = company.locator("main table tr", has_text=partner)
    expect(row).to_have_count(1)
    slot = re.search(r"\d\d:\d\d", row.inner_text()).group()
    with company.expect_download() as pdf:
        company.get_by_role("link", name=re.compile("PDF")).first.click()
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
    with company.expect_download() as ics:
        company.get_by_role("link", name=re.compile("ICS")).first.click()
    calendar = Calendar.from_ical(Path(ics.value.path()).read_bytes())
    meetings = [e for e in calendar.walk("VEVENT") if partner in str(e.get("summary"))]
    assert len(meetings) == 1
    start = meetings[0].decoded("dtstart")
    assert f"{start:%H:%M}" == slot and start.tzinfo is not None

    # the morning took place: the team moves it to yesterday, the company tells what came of the meeting
    open_event(team, served_app)
    team.get_by_role("link", name="Modifier l'événement").click()
    team.locator("#id_date").fill(f"{dt.date.today() - dt.timedelta(days=1):%Y-%m-%d}")
    team.get_by_label("Date limite d'inscription").fill("")
    team.get_by_role("button", name="Enregistrer").click()
    expect(team.locator("main")).to_contain_text("L'événement a été enregistré")

    open_event(company, served_app)
    company.get_by_role("link", name="Donner votre retour sur vos rendez-vous").click()
    company.locator("main tr", has_text=partner).get_by_role("link", name=re.compile("Donner le retour")).click()
    company.get_by_label("coopération envisageable").check()
    company.get_by_label("Commentaire").fill("Une tournée de livraison commune est à l'étude.")
    company.get_by_role("button", name="Enregistrer").click()
    expect(company.locator("main")).to_contain_text("suivi des synergies")

    team.goto(f"{served_app}/territoires/{SLUG}/synergies/suivi/")
    expect(team.locator("main")).to_contain_text(partner)
    for page in (company, team):
        assert page.requested_hosts <= {served_app.split("/")[2]}
        page.context.close()
