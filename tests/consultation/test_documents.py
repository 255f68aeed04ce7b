"""The committee's PDF summary of a consultation, QR codes of answer links, and links made for a company."""

import datetime as dt
import re
import uuid
from xml.etree import ElementTree

import pytest
import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import MembershipFactory, siret
from tests.jobs.inprocess import result_bytes, run_job
from tindus.accounts.models import Role
from tindus.consultation.compute import ready_made
from tindus.consultation.compute.results import OTHER
from tindus.consultation.compute.summary import Rate, fold_rates, fold_themes
from tindus.consultation.models import Campaign, CampaignLink, Invitation, Questionnaire, Response
from tindus.consultation.services import new_token, save_schema
from tindus.consultation.views.documents import source_line, summary_context
from tindus.jobs.models import Job
from tindus.referentials.models import RomeJob

from .conftest import PONTARLIER, USINAGE

pytestmark = pytest.mark.django_db

IDEAS = [
    "Plus de formations en soudure pour les jeunes",
    "Des formations en soudure le soir",
    "Former à la soudure dans les lycées",
    "Une formation soudure pour les apprentis",
    "Formations de soudure reconnues",
    "Une crèche près de la zone industrielle de Montbard",  # alone: never quoted, never named
]


def make_campaign(territory, audience="employees", title="Consultation des salariés"):
    questionnaire = Questionnaire.objects.create(territory=territory, title=title, audience=audience)
    save_schema(questionnaire, ready_made.employees() if audience == "employees" else ready_made.leaders())
    return Campaign.objects.create(territory=territory, questionnaire=questionnaire, title=title,
                                   opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 4, 30))  # fmt: skip


def answer(campaign, day, invitation=None, **answers):
    return Response.objects.create(
        campaign=campaign, version=campaign.questionnaire.current_version(), submission_key=uuid.uuid4(),
        segments={"audience": campaign.audience, "a17": "C5", "size": "10 à 49 salariés"}, answers=answers,
        submitted_on=day, invitation=invitation,
    )  # fmt: skip


@pytest.fixture
def campaign(auxois):
    """Six employees' answers between 2 and 9 March 2026: four by car alone, two on foot or by bike."""
    campaign = make_campaign(auxois)
    for i, idea in enumerate(IDEAS):
        mode = "voiture seul" if i < 4 else "vélo ou à pied"
        answer(campaign, dt.date(2026, 3, 2 + (7 if i == 5 else 0)), mode=mode, attractivite=4 if i % 2 else 2,
               idee=idea, metier=["H2913"])  # fmt: skip
    return campaign


def html_of(campaign):
    with translation.override("fr"):
        return render_to_string("consultation/summary_pdf.html",
                                {**summary_context(campaign), "generated_at": timezone.now(), "css": ""})  # fmt: skip


def pdf_url(campaign):
    return reverse("consultation_team:summary_pdf", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk})


def member(territory, role):
    return MembershipFactory(territory=territory, role=role).user


def test_the_summary_shows_the_results_figures_with_their_source(campaign):
    html = html_of(campaign)
    assert campaign.title in html and campaign.territory.name in html
    assert '<td id="summary-total">6</td>' in html
    # The same counts as the results page, as SVG charts.
    assert "<svg" in html
    assert "voiture seul : 4" in html and "vélo ou à pied : 2" in html and "covoiturage : 0" in html
    # A code given by at least 5 respondents, named from the ROME referential.
    job = RomeJob.objects.get(code="H2913").label
    assert f"{job} (H2913) : 6" in html
    # Every figure carries its source and vintage: the consultation, its first and last answer days, N.
    with translation.override("fr"):
        source = source_line(campaign, dt.date(2026, 3, 2), dt.date(2026, 3, 9), 6)
        assert date_format(dt.date(2026, 3, 2)) in source and date_format(dt.date(2026, 3, 9)) in source
    assert campaign.title in source and "6" in source
    assert html.count(source) >= 1 + len(summary_context(campaign)["sections"])
    # Free texts: a theme of five answers with its count, no quote, and the lone answer is counted only.
    assert re.search(r"<strong>[^<]*soudure[^<]*</strong> \(5\)", html)
    assert not any(idea in html for idea in IDEAS)
    assert "crèche" not in html  # the lone answer's words are not shown


