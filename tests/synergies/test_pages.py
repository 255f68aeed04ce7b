"""Every synergies page, as the team, a committee member and a company: each link shown can be followed by the
one who sees it, ids are unique, and no internal code (a bare SIRET, a NAF code) stands for a name."""

import re

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.core.links import open_page
from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.synergies.models import Declaration, Opportunity, Status

from .conftest import ACIERIE, PANNEAUX, SCIERIE, USINAGE

pytestmark = pytest.mark.django_db


def url(territory, name, **kwargs):
    return reverse(f"synergies:{name}", kwargs={"slug": territory.slug, **kwargs})


def declare(territory, siret, name, commune, direction, text, **fields):
    return Declaration.objects.create(territory=territory, siret=siret, company_name=name, commune=commune,
                                      direction=direction, category=fields.pop("category", "matieres"), text=text,
                                      **fields)  # fmt: skip


@pytest.fixture
def followed(auxois, sirene):
    """A need, the resource matched to it and followed, and a discovery hypothesis naming two companies."""
    need = declare(auxois, PANNEAUX, "PANNEAUX DE SEMUR", "21603", "need", "sciure pour panneaux", ewc="030105")
    offer = declare(auxois, SCIERIE, "SCIERIE DE MONTBARD", "21425", "resource", "sciure", ewc="030105")
    match = Opportunity.objects.create(
        territory=auxois, kind="match", title="sciure → PANNEAUX DE SEMUR", category="matieres", signature="m1",
        status=Status.IMPLEMENTED, need=need, offer=offer,
        companies=[{"siret": SCIERIE, "name": "SCIERIE DE MONTBARD", "role": "provider"},
                   {"siret": PANNEAUX, "name": "PANNEAUX DE SEMUR", "role": "receiver"}],
    )  # fmt: skip
    hypothesis = Opportunity.objects.create(
        territory=auxois, kind="discovery", title="chutes d'acier", category="matieres", signature="d1",
        hypothesis=True,
        companies=[{"siret": USINAGE, "name": USINAGE, "role": "provider"},  # stored before names were looked up
                   {"siret": ACIERIE, "name": ACIERIE, "role": "receiver"}],
    )  # fmt: skip
    return need, match, hypothesis


def test_the_team_follows_every_link_of_every_page(team_client, auxois, followed):
    need, match, hypothesis = followed
    pages = [("home", {}), ("declarations", {}), ("declaration", {"pk": need.pk}), ("discover", {}), ("pools", {}),
             ("pipeline", {}), ("opportunity", {"pk": match.pk}), ("opportunity", {"pk": hypothesis.pk}),
             ("impact", {}), ("factors", {}), ("network", {})]  # fmt: skip
    for name, kwargs in pages:
        open_page(team_client, url(auxois, name, **kwargs))


def test_a_committee_member_sees_no_link_to_what_only_the_team_or_companies_may_open(committee_client, auxois,
                                                                                     followed):  # fmt: skip
    _need, match, hypothesis = followed
    for name, kwargs in [("home", {}), ("pipeline", {}), ("opportunity", {"pk": match.pk}),
                         ("opportunity", {"pk": hypothesis.pk}), ("impact", {}), ("network", {})]:  # fmt: skip
        html = open_page(committee_client, url(auxois, name, **kwargs))
        assert f'href="{url(auxois, "declarations")}"' not in html  # « Déclarations » answered 403
        assert f'href="{url(auxois, "discover")}"' not in html and f'href="{url(auxois, "factors")}"' not in html
    assert "Vue d'ensemble" in committee_client.get(url(auxois, "home")).content.decode()


def test_a_company_follows_every_link_of_its_pages(client, auxois, followed):
    need, _match, _hypothesis = followed
    client = signed_in(MembershipFactory(territory=auxois, role=Role.COMPANY, company_siret=PANNEAUX).user)
    declarations = open_page(client, url(auxois, "declarations"))
    assert f'href="{url(auxois, "home")}"' not in declarations
    page = open_page(client, url(auxois, "declaration", pk=need.pk))
    assert f'href="{url(auxois, "opportunity", pk=followed[1].pk)}"' not in page  # the follow-up is the team's


def test_companies_are_named_never_by_a_bare_siret(team_client, auxois, followed):
    _need, _match, hypothesis = followed
    for name, kwargs in [("opportunity", {"pk": hypothesis.pk}), ("network", {}), ("pipeline", {})]:
        html = team_client.get(url(auxois, name, **kwargs)).content.decode()
        shown = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])  # text, not attributes
        assert not re.search(r"\b\d{14}\b", shown), name
    page = team_client.get(url(auxois, "opportunity", pk=hypothesis.pk)).content.decode()
    assert "USINAGE DE MONTBARD" in page and "ACIÉRIE DES LAUMES" in page
