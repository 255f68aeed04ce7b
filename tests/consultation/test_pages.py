"""Every consultation page as the role that sees it: unique ids, links that open, labels instead of raw
values (segments, codes), in-page contents on the results pages; the public site links the results
published for everyone."""

import csv
import datetime as dt
import io
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.core.links import main_part, open_page
from tests.jobs.inprocess import result_bytes, run_job
from tindus.consultation.models import Audience, Campaign, CampaignLink, Publication, Response
from tindus.consultation.services import new_token
from tindus.referentials.models import RomeJob

pytestmark = pytest.mark.django_db

A17 = "C5 Fabrication d'autres produits industriels"
# Values stored in answers and settings that a French page must never show as they are.
RAW = {*Audience.values, *Publication.values} - {"public"}  # « public » is a French word too
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.fixture
def answered(campaign):
    """Twelve answers: six through the territory's link (no sector, size or EPCI), six through a company's."""
    version = campaign.questionnaire.current_version()
    company = {"a17": A17, "size": "10 à 49 salariés", "epci": "CC du Montbardois"}
    for n in range(12):
        segments = {"audience": "employees", **(company if n >= 6 else {})}
        answers = {"metier": ["H2903"], "mode": "voiture seul", "commune": ["21425"], "attractivite": 4,
                   "conditions": {"horaires": "bonnes", "ambiance": "moyennes"}}  # fmt: skip
        Response.objects.create(campaign=campaign, version=version, submission_key=uuid.uuid4(), answers=answers,
                                segments=segments, submitted_on=dt.date.today())  # fmt: skip
    for label in ("Territoire", "Entreprise A", "Entreprise B"):
        CampaignLink.objects.create(campaign=campaign, token=new_token(), label=label)
    return campaign


def team_url(name, campaign, **kwargs):
    return reverse(f"consultation_team:{name}", kwargs={"slug": campaign.territory.slug, "pk": campaign.pk, **kwargs})


