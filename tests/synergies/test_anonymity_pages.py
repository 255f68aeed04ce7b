"""An anonymous company on every synergies page and export, as each role sees it: the team always names it; a
committee member, a partner and a company never read its name, its SIRET, its SIREN, its commune nor the name
of the person who acted for it, until both sides of the opportunity agree to reveal who they are."""

import json
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MembershipFactory, UserFactory
from tests.jobs.inprocess import result_bytes, run_job
from tindus.accounts.models import Membership, Role
from tindus.jobs.api import download_url
from tindus.jobs.models import Job
from tindus.plan import evidence
from tindus.synergies import opportunities
from tindus.synergies import urls as synergies_urls
from tindus.synergies.models import Declaration, Status

from .conftest import ACIERIE, SCIERIE, USINAGE

pytestmark = pytest.mark.django_db

STEELWORKS = "ACIÉRIE DES LAUMES"  # the anonymous company, of Venarey-les-Laumes
# Pages answered to a POST only (a GET sends back to the page the form is on): none shows anything.
POST_ONLY = {"declaration_delete", "follow_match", "agree", "take_consultation", "opportunity_delete"}


def url(territory, name, **kwargs):
    return reverse(f"synergies:{name}", kwargs={"slug": territory.slug, **kwargs})


def declare(territory, siret, name, commune, direction, text, **fields):
    return Declaration.objects.create(territory=territory, siret=siret, company_name=name, commune=commune,
                                      direction=direction, category=fields.pop("category", "matieres"), text=text,
                                      **fields)  # fmt: skip


@pytest.fixture
def anonymous(auxois, sirene, team):
    """The steelworks needs sawdust and wants welders, both anonymously; its representative proposed the
    exchange with the sawmill, which became implemented; the three recruiters are followed as a pool."""
    offer = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "21425", "resource", "sciure", ewc="030105")
    need = declare(auxois, ACIERIE, STEELWORKS, "21663", "need", "sciure pour chaudière", ewc="030105",
                   confidentiality="anonymous")  # fmt: skip
    for siret, name, commune, confidentiality in ((SCIERIE, "SCIERIE DE MONTBARD", "21425", "territory"),
                                                  (USINAGE, "USINAGE DE MONTBARD", "21425", "territory"),
                                                  (ACIERIE, STEELWORKS, "21663", "anonymous")):  # fmt: skip
        declare(auxois, siret, name, commune, "need", "soudeurs", category="recrutement", rome="H2913",
                confidentiality=confidentiality)  # fmt: skip
    representative = MembershipFactory(territory=auxois, role=Role.COMPANY, company_siret=ACIERIE,
                                       user=UserFactory(first_name="Barnabé", last_name="Forgeron")).user  # fmt: skip
    match = opportunities.follow_match(need, offer, representative, 0.8, ["même code déchet 03 01 05"], 12.0)
    opportunities.move(match, Status.CONTACT, team, note=f"premier appel de {STEELWORKS} (SIRET {ACIERIE})")
    opportunities.move(match, Status.IMPLEMENTED, team)
    match.tonnes_per_year, match.disposal_route = 40, "stockage_isdnd_bois"
    match.save()
    [(pool, _signature)] = opportunities.pools(auxois)
    pooled = opportunities.follow_pool(auxois, pool, team)
    assert STEELWORKS in match.title  # the title as it was written for the team
    return need, offer, match, pooled


def pages(territory):
    """(name, address) of every synergies page and export, with every declaration and opportunity."""
    found = [(name, url(territory, name)) for name in
             ("home", "declarations", "discover", "pools", "pipeline", "export", "impact", "factors", "network",
              "network_json")]  # fmt: skip
    found += [("declaration", url(territory, "declaration", pk=d.pk)) for d in territory.synergy_declarations.all()]
    found += [("opportunity", url(territory, "opportunity", pk=o.pk)) for o in territory.synergy_opportunities.all()]
    return found


def text_of(response) -> str:
    """What a page or an export says: the HTML, the JSON's values, every cell of the workbook."""
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(BytesIO(response.content))
        return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    if "json" in kind:
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def leaks(text: str) -> list[str]:
    wanted = ["aciérie des", "laumes", ACIERIE, ACIERIE[:9], "Barnabé", "Forgeron"]  # « aciérie » is in the EWC
    return [w for w in wanted if w.casefold() in text.casefold()]


def exported(client, territory) -> str:
    """What the workbook export says to this client: the job started from its page, run, and its file
    downloaded through the jobs' view."""
    job = run_job(client.post(url(territory, "export")))
    assert job.status == Job.Status.SUCCEEDED, (job.error, job.error_details)
    response = client.get(download_url(job))
    assert response.status_code == 200
    return workbook_text(b"".join(response.streaming_content) if response.streaming else response.content)


def seen(client, territory) -> dict[str, tuple[int, list[str]]]:
    """Each address → (status, what of the anonymous company it shows); the export's page, and its file."""
    found = {}
    for name, address in pages(territory):
        response = client.get(address)
        text = text_of(response) if response.status_code == 200 else ""
        if name == "export" and response.status_code == 200:
            text += exported(client, territory)
        found[address] = (response.status_code, leaks(text))
    return found


