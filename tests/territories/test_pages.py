"""What the territory pages show each reader: names in French order, links only where they lead."""

import re

import pytest
from django.urls import reverse

from tests.browser.crawl import parse
from tests.conftest import signed_in
from tests.factories import MembershipFactory
from tindus.accounts.models import Role
from tindus.core.collation import french_key
from tindus.referentials.models import Commune
from tindus.territories.perimeters import PerimeterChoice, save_custom_territory
from tindus.territories.views import capabilities_for

pytestmark = pytest.mark.django_db


def _commune(name: str) -> Commune:
    return Commune.objects.filter(name=name, kind="commune-actuelle").order_by("-vintage").first()


def test_communes_are_listed_in_french_order(client):
    """The first week's defect: « Étalante » came after « Vitteaux »."""
    picked = [_commune(name) for name in ("Vitteaux", "Étalante", "Avallon")]
    assert all(picked)
    territory = save_custom_territory("Auxois et Châtillonnais", PerimeterChoice([], picked))
    html = client.get(territory.get_absolute_url()).content.decode()
    table = re.search(r'<h2 id="communes-heading".*?</table>', html, re.S).group(0)
    names = re.findall(r"<tr><td>([^<]+)</td>", table)
    assert names == ["Avallon", "Étalante", "Vitteaux"]
    groupements = re.search(r'<table id="groupements">.*?</table>', html, re.S).group(0)
    assert re.findall(r"<tr><td>([^<]+)</td>", groupements) == ["Avallon", "Étalante", "Vitteaux"]


def test_official_territory_lists_its_communes_and_epci_in_french_order(client, haut_doubs):
    response = client.get(haut_doubs.get_absolute_url())
    communes = [c.name for c in response.context["communes"]]
    assert communes == sorted(communes, key=french_key) and any(n.startswith("É") for n in communes)
    groupements = [g.name for g in response.context["groupements"]]
    assert groupements == sorted(groupements, key=french_key)


def test_workspace_lists_people_team_first_then_in_french_order(territory):
    team = [MembershipFactory(territory=territory, role=Role.TEAM, user__last_name=name).user
            for name in ("Vidal", "Éluard", "Arnaud")]  # fmt: skip
    MembershipFactory(territory=territory, role=Role.COMMITTEE, user__last_name="Aubry")
    response = signed_in(team[0]).get(reverse("territories:workspace", kwargs={"slug": territory.slug}))
    people = [(m.role, m.user.last_name) for m in response.context["memberships"]]
    assert people == [("team", "Arnaud"), ("team", "Éluard"), ("team", "Vidal"), ("committee", "Aubry")]


@pytest.mark.parametrize("role", [None, Role.TEAM, Role.COMMITTEE, Role.PARTNER, Role.COMPANY])
def test_every_link_of_the_territory_pages_opens_for_the_role_that_sees_it(client, territory, role):
    """Capabilities, workspace, edit, members and creation links are shown only to who may open them."""
    browser = signed_in(MembershipFactory(territory=territory, role=role).user) if role else client
    pages = [territory.get_absolute_url()]
    if role:
        pages.append(reverse("territories:workspace", kwargs={"slug": territory.slug}))
    for page in pages:
        response = browser.get(page)
        assert response.status_code == 200
        links = [link for link in parse(response.content.decode()).links if link.startswith("/")]
        for link in links:
            if link.startswith(("/static/", "/media/")):
                continue
            status = browser.get(link).status_code
            assert status not in (403, 404, 500), f"{role}: {page} shows {link} → {status}"


@pytest.mark.parametrize("role", [None, Role.PARTNER, Role.TEAM])
def test_only_who_may_create_a_territory_is_offered_to(client, territory, role):
    browser = signed_in(MembershipFactory(territory=territory, role=role).user) if role else client
    html = browser.get(reverse("territories:list")).content.decode()
    create = reverse("territories:create")
    assert (f'href="{create}"' in html) is (role == Role.TEAM)
    if role:
        assert browser.get(create).status_code == (200 if role == Role.TEAM else 403)


def test_capabilities_are_those_the_user_may_open(territory, company, partner):
    for user in (company, partner):
        for _title, url, ready in capabilities_for(user, territory):
            assert ready and signed_in(user).get(url).status_code not in (403, 404, 500), url


def test_every_id_of_the_territory_page_is_unique(client, haut_doubs):
    ids = parse(client.get(haut_doubs.get_absolute_url()).content.decode()).ids
    assert len(ids) == len(set(ids))