def test_results_are_withheld_under_five_answers(auxois):
    campaign = make_campaign(auxois)
    for _ in range(4):
        answer(campaign, dt.date(2026, 3, 2), mode="voiture seul", idee="Des formations en soudure")
    html = html_of(campaign)
    assert 'id="results-withheld"' in html
    assert "<svg" not in html and "voiture seul" not in html and "soudure" not in html
    assert '<td id="summary-total">4</td>' in html


def test_committee_members_download_the_pdf_partners_and_outsiders_cannot(client, campaign):
    territory = campaign.territory
    for role in (Role.COMMITTEE, Role.TEAM):
        client.force_login(member(territory, role))
        assert client.get(pdf_url(campaign)).status_code == 200  # a page with a button: no job on a GET
        job = run_job(client.post(pdf_url(campaign)))
        assert job.author.memberships.get().role == role and (job.progress_done, job.progress_total) == (2, 2)
        assert (
            result_bytes(job).startswith(b"%PDF") and job.result_filename == f"synthese-consultation-{campaign.pk}.pdf"
        )
        download = client.get(reverse("jobs:download", kwargs={"slug": territory.slug, "pk": job.pk}))
        assert "attachment" in download["Content-Disposition"] and download["Content-Type"] == "application/pdf"
    client.force_login(member(territory, Role.PARTNER))
    assert client.post(pdf_url(campaign)).status_code == 403
    assert client.get(reverse("jobs:download", kwargs={"slug": territory.slug, "pk": job.pk})).status_code == 403
    client.force_login(MembershipFactory(role=Role.COMMITTEE).user)  # the committee of another territory
    assert client.post(pdf_url(campaign)).status_code in (403, 404)
    assert Job.objects.count() == 2


def test_a_withheld_summary_is_still_a_pdf(client, auxois):
    campaign = make_campaign(auxois)
    client.force_login(member(auxois, Role.COMMITTEE))
    job = run_job(client.post(pdf_url(campaign)))
    assert result_bytes(job).startswith(b"%PDF")


def test_response_rates_of_a_leaders_campaign(auxois):
    campaign = make_campaign(auxois, "leaders", "Consultation des dirigeants")
    for i in range(8):
        invitation = Invitation.objects.create(campaign=campaign, token=new_token(), siret=siret(f"20000{i:04d}0001"),
                                               segments={"a17": "C5", "size": "10 à 49 salariés"})  # fmt: skip
        if i < 5:
            answer(campaign, dt.date(2026, 3, 3), invitation=invitation, recrute="oui")
    rates = summary_context(campaign)["rates"]
    assert rates["overall"] == Rate("", 8, 5)
    assert [(str(label), rows) for label, rows in rates["by_dimension"]][0][1] == [Rate("C5", 8, 5)]
    html = html_of(campaign)
    assert 'id="summary-rate"' in html and "63 %" in html
    # An employees' campaign has no invitations, hence no rate.
    assert summary_context(make_campaign(auxois))["rates"] is None


def test_rates_and_themes_of_small_groups_are_folded():
    rows = [("C5", 12, 7), ("C1", 8, 5), ("C2", 3, 1), ("C3", 6, 2)]
    # C2 and C3 are small; together they hold 3 answers, still small: C1 (fewest invited) joins them.
    assert fold_rates(rows) == [Rate("C5", 12, 7), Rate(OTHER, 17, 8)]
    # No answer at all is not a small cell; two invited establishments are: C1 joins them.
    assert fold_rates([("C5", 10, 5), ("C1", 6, 0), ("C2", 2, 0)]) == [Rate("C5", 10, 5), Rate(OTHER, 8, 0)]
    assert fold_rates([("C5", 10, 5), ("C1", 6, 0)]) == [Rate("C5", 10, 5), Rate("C1", 6, 0)]
    assert fold_rates([("C5", 4, 4)]) == [Rate(OTHER, 4, 4)]
    assert fold_themes([("soudure", 6), ("crèche", 2)], 10) == ([("soudure", 6)], 4)


# QR codes.