def test_every_page_and_export_is_checked(auxois, anonymous):
    declared = {p.name for p in synergies_urls.urlpatterns}
    assert declared - POST_ONLY == {name for name, _address in pages(auxois)}, "a new page must be checked here"


def test_a_committee_member_never_reads_an_anonymous_company_until_both_sides_agree(committee_client, auxois,
                                                                                     anonymous):  # fmt: skip
    _need, _offer, match, pooled = anonymous
    found = seen(committee_client, auxois)
    opened = [address for address, (status, _leaks) in found.items() if status == 200]
    assert url(auxois, "network_json") in opened and url(auxois, "export") in opened
    assert url(auxois, "opportunity", pk=match.pk) in opened and url(auxois, "impact") in opened
    assert {address: shown for address, (_status, shown) in found.items() if shown} == {}
    # the opportunity says what is exchanged and who is there, without the company
    page = committee_client.get(url(auxois, "opportunity", pk=match.pk))
    assert page.context["title"] == "sciure → sciure pour chaudière"
    assert [c["name"] for c in page.context["companies"]][0] == "SCIERIE DE MONTBARD"
    assert "premier appel de" in page.content.decode()  # the note, its company's name replaced
    network = committee_client.get(url(auxois, "network_json")).json()
    hidden = [n for n in network["nodes"] if n["id"].startswith("anonyme-")]
    assert len(hidden) == 1 and hidden[0]["commune"] == "" and hidden[0]["sector"] == ""
    assert len(network["nodes"]) == 3  # the sawmill, the machining firm and the anonymous steelworks

    # both sides agree: the match names the steelworks; the pool, where nobody agreed, still does not
    opportunities.agree(match, "offer", None)
    opportunities.agree(match, "need", None)
    page = committee_client.get(url(auxois, "opportunity", pk=match.pk)).content.decode()
    assert STEELWORKS in page and "Barnabé" in page
    assert STEELWORKS in exported(committee_client, auxois)
    assert STEELWORKS in text_of(committee_client.get(url(auxois, "network_json")))
    assert leaks(committee_client.get(url(auxois, "opportunity", pk=pooled.pk)).content.decode()) == []


def test_a_partner_opens_no_synergies_page(partner_client, auxois, anonymous):
    found = seen(partner_client, auxois)
    assert {status for status, _shown in found.values()} == {403}


def test_a_company_never_reads_another_company_s_anonymous_identity(company_client, auxois, anonymous):
    """The sawmill's representative: its own declarations, each with its candidates; nothing else."""
    need, offer, match, _pooled = anonymous
    found = seen(company_client, auxois)
    assert {address: shown for address, (_status, shown) in found.items() if shown} == {}
    assert found[url(auxois, "declaration", pk=offer.pk)][0] == 200
    assert found[url(auxois, "declaration", pk=need.pk)][0] == 404  # the steelworks' own declaration
    candidates = company_client.get(url(auxois, "declaration", pk=offer.pk)).context["candidates"]
    assert [c.shown_name for c in candidates if c.declaration == need] == ["Entreprise anonyme"]
    opportunities.agree(match, "offer", None)
    opportunities.agree(match, "need", None)
    assert STEELWORKS in company_client.get(url(auxois, "declaration", pk=offer.pk)).content.decode()


def test_the_team_always_names_the_company(team_client, auxois, anonymous):
    _need, _offer, match, pooled = anonymous
    found = seen(team_client, auxois)
    assert {status for status, _shown in found.values()} == {200}
    for name in ("pipeline", "network", "network_json", "export", "impact"):
        assert "aciérie des" in found[url(auxois, name)][1], name
    pool_page = team_client.get(url(auxois, "opportunity", pk=pooled.pk))
    assert STEELWORKS in pool_page.content.decode()
    assert 'value="agree"' not in pool_page.content.decode()  # a pool has no two sides to agree: it stays anonymous
    page = team_client.get(url(auxois, "opportunity", pk=match.pk)).content.decode()
    assert STEELWORKS in page and "Barnabé" in page


def test_the_evidence_a_project_cites_does_not_name_an_anonymous_company(auxois, anonymous):
    _need, _offer, match, _pooled = anonymous
    resolved = evidence.resolve("synergy", auxois, str(match.pk))
    assert leaks(resolved.label) == [] and "sciure" in resolved.label


def test_the_territory_history_names_an_anonymous_company_to_the_team_only(committee_client, team_client, auxois,
                                                                             anonymous):  # fmt: skip
    history = reverse("territories:history", kwargs={"slug": auxois.slug})
    assert leaks(committee_client.get(history).content.decode()) == []
    assert STEELWORKS.casefold() in team_client.get(history).content.decode().casefold()


def workbook_text(content: bytes) -> str:
    book = load_workbook(BytesIO(content))
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_the_export_names_companies_as_its_author_may_see_them_when_it_is_built(team_client, team, auxois,
                                                                                anonymous):  # fmt: skip
    """A team member starts the export and leaves the team before a worker builds it: it names nobody."""
    response = team_client.post(url(auxois, "export"))
    Membership.objects.filter(user=team, territory=auxois).update(role=Role.COMMITTEE)
    assert leaks(workbook_text(result_bytes(run_job(response)))) == []
    Membership.objects.filter(user=team, territory=auxois).update(role=Role.TEAM)
    assert "aciérie des" in leaks(exported(team_client, auxois))
