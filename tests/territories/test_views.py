"""Territory pages as a visitor and as a team member."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory
from tindus.accounts.models import Membership
from tindus.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_list_shows_both_waves_and_paginates(client):
    response = client.get(reverse("territories:list"))
    assert response.status_code == 200
    assert response.context["total"] == 149 + 183
    assert len(response.context["page"].object_list) == 50


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Horloger", {"Haut-Doubs Horloger"}),
        ("ti-2704", {"Haut-Doubs Horloger"}),
        ("Morteau", {"Haut-Doubs Horloger", "Alliances Luxe et Précision Doubs"}),
        ("242101491", {"Auxois Morvan"}),
    ],
)
def test_search_by_name_id_commune_or_siren(client, query, expected):
    response = client.get(reverse("territories:list"), {"q": query})
    names = {t.name for t in response.context["page"].object_list}
    assert expected <= names


def test_search_can_be_limited_to_a_wave(client):
    response = client.get(reverse("territories:list"), {"q": "Auxois", "vague": "2"})
    assert [(t.wave, t.official_id) for t in response.context["page"].object_list] == [(2, "ti-2702")]


def test_territory_page_draws_the_map_and_lists_the_epci(client, haut_doubs):
    response = client.get(haut_doubs.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    commune_paths = re.findall(r'data-layer="communes".*?</g>', svg, re.S)[0].count("<path")
    assert commune_paths == response.context["map"]["communes_drawn"] > 180
    assert svg.count('data-code="2') > 0
    epci_layer = re.findall(r'data-layer="EPCI".*?</g>', svg, re.S)[0]
    assert epci_layer.count("<path") == 5
    for name in [
        "CC du Val de Morteau",
        "CC du Plateau de Russey",
        "CC du Pays de Maîche",
        "CC des Portes du Haut-Doubs",
        "CC Loue-Lison",
    ]:
        assert name in html
    assert "98" in html and "187" in html


def test_territory_outside_the_shipped_outlines_uses_the_official_polygon(client):
    territory = Territory.objects.get(kind="official", wave=2, official_id="ti-0101")
    response = client.get(territory.get_absolute_url())
    assert response.context["map"]["communes_drawn"] == 0
    assert response.context["map"]["outline"] is True
    assert 'data-layer="Territoire' in response.content.decode() or "map-territory" in response.content.decode()


def test_unknown_territory_is_a_404(client):
    assert client.get("/territoires/vague-3-ti-2704/").status_code == 404


def test_team_member_creates_a_custom_territory(client, haut_doubs):
    membership = MembershipFactory(territory=haut_doubs)
    client.login(username=membership.user.username, password=PASSWORD)
    response = client.post(
        reverse("territories:create"),
        {"name": "Plateau horloger", "epci_sirens": "242504116, 242504355", "commune_codes": ""},
    )
    territory = Territory.objects.get(name="Plateau horloger")
    assert response.status_code == 302 and response["Location"] == territory.get_absolute_url()
    assert Membership.objects.filter(user=membership.user, territory=territory, role="team").exists()
    assert territory.commune_count == 25


def test_bad_custom_territory_shows_the_error_at_the_field_and_saves_nothing(client, haut_doubs):
    membership = MembershipFactory(territory=haut_doubs)
    client.login(username=membership.user.username, password=PASSWORD)
    count = Territory.objects.count()
    response = client.post(reverse("territories:create"), {"name": "X", "epci_sirens": "111111111"})
    assert response.status_code == 200
    assert "111111111" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Territory.objects.count() == count


def test_start_from_an_official_territory_prefills_its_epci(client, auxois):
    membership = MembershipFactory(territory=auxois)
    client.login(username=membership.user.username, password=PASSWORD)
    response = client.get(reverse("territories:create"), {"wave": "1", "official_id": "ti-2701"})
    initial = response.context["form"].initial
    assert set(initial["epci_sirens"].split()) == {"200071017", "242101442", "242101459", "242101491"}
    response = client.get(reverse("territories:create"), {"wave": "1", "official_id": "ti-0000"})
    assert "ti-0000" in response.content.decode()


def test_team_redraws_its_custom_territory_and_a_bad_siren_changes_nothing(client):
    from tindus.referentials.models import Epci
    from tindus.territories.perimeters import PerimeterChoice, save_custom_territory

    territory = save_custom_territory("Val", PerimeterChoice([Epci.objects.get(vintage=2026, siren="242504116")], []))
    client.force_login(MembershipFactory(territory=territory).user)
    url = reverse("territories:edit", kwargs={"slug": territory.slug})
    before = (territory.commune_count, list(territory.groupements.values_list("siren", flat=True)))
    response = client.post(url, {"name": "Val", "epci_sirens": "242504116\n000000000"})
    assert response.status_code == 400 and "000000000" in response.content.decode()
    territory.refresh_from_db()
    assert (territory.commune_count, list(territory.groupements.values_list("siren", flat=True))) == before
    response = client.post(url, {"name": "Val et Russey", "epci_sirens": "242504116 242504355", "description": "Ici"})
    territory.refresh_from_db()
    assert response.status_code == 302
    assert (territory.name, territory.description, territory.groupements.count()) == ("Val et Russey", "Ici", 2)
    assert territory.commune_count == 25


def test_team_edits_the_presentation_of_an_official_territory(client, haut_doubs):
    client.force_login(MembershipFactory(territory=haut_doubs).user)
    url = reverse("territories:edit", kwargs={"slug": haut_doubs.slug})
    client.post(url, {"description": "Le pays de l'horlogerie."})
    haut_doubs.refresh_from_db()
    assert haut_doubs.description == "Le pays de l'horlogerie." and haut_doubs.commune_count == 187
    assert "Le pays de l&#x27;horlogerie." in client.get(haut_doubs.get_absolute_url()).content.decode()
    history = client.get(reverse("territories:history", kwargs={"slug": haut_doubs.slug}))
    entry = next(e for e in history.context["page"] if e.content_type.model == "territory")
    assert entry.changes["description"][1] == "Le pays de l'horlogerie."
