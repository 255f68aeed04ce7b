"""Projects across territories: each territory's sharing applied (on the page and in its downloads), search and
filters, funders merged from their spellings, projects without a theme, bad filter input."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import (
    AxisFactory,
    FundingFactory,
    PlanFactory,
    ProjectFactory,
    SteeringMembershipFactory,
    siret,
)
from tindus.programme.models import AxisTheme, Level, SharingSettings, Theme
from tindus.referentials.models import Commune
from tindus.warehouse.services import get_warehouse

REGION_URL = reverse("programme:region_projects", args=["27"])
NATIONAL_URL = reverse("programme:national_projects")


@pytest.fixture
def bfc(db, auxois, haut_doubs):
    """Two followed territories of Bourgogne-Franche-Comté: Auxois shares its details, Haut-Doubs aggregates."""
    PlanFactory(territory=auxois)
    PlanFactory(territory=haut_doubs)
    SharingSettings.objects.create(territory=auxois, plan=Level.DETAILED, funding=Level.DETAILED)
    SharingSettings.objects.create(territory=haut_doubs, plan=Level.AGGREGATED, funding=Level.AGGREGATED)
    return auxois, haut_doubs


@pytest.fixture
def coordinator(db):
    return SteeringMembershipFactory().user


@pytest.fixture
def browser(coordinator):
    return signed_in(coordinator)


def titles(page) -> list[str]:
    return [row.project.title for row in page.context["page"]]


def download(browser, url, query=""):
    response = browser.get(f"{url}?{query}{'&' if query else ''}tableau=projects&format=csv")
    assert response.status_code == 200, response.status_code
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_sharing_rule_on_the_page_and_in_the_download(bfc, browser):
    auxois, haut_doubs = bfc
    ProjectFactory(territory=auxois, title="Campus des métiers", is_public=True)
    secret_detailed = ProjectFactory(territory=auxois, title="Projet privé partagé")
    ProjectFactory(territory=haut_doubs, title="Usine publique", is_public=True)
    ProjectFactory(territory=haut_doubs, title="Projet confidentiel")
    FundingFactory(project=secret_detailed, financeur="state", financeur_detail="DETR", amount=Decimal("25000"))
    page = browser.get(REGION_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert sorted(titles(page)) == ["Campus des métiers", "Projet privé partagé", "Usine publique"]
    assert "Projet confidentiel" not in html
    assert page.context["listing"].hidden_private == 1
    rows = download(browser, REGION_URL)
    cells = [cell for row in rows for cell in row]
    assert "Projet confidentiel" not in cells
    assert {"Campus des métiers", "Projet privé partagé", "Usine publique"} <= set(cells)
    by_title = {row[1]: row for row in rows[2:]}
    assert by_title["Usine publique"][-1] in ("non partagé", "not shared")
    assert by_title["Projet privé partagé"][-2] == "État" and float(by_title["Projet privé partagé"][-1]) == 25000


def test_funding_amounts_only_when_funding_is_shared_in_detail(bfc, browser):
    auxois, haut_doubs = bfc
    public = ProjectFactory(territory=haut_doubs, title="Usine publique", is_public=True)
    FundingFactory(project=public, financeur="bpifrance", financeur_detail="BPI", amount=Decimal("77777"))
    page = browser.get(REGION_URL)
    text = re.sub(r"<[^>]*>", " ", page.content.decode())  # what is read, not the tags' random CSRF tokens
    assert "77" not in text.replace("2027", "")  # no amount, whatever its formatting
    row = page.context["page"][0]
    assert row.amount is None and row.financeurs == []
    # a funder filter never finds a project whose funding is not shared
    assert titles(browser.get(REGION_URL, {"montant_min": "1"})) == []
    assert page.context["listing"].merged == {}


def test_three_spellings_merged_into_one_funder_and_shown(bfc, browser):
    auxois, _ = bfc
    spellings = ["Région BFC", "Conseil régional de Bourgogne-Franche-Comté", "Region Bourgogne Franche-Comte"]
    projects = []
    for i, spelling in enumerate(spellings):
        project = ProjectFactory(territory=auxois, title=f"Projet {i}", is_public=True)
        FundingFactory(project=project, financeur="region", financeur_detail=spelling, amount=Decimal(1000 * (i + 1)))
        projects.append(project)
    other = ProjectFactory(territory=auxois, title="Projet Bpi", is_public=True)
    FundingFactory(project=other, financeur="bpifrance", financeur_detail="BPI France")
    page = browser.get(REGION_URL)
    merged = {entry.key: spellings for entry, spellings in page.context["listing"].merged.items()}
    assert set(merged["region-bfc"]) == set(spellings)
    html = page.content.decode()
    assert 'id="merged-funders"' in html
    for spelling in spellings:
        assert f"« {spelling} »" in html
    # the filter by the canonical funder finds the three projects, and only them
    found = browser.get(REGION_URL, {"financeur": "region-bfc"})
    assert sorted(titles(found)) == ["Projet 0", "Projet 1", "Projet 2"]
    choices = dict(found.context["form"].fields["financeur"].choices)
    assert choices["region-bfc"] == "Région Bourgogne-Franche-Comté"
    assert sorted(titles(browser.get(REGION_URL, {"montant_min": "1 500", "montant_max": "2500"}))) == ["Projet 1"]


def test_a_project_without_theme_is_said_and_filtered(bfc, browser):
    auxois, _ = bfc
    plan = PlanFactory(territory=auxois)
    lever = AxisFactory(plan=plan, title="Compétences")
    AxisTheme.objects.create(axis=lever, theme=Theme.RECRUITMENT_SKILLS)
    themed = ProjectFactory(territory=auxois, title="Avec thème", is_public=True)
    themed.axes.set([lever])
    ProjectFactory(territory=auxois, title="Sans axe", is_public=True)
    page = browser.get(REGION_URL)
    assert page.context["without_theme"] == 1
    assert "theme not mapped" in page.content.decode() or "thème non rapproché" in page.content.decode()
    assert titles(browser.get(REGION_URL, {"theme": "sans"})) == ["Sans axe"]
    assert titles(browser.get(REGION_URL, {"theme": "recruitment_skills"})) == ["Avec thème"]


def test_search_status_commune_territory_and_sector(bfc, browser):
    auxois, haut_doubs = bfc
    commune = Commune.objects.filter(territories=auxois).order_by("code").first()
    first = ProjectFactory(territory=auxois, title="Réseau de chaleur", porteur_name="SEM Énergie", is_public=True,
                           status="in_progress")  # fmt: skip
    first.communes.set([commune])
    ProjectFactory(territory=haut_doubs, title="Atelier horloger", public_summary="Montres", is_public=True)
    assert titles(browser.get(REGION_URL, {"q": "energie"})) == ["Réseau de chaleur"]  # accents ignored
    assert titles(browser.get(REGION_URL, {"q": "montres"})) == ["Atelier horloger"]
    assert titles(browser.get(REGION_URL, {"statut": "in_progress"})) == ["Réseau de chaleur"]
    assert titles(browser.get(REGION_URL, {"commune": commune.code})) == ["Réseau de chaleur"]
    assert titles(browser.get(REGION_URL, {"territoire": str(haut_doubs.pk)})) == ["Atelier horloger"]
    # no SIRET, no warehouse: every sector is unknown, and said so
    assert len(titles(browser.get(REGION_URL, {"secteur": "inconnu"}))) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"montant_min": "beaucoup"}, "montant_min"),
        ({"montant_min": "-5"}, "montant_min"),
        ({"montant_min": "5000", "montant_max": "100"}, "montant_max"),
        ({"statut": "martian"}, "statut"),
        ({"territoire": "999999"}, "territoire"),
    ],
)
def test_bad_filter_input_is_refused_at_its_field(bfc, browser, query, field):
    auxois, _ = bfc
    project = ProjectFactory(territory=auxois, title="Un projet", is_public=True)
    FundingFactory(project=project, amount=Decimal("10000"))
    page = browser.get(REGION_URL, query)
    assert page.status_code == 200
    assert field in page.context["form"].errors
    assert f'id="filtre-{field}_errors"' in page.content.decode()
    assert titles(page) == ["Un projet"]  # the bad filter is not applied


def test_the_download_holds_every_filtered_row_not_only_the_page(bfc, browser):
    auxois, _ = bfc
    for i in range(55):
        ProjectFactory(territory=auxois, title=f"Projet {i:02d}", is_public=True)
    page = browser.get(REGION_URL)
    assert len(titles(page)) == 50 and page.context["page"].has_next()
    assert len(download(browser, REGION_URL, "page=tout")) == 2 + 55
    assert "page=tout" in page.content.decode()


def test_access(bfc, coordinator, team):
    assert signed_in(coordinator).get(REGION_URL).status_code == 200
    assert signed_in(coordinator).get(NATIONAL_URL).status_code == 403
    assert signed_in(team).get(REGION_URL).status_code == 403
    national = SteeringMembershipFactory(role="national_team").user
    assert signed_in(national).get(NATIONAL_URL).status_code == 200
    assert signed_in(coordinator).get(reverse("programme:region_projects", args=["11"])).status_code == 403


def test_a_region_with_no_territory_says_so(db):
    national = SteeringMembershipFactory(role="national_team").user
    page = signed_in(national).get(reverse("programme:region_projects", args=["975"]))
    assert page.status_code == 200
    assert 'id="no-territory"' in page.content.decode()


def test_demo_territories_are_labelled_synthetic(bfc, browser):
    auxois, haut_doubs = bfc
    auxois.is_demo = True
    auxois.save()
    ProjectFactory(territory=auxois, title="Un projet", is_public=True)
    ProjectFactory(territory=haut_doubs, title="Un vrai projet", is_public=True)
    page = browser.get(REGION_URL)
    assert [name.split(" (")[0] for name in page.context["listing"].synthetic_territories] == ["Auxois Morvan"]
    html = page.content.decode()
    assert html.count("badge-demo") == 1
    assert "Auxois Morvan" in html.split('id="projects-source"')[1].split("</p>")[0]


def test_the_porteurs_sector_comes_from_the_warehouse(bfc, browser):
    auxois, _ = bfc
    known = siret("1234567800001")
    with get_warehouse().session() as con:
        con.execute(
            "INSERT INTO establishment (siret, siren, nic, commune, naf, active, name, public) "
            "VALUES (?, ?, ?, '21425', '25.62A', true, 'MÉCANIQUE DE MONTBARD', true)",
            [known, known[:9], known[9:]],
        )
    ProjectFactory(territory=auxois, title="Usinage", porteur_siret=known, is_public=True)
    ProjectFactory(territory=auxois, title="Sans SIRET", is_public=True)
    ProjectFactory(territory=auxois, title="SIRET inconnu", porteur_siret=siret("1234567800002"), is_public=True)
    page = browser.get(REGION_URL)
    sectors = dict(page.context["form"].fields["secteur"].choices)
    assert "C" in sectors and "25" in sectors
    assert titles(browser.get(REGION_URL, {"secteur": "C"})) == ["Usinage"]
    assert titles(browser.get(REGION_URL, {"secteur": "25"})) == ["Usinage"]
    assert sorted(titles(browser.get(REGION_URL, {"secteur": "inconnu"}))) == ["SIRET inconnu", "Sans SIRET"]