class Text(HTMLParser):
    """The words a person reads in a page's content: text and the options of its lists."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "datalist")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "datalist")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def raw_values_shown(html: str) -> set[str]:
    """Stored values and identifiers (``formation_detail``) shown as they are."""
    reader = Text()
    reader.feed(main_part(html))
    pieces = (p.strip(" 0123456789") for part in reader.parts for p in re.split(r"[·:,;()|/–—«»\n]+", part))
    return {piece for piece in pieces if piece in RAW} | {w for part in reader.parts for w in SNAKE_CASE.findall(part)}


def check(client, url) -> str:
    """The page answers, its ids are unique, its links open for this visitor, it shows no raw value."""
    html = open_page(client, url)
    assert raw_values_shown(html) == set(), url
    return html


def test_every_team_page_has_unique_ids_links_that_open_and_labels(team_client, answered):
    campaign = answered
    link = campaign.links.first()
    pages = ["results", "builder", "preview", "moderation", "published", "link_create", "staff_entry"]
    for name in pages:
        check(team_client, team_url(name, campaign) + (f"?link={link.pk}" if name == "staff_entry" else ""))
    check(team_client, reverse("consultation_team:campaigns", kwargs={"slug": campaign.territory.slug}))
    check(team_client, team_url("builder", campaign) + "?question=metier")
    check(team_client, team_url("builder", campaign) + "?section=emploi")
    # The results page names every answer link once: three links, three ids (it gave them all one id).
    html = team_client.get(team_url("results", campaign)).content.decode()
    ids = re.findall(r'id="(answer-link-\d+)"', html)
    assert len(ids) == 3 and len(set(ids)) == 3


@pytest.mark.parametrize("audience", ["leaders"])
def test_the_leaders_pages_have_unique_ids_and_labels(team_client, sirene, campaign, client):
    team_client.post(team_url("invitations", campaign), {"action": "warehouse", "employers_only": "on"})
    invitation = campaign.invitations.first()
    assert invitation is not None
    html = check(team_client, team_url("invitations", campaign))
    assert html.count("visually-hidden") >= 2 * campaign.invitations.count()  # each row's actions say whose
    check(team_client, team_url("staff_entry", campaign) + f"?invitation={invitation.pk}")
    check(team_client, team_url("results", campaign))
    check(team_client, team_url("builder", campaign))  # its questions' ids (« formation_detail ») are not shown
    check(client, reverse("consultation:invitation", kwargs={"token": invitation.token}))


def test_the_respondent_pages_have_unique_ids(client, answered):
    link = answered.links.first()
    check(client, reverse("consultation:answer", kwargs={"token": link.token}))
    check(client, reverse("consultation:thanks", kwargs={"token": link.token}))


def test_filters_show_labels_and_never_a_second_all(team_client, answered):
    html = team_client.get(team_url("results", answered)).content.decode()
    # One audience only: its filter would select the same answers as « all », so it is not offered.
    assert 'id="f-audience"' not in html
    a17 = re.search(r'<select id="f-a17" name="a17">(.*?)</select>', html).group(1)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', a17)
    with translation.override("fr"):
        everything, not_given = gettext("all"), gettext("not given")
    assert [value for value, _label in options].count("") == 1 and options[0] == ("", everything)
    assert all(re.match(r"\S.* \(\d+\)$", label) for _value, label in options[1:]), options
    assert (A17.replace("'", "&#x27;"), f"{A17} (6)".replace("'", "&#x27;")) in options
    (missing,) = [value for value, label in options if label.startswith(not_given)]
    # « non renseigné » selects the six answers given through the territory's link.
    filtered = team_client.get(team_url("results", answered), {"a17": missing}).content.decode()
    assert re.search(r'id="results-respondents">6\b', filtered)
    assert f'<option value="{missing}" selected>' in filtered


def test_results_name_the_codes_and_the_export_the_audience(team_client, answered):
    html = team_client.get(team_url("published", answered)).content.decode()
    job = RomeJob.objects.get(code="H2903").label
    assert f"{job} (H2903)" in html.replace("&#x27;", "'")
    assert "Montbard (21425)" in html
    assert "4 (oui)" not in html and "5 (oui)" in html  # the scale's ends are named
    export = result_bytes(run_job(team_client.post(team_url("export", answered, fmt="csv")))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    with translation.override("fr"):
        employees = str(Audience.EMPLOYEES.label)
    assert {row[0] for row in rows[1:]} == {employees} and "employees" not in export


@pytest.mark.parametrize("name", ["results", "published"])
def test_the_results_pages_have_contents_and_a_way_back_up(team_client, answered, name):
    html = team_client.get(team_url(name, answered)).content.decode()
    contents = re.search(r'<nav class="page-contents".*?</nav>', html, re.S).group(0)
    anchors = re.findall(r'href="#([^"]+)"', contents)
    questions = answered.questionnaire.current_version().as_schema().questions()
    assert {f"result-{q.id}" for q in questions} <= set(anchors)
    for anchor in anchors:  # each entry leads to a heading of the page
        assert re.search(rf'<h[23] id="{anchor}"', html), anchor
    assert 'class="back-to-top" href="#contenu"' in html


def test_the_public_site_links_the_results_published_for_everyone(answered, client):
    home = reverse("public:home", kwargs={"slug": answered.territory.slug})
    published = team_url("published", answered)
    for audience in (Publication.TEAM, Publication.COMMITTEE):
        Campaign.objects.filter(pk=answered.pk).update(published_to=audience)
        assert published not in client.get(home).content.decode()
    Campaign.objects.filter(pk=answered.pk).update(published_to=Publication.PUBLIC)
    html = client.get(home).content.decode()
    assert f'href="{published}"' in html and answered.title in html
    assert Client().get(published).status_code == 200  # a visitor can follow it


@pytest.mark.parametrize(
    ("published_to", "role", "summary"),
    [
        (Publication.COMMITTEE, "committee", True),
        (Publication.PUBLIC, "partner", False),
        (Publication.PUBLIC, None, False),
    ],
)
def test_the_published_results_link_only_what_their_reader_may_open(answered, published_to, role, summary, request):
    Campaign.objects.filter(pk=answered.pk).update(published_to=published_to)
    reader = request.getfixturevalue(f"{role}_client") if role else Client()
    html = check(reader, team_url("published", answered))
    assert ('id="summary-pdf-link"' in html) is summary
    if summary:
        assert f'action="{team_url("summary_pdf", answered)}"' in html
        assert reader.get(team_url("summary_pdf", answered)).status_code == 200