def dark_modules(svg: bytes, border: int = 4) -> set[tuple[int, int]]:
    """The (row, column) of the dark modules drawn by segno's SVG path (absolute M, relative m, runs h)."""
    path = ElementTree.fromstring(svg).find("{http://www.w3.org/2000/svg}path").get("d")
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(y) - border, int(x) + i - border) for i in range(int(a))}
            x += float(a)
    return dark


def test_the_qr_code_encodes_the_answer_url(team_client, campaign):
    link = CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Usine « A »")
    kwargs = {"slug": campaign.territory.slug, "pk": campaign.pk, "link": link.pk}
    response = team_client.get(reverse("consultation_team:link_qr", kwargs=kwargs))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    assert "Usine « A »" in root.find("{http://www.w3.org/2000/svg}title").text
    url = "http://testserver" + reverse("consultation:answer", kwargs={"token": link.token})
    expected = segno.make(url, error="m", micro=False)
    assert dark_modules(response.content) == {
        (r, c) for r, row in enumerate(expected.matrix) for c, value in enumerate(row) if value
    }
    png = team_client.get(reverse("consultation_team:link_qr_png", kwargs=kwargs))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    # A link of another campaign is not found through this one.
    other = make_campaign(campaign.territory)
    assert team_client.get(reverse("consultation_team:link_qr", kwargs={**kwargs, "pk": other.pk})).status_code == 404


def test_the_results_page_shows_qr_codes_and_the_link_form(team_client, campaign):
    link = CampaignLink.objects.create(campaign=campaign, token=new_token(), label="Usine A")
    kwargs = {"slug": campaign.territory.slug, "pk": campaign.pk}
    page = team_client.get(reverse("consultation_team:results", kwargs=kwargs)).content.decode()
    qr = reverse("consultation_team:link_qr", kwargs={**kwargs, "link": link.pk})
    assert f'<img src="{qr}"' in page and 'id="link-form"' in page and pdf_url(campaign) in page
    assert re.search(r'<img src="[^"]+qr\.svg"[^>]* alt="[^"]*Usine A[^"]*"', page)


# Links made for a company.


def create_url(campaign):
    return reverse("consultation_team:link_create", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk})


def test_a_link_for_a_company_takes_its_segments_from_sirene(team_client, sirene, campaign):  # noqa: F811
    response = team_client.post(create_url(campaign), {"label": "Usinage de Montbard", "siret": USINAGE})
    assert response.status_code == 302
    link = campaign.links.get(label="Usinage de Montbard")
    assert link.segments["a17"].startswith("C5") and link.segments["size"] == "10 à 49 salariés"
    assert link.segments["commune"] == "21425" and link.segments["epci"]
    assert len(link.token) >= 24
    # Without a SIRET: a link for any group, without segments.
    assert team_client.post(create_url(campaign), {"label": "Affiche en mairie", "siret": ""}).status_code == 302
    assert campaign.links.get(label="Affiche en mairie").segments == {}


def test_bad_link_input_is_refused_at_the_field(team_client, sirene, campaign):  # noqa: F811
    cases = [
        ({"label": "", "siret": ""}, "label", ""),
        ({"label": "Pontarlier", "siret": PONTARLIER}, "siret", "n'est pas dans le territoire"),
        ({"label": "Faux", "siret": USINAGE[:-1] + str((int(USINAGE[-1]) + 1) % 10)}, "siret", "Luhn"),
        ({"label": "Inconnu", "siret": siret("1999999900001")}, "siret", "SIRENE"),
        ({"label": "Court", "siret": "123"}, "siret", "14 chiffres"),
    ]
    for data, field, reason in cases:
        response = team_client.post(create_url(campaign), data)
        assert response.status_code == 400, data
        errors = response.context["link_form"].errors
        assert field in errors and reason in errors[field][0], (data, errors)
        assert 'id="link-form"' in response.content.decode()
    assert not campaign.links.exists()


def test_no_warehouse_no_company_link(team_client, campaign):
    response = team_client.post(create_url(campaign), {"label": "Usinage", "siret": USINAGE})
    assert response.status_code == 400 and "siret" in response.context["link_form"].errors
    assert not campaign.links.exists()


def test_leaders_campaigns_have_no_answer_links(team_client, auxois):
    leaders = make_campaign(auxois, "leaders", "Dirigeants")
    assert team_client.post(create_url(leaders), {"label": "X"}).status_code == 404
    assert not leaders.links.exists()
