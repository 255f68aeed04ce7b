"""Employees answer the questionnaire from its link; the team sees results only after five answers.

The territory team creates an employee consultation in the browser, then five people, each on a
device of their own (a fresh browser context: no cookie, no session), open the answer link. The
question on car-sharing shows only to those who drive alone (conditions.js), a missing job is refused
without storing anything, and the team's results page stays empty until the fifth answer, then shows
the counts given — with job codes named by fewer than five respondents folded into « autres ».
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "vague-1-ti-2704"
MODES = ("voiture seul", "covoiturage", "transport en commun", "vélo ou à pied")

# (jobs, mode, car-sharing answer, mode first chosen then left): what each respondent gives.
RESPONDENTS = [
    ("H2903", "voiture seul", "oui", None),
    ("H2903 H2909", "voiture seul", "peut-être", None),
    ("H2903", "covoiturage", "non", "voiture seul"),  # answers the conditional question, then hides it
    ("H2903", "vélo ou à pied", None, None),
    ("H2903", "voiture seul", None, None),  # the question shows but stays unanswered
]


def sign_in(page, url):
    page.goto(f"{url}/connexion/")
    page.locator("#id_username").fill("equipe@demo.tindus.localhost")
    page.locator("#id_password").fill("demo-tindus")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/compte/$"))


def answer_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#answer-count").inner_text()).group())


def assert_results_hidden(page, expected: int):
    page.reload()
    assert answer_count(page) == expected
    expect(page.locator("#results-hidden")).to_be_visible()
    assert page.locator("#results-respondents").count() == 0
    assert page.locator("section.result").count() == 0
    assert page.locator("svg.chart").count() == 0


def chart_figures(section) -> dict[str, str]:
    """The label and value of every bar of a result section's chart, as the page shows them."""
    bars = section.locator("svg.chart g")
    return {
        bars.nth(i).locator("text.chart-label title").text_content(): bars.nth(i)
        .locator("text.chart-value")
        .text_content()
        for i in range(bars.count())
    }


def choose(page, question: str, value: str):
    page.locator(f'input[name="q-{question}"][value="{value}"]').check()


