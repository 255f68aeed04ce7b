"""The steering's entry, région and national pages: who opens them, what they show, what they never leak."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from tests.conftest import signed_in
from tests.factories import (
    CustomTerritoryFactory,
    FundingFactory,
    MembershipFactory,
    PlanFactory,
    ProjectFactory,
    SteeringMembershipFactory,
    UserFactory,
)
from tindus.programme.models import Level, SharingSettings
from tindus.referentials.models import Region

SECRET_TITLE = "Projet confidentiel de fonderie"
SECRET_AMOUNT = Decimal("123457")


@pytest.fixture
def coordinator(db):
    return SteeringMembershipFactory().user


@pytest.fixture
def national_team(db):
    return SteeringMembershipFactory(role="national_team").user


@pytest.fixture
def secret(territory):
    """A private project of Auxois Morvan (in Bourgogne-Franche-Comté) with a private funding."""
    project = ProjectFactory(territory=territory, title=SECRET_TITLE, status="in_progress")
    FundingFactory(project=project, amount=SECRET_AMOUNT, granted_on="2024-02-01")
    ProjectFactory(territory=territory, title="Projet public", status="done", is_public=True)
    return project


def share_nothing(territory):
    SharingSettings.objects.create(territory=territory, **dict.fromkeys(SharingSettings.KINDS, Level.NOTHING))


def table_csv(client, url, table_id, **params):
    response = client.get(url, {**params, "tableau": table_id, "format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def row_named(rows, name):
    return next(r for r in rows if r and r[0].startswith(name))


# --- who opens what ---------------------------------------------------------------------------------------------


def test_the_entry_page_lists_the_regions_the_user_steers(coordinator):
    html = signed_in(coordinator).get("/programme/").content.decode()
    assert "/programme/regions/27/" in html
    assert "/programme/regions/84/" not in html
    assert "/programme/national/" not in html  # the national page is the national team's


def test_the_national_team_sees_every_region_and_the_national_page(national_team):
    html = signed_in(national_team).get("/programme/").content.decode()
    assert "/programme/regions/27/" in html
    assert "/programme/regions/84/" in html
    assert "/programme/national/" in html


def test_a_user_without_a_steering_role_gets_403(team):
    client = signed_in(team)
    assert client.get("/programme/").status_code == 403
    assert client.get("/programme/regions/27/").status_code == 403
    assert client.get("/programme/national/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/programme/regions/27/").status_code == 302


def test_a_coordinator_of_another_region_gets_403(db):
    other = SteeringMembershipFactory(region=Region.objects.get(code="84")).user
    client = signed_in(other)
    assert client.get("/programme/regions/27/").status_code == 403
    assert client.get("/programme/regions/84/").status_code == 200


def test_the_national_page_is_for_the_national_team_only(coordinator, national_team):
    assert signed_in(coordinator).get("/programme/national/").status_code == 403
    assert signed_in(national_team).get("/programme/national/").status_code == 200


def test_an_unknown_region_is_404(national_team):
    assert signed_in(national_team).get("/programme/regions/999/").status_code == 404


def test_the_main_menu_links_to_the_steering_for_steering_users_only(coordinator, team):
    assert 'href="/programme/"' in signed_in(coordinator).get("/programme/").content.decode()
    assert 'href="/programme/"' not in signed_in(team).get("/").content.decode()


# --- what the région's page shows -------------------------------------------------------------------------------


def test_the_region_page_shows_its_territories_with_their_figures(coordinator, territory, secret):
    client = signed_in(coordinator)
    html = client.get("/programme/regions/27/").content.decode()
    assert territory.name in html
    assert f'data-code="{territory.slug}"' in html  # drawn on the map with its official outline
    plan = row_named(table_csv(client, "/programme/regions/27/", "territories-plan"), territory.name)
    header = table_csv(client, "/programme/regions/27/", "territories-plan")[1]
    assert plan[header.index(_("Projects"))] == "2"
    assert float(plan[header.index(_("Share started"))]) == 100
    assert float(plan[header.index(_("Share completed"))]) == 50
    funding = table_csv(client, "/programme/regions/27/", "territories-funding")
    row = row_named(funding, territory.name)
    assert "123457" in row  # aggregated by default: the total is shared
    assert SECRET_TITLE not in html  # aggregated: no private project title


def test_a_territory_sharing_nothing_reads_not_shared_and_leaks_nothing(coordinator, territory, secret):
    share_nothing(territory)
    client = signed_in(coordinator)
    html = client.get("/programme/regions/27/").content.decode()
    assert SECRET_TITLE not in html
    assert "123457" not in html and "123 457" not in html and "123\xa0457" not in html
    assert _("not shared") in html
    assert _("No funding shared.") in html  # the table by financeur has no row to show
    for table in ("territories-funding", "territories-plan", "territories-sharing", "territories-map"):
        text = "\n".join(";".join(r) for r in table_csv(client, "/programme/regions/27/", table))
        assert "123457" not in text.replace(" ", "").replace("\xa0", "").replace("\u202f", "")
    funding = row_named(table_csv(client, "/programme/regions/27/", "territories-funding"), territory.name)
    assert set(funding[1:]) == {_("not shared")}
    # Its public project still counts, labelled as public content only.
    plan = row_named(table_csv(client, "/programme/regions/27/", "territories-plan"), territory.name)
    assert plan[1] == _("public content only")
    assert plan[2] == "1"


def test_the_map_is_coloured_by_the_chosen_indicator(coordinator, territory, secret):
    client = signed_in(coordinator)
    html = client.get("/programme/regions/27/", {"indicateur": "financements-engages"}).content.decode()
    assert 'value="financements-engages" selected' in html
    rows = table_csv(client, "/programme/regions/27/", "territories-map", indicateur="financements-engages")
    assert row_named(rows, territory.name)[1] == "123457"
    # An unknown indicator falls back to the default one.
    assert client.get("/programme/regions/27/", {"indicateur": "nimporte"}).status_code == 200


def test_a_region_with_no_territory_says_so(national_team):
    response = signed_in(national_team).get("/programme/regions/975/")
    assert response.status_code == 200
    assert (
        _("No territory of the programme is followed in this région: nothing to show yet.") in response.content.decode()
    )


# --- the national page ------------------------------------------------------------------------------------------


def test_the_national_page_adds_the_territories_up_by_region(national_team, territory, secret):
    client = signed_in(national_team)
    html = client.get("/programme/national/").content.decode()
    assert "/programme/regions/27/" in html
    assert SECRET_TITLE not in html
    rows = table_csv(client, "/programme/national/", "regions-funding")
    assert "123457" in row_named(rows, "Bourgogne-Franche-Comté")


def test_a_territory_without_communes_is_listed_apart(national_team, db):
    lost = CustomTerritoryFactory(name="Territoire sans commune")
    PlanFactory(territory=lost)
    ProjectFactory(territory=lost, status="done")
    client = signed_in(national_team)
    rows = table_csv(client, "/programme/national/", "regions-plan")
    assert row_named(rows, _("Territories without a région (no communes)"))[2] == "1"


def test_a_territory_member_is_not_a_steering_user(db, territory):
    member = MembershipFactory(territory=territory, user=UserFactory()).user
    assert signed_in(member).get("/programme/regions/27/").status_code == 403


def test_shares_are_rounded_not_cut(coordinator, territory):
    ProjectFactory(territory=territory, status="done")
    ProjectFactory.create_batch(5, territory=territory, status="idea")
    rows = table_csv(signed_in(coordinator), "/programme/regions/27/", "territories-plan")
    header = rows[1]
    assert float(row_named(rows, territory.name)[header.index(_("Share completed"))]) == 16.7  # 1 / 6


def test_a_territory_not_using_tindus_shows_dashes_not_zeros_and_is_not_counted(client, coordinator, secret):
    """BFC's official wave-2 territories that have no workspace in use have nothing to share: their rows say so,
    with dashes, and the région's « shares » counts are out of the territories that use Tindus."""
    from tindus.programme.scope import followed_territories

    followed = followed_territories(Region.objects.get(code="27"))
    idle = next(f for f in followed if not f.in_use)
    in_use = sum(f.in_use for f in followed)
    client.force_login(coordinator)

    plan = table_csv(client, "/programme/regions/27/", "territories-plan")
    row = row_named(plan, idle.label)
    assert row[1] == _("not using Tindus yet") and set(row[2:]) == {"—"}
    sharing = table_csv(client, "/programme/regions/27/", "territories-sharing")
    total = sharing[-1]
    assert total[1] == f"{in_use} / {in_use}"  # the defaults: every territory in use shares its plan, aggregated
