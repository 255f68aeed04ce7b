"""The plan pages show a link or a form only to those who may follow it (no 403 at the end of a click)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import AxisFactory, BudgetLineFactory, FundingFactory, ProjectFactory
from tindus.accounts.permissions import may_open
from tindus.plan.models import Indicator, Milestone

from .html import parse

pytestmark = pytest.mark.django_db


def url(name, territory, **kwargs):
    return reverse(f"plan:{name}", kwargs={"slug": territory.slug, **kwargs})


@pytest.fixture
def project(territory):
    lever = AxisFactory(plan=territory.plan, position=1, title="Industrie")
    AxisFactory(plan=territory.plan, parent=lever, position=1, title="Compétences")
    project = ProjectFactory(
        territory=territory, is_public=True, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 6, 30)
    )
    project.axes.set([lever])
    BudgetLineFactory(project=project)
    FundingFactory(project=project)
    Milestone.objects.create(project=project, title="Lancement", planned_on=dt.date(2024, 3, 1))
    indicator = Indicator.objects.create(project=project, name="Emplois", target=10)
    indicator.values.create(measured_on=dt.date(2024, 6, 1), value=3)
    return project


def plan_pages(territory, project):
    pages = [url(name, territory) for name in ("home", "projects", "timeline", "funding")]
    return pages + [url("state", territory) + "?format=html", project.get_absolute_url()]


@pytest.mark.parametrize("role", ["team", "committee"])
def test_every_link_and_form_of_the_plan_pages_can_be_followed(request, territory, project, role):
    user = request.getfixturevalue(role)
    browser = signed_in(user)
    for page_url in plan_pages(territory, project):
        response = browser.get(page_url)
        assert response.status_code == 200, page_url
        page = parse(response.content.decode())
        for target in page.links + page.actions:
            if target.startswith("/"):
                assert may_open(user, target), f"{page_url} shows {target} to the {role}"


def test_committee_sees_no_import_nor_editing_link(committee_client, territory, project):
    forbidden = {
        url("import", territory),
        url("project_create", territory),
        url("axis_create", territory),
        url("edit", territory),
        url("project_edit", territory, pk=project.pk),
        url("project_delete", territory, pk=project.pk),
        url("project_status", territory, pk=project.pk),
    }
    for page_url in plan_pages(territory, project):
        page = parse(committee_client.get(page_url).content.decode())
        shown = {target.split("?")[0] for target in page.links + page.actions}
        assert not shown & forbidden, page_url
        assert not any("/ajouter/" in t or "/supprimer/" in t or "/axes/" in t for t in shown), page_url


def test_team_sees_the_import_link_on_every_plan_page(team_client, territory, project):
    for page_url in plan_pages(territory, project)[:-1]:  # the pages with the plan's menu
        assert url("import", territory) in parse(team_client.get(page_url).content.decode()).links, page_url
    tree = parse(team_client.get(url("home", territory)).content.decode()).links
    assert url("project_create", territory) in tree and url("edit", territory) in tree
    own = parse(team_client.get(project.get_absolute_url()).content.decode())
    assert url("project_edit", territory, pk=project.pk) in own.links
    assert url("project_delete", territory, pk=project.pk) in own.links
    assert url("part_add", territory, pk=project.pk, kind="budget") in own.actions