def open_questionnaire(browser, link: str):
    """A new device: fresh cookies; every request it makes must stay on the Tindus server."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(request.url.split("/")[2]))
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Consultation des salariés")
    carpool = page.locator("#question-covoiturage")
    expect(carpool).to_be_hidden()  # no mode chosen yet
    return page, carpool


def submit_and_thank(page, served_app: str):
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_url(re.compile(r"/repondre/[^/]+/merci/$"))
    expect(page.locator("h1")).to_have_text("Merci")
    expect(page.locator("main")).to_contain_text("Vos réponses ont été enregistrées.")
    assert page.requested_hosts == {served_app.split("/")[2]}


def test_employee_questionnaire_from_link_to_results_after_five_answers(served_app, page, browser):
    # The team creates the consultation; its page gives the answer link and no result yet.
    sign_in(page, served_app)
    page.goto(f"{served_app}/territoires/{SLUG}/consultation/")
    expect(page.get_by_role("heading", name="Nouvelle consultation")).to_be_visible()
    today = dt.date.today()
    page.locator("#id_title").fill("Salariés du Haut-Doubs, test navigateur")
    page.locator("#id_audience").select_option("employees")
    page.locator("#id_opens_on").fill((today - dt.timedelta(days=1)).isoformat())
    page.locator("#id_closes_on").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Créer").click()
    page.wait_for_url(re.compile(rf"/territoires/{SLUG}/consultation/\d+/$"))
    results_url = page.url
    expect(page.locator("h1")).to_have_text("Salariés du Haut-Doubs, test navigateur")
    assert answer_count(page) == 0
    expect(page.locator("#results-hidden")).to_be_visible()
    link = page.locator("[id^=answer-link-]").get_attribute("href")
    assert re.search(r"/repondre/[^/]+/$", link)

    # An anonymous visitor is sent to the login page, not shown the results.
    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(results_url)
    assert re.search(r"/connexion/\?next=.*consultation", visitor.url)
    assert visitor.locator("#results-hidden, #results-respondents, [id^=answer-link-]").count() == 0
    visitor.context.close()

    for number, (jobs, mode, carpooling, first_mode) in enumerate(RESPONDENTS, start=1):
        respondent, carpool = open_questionnaire(browser, link)
        if first_mode:
            choose(respondent, "mode", first_mode)
            expect(carpool).to_be_visible()
            choose(respondent, "covoiturage", carpooling)
        choose(respondent, "mode", mode)
        if mode == "voiture seul":
            expect(carpool).to_be_visible()
            if carpooling:
                choose(respondent, "covoiturage", carpooling)
        else:
            expect(carpool).to_be_hidden()

        if number == 1:
            # Bad input: the required job is missing; the answer is refused and nothing is stored.
            with respondent.expect_navigation():
                respondent.get_by_role("button", name="Envoyer mes réponses").click()
            assert "/merci/" not in respondent.url
            job = respondent.locator("#question-metier")
            expect(job).to_have_class(re.compile(r"\bfield-error\b"))
            expect(job.locator(".errorlist")).to_have_text("Cette question demande une réponse.")
            # What was given is kept, and the condition still holds on the re-rendered form.
            expect(respondent.locator('input[name="q-mode"][value="voiture seul"]')).to_be_checked()
            expect(carpool).to_be_visible()
            assert_results_hidden(page, 0)

        if number == 3:  # chosen by name in the suggestions, as on a phone: « name (code) »
            jobs = respondent.locator('#codes-rome option[value$="(H2903)"]').get_attribute("value")
        respondent.locator("#q-metier").fill(jobs)
        submit_and_thank(respondent, served_app)
        if number == 1:
            # The same device comes back: told its answers are already in, not asked again.
            respondent.goto(link)
            expect(respondent.locator("main")).to_contain_text("Vos réponses ont déjà été reçues depuis cet appareil.")
            assert respondent.locator("form.questionnaire").count() == 0
        respondent.context.close()

        if number < 5:
            assert_results_hidden(page, number)

    # Five answers: the results show, with the figures given above.
    page.reload()
    assert answer_count(page) == 5
    assert page.locator("#results-hidden").count() == 0
    assert re.match(r"5\b", page.locator("#results-respondents").inner_text())

    mode_section = page.locator("section.result", has=page.locator("h3", has_text="Comment venez-vous travailler ?"))
    expect(mode_section).to_have_count(1)
    expect(mode_section.locator("p.source")).to_have_text(re.compile(r"^\s*5 réponses"))
    given = {m: sum(1 for r in RESPONDENTS if r[1] == m) for m in MODES}
    assert given == {"voiture seul": 3, "covoiturage": 1, "transport en commun": 0, "vélo ou à pied": 1}
    # Single-choice answers are shown in full once the group holds five respondents.
    assert chart_figures(mode_section) == {m: str(n) for m, n in given.items()}

    # Asked only of drivers: two answered; the answer given before switching mode was dropped.
    carpool_section = page.locator("section.result", has=page.locator("h3", has_text="Seriez-vous prêt à covoiturer ?"))
    expect(carpool_section.locator("p.source")).to_have_text(re.compile(r"^\s*2 réponses"))
    assert chart_figures(carpool_section) == {"oui": "1", "non": "0", "peut-être": "1"}

    # Job codes identify people: H2903 (5 respondents) is shown with its name, H2909 (1) is counted in « autres ».
    job_section = page.locator("section.result", has=page.locator("h3", has_text="Votre métier"))
    figures = chart_figures(job_section)
    (job,) = [label for label in figures if label != "autres"]
    assert re.fullmatch(r"\w.+ \(H2903\)", job) and figures == {job: "5", "autres": "1"}
    assert "H2909" not in page.locator("main").inner_text()
