"""The structure of the plan pages: unique ids, labels pointing into their own form, no control nested
in another (axe: nested-interactive), no table header without text (axe: empty-table-header)."""

import datetime as dt
from collections import Counter

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import AxisFactory, BudgetLineFactory, FundingFactory, ProjectFactory
from tindus.plan.models import Indicator, Milestone

from .html import parse

pytestmark = pytest.mark.django_db


def url(name, territory, **kwargs):
    return reverse(f"plan:{name}", kwargs={"slug": territory.slug, **kwargs})


@pytest.fixture
def project(territory):
    lever = AxisFactory(plan=territory.plan, position=1)
    project = ProjectFactory(
        territory=territory, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 6, 30), is_public=True
    )
    project.axes.set([lever])
    BudgetLineFactory(project=project)
    FundingFactory(project=project)
    Milestone.objects.create(project=project, title="Lancement", planned_on=dt.date(2024, 3, 1))
    Indicator.objects.create(project=project, name="Emplois", target=10).values.create(
        measured_on=dt.date(2024, 6, 1), value=3
    )  # an indicator, so that the form to record a value is shown too
    return project


def every_plan_page(territory, project):
    names = ("home", "projects", "timeline", "funding", "import", "edit", "axis_create", "project_create")
    pages = [url(name, territory) for name in names]
    pages += [url("state", territory) + "?format=html", project.get_absolute_url()]
    pages += [url(n, territory, pk=project.pk) for n in ("project_edit", "project_delete")]
    return pages + [url("axis_edit", territory, pk=project.axes.get().pk)]


def test_the_project_page_gives_each_form_its_own_ids(team_client, project):
    response = team_client.get(project.get_absolute_url())
    assert set(response.context["forms"]) >= {"statut", "budget", "financement", "jalon", "indicateur", "mesure"}
    page = parse(response.content.decode())
    assert [i for i, n in Counter(page.ids).items() if n > 1] == []
    assert len(page.labels) > 20
    for target, form in page.labels:
        assert target in page.id_form, f"label for missing #{target}"
        assert page.id_form[target] == form, f"the label for #{target} is in another form than its field"


def test_a_refused_part_keeps_its_own_ids(team_client, territory, project):
    response = team_client.post(url("part_add", territory, pk=project.pk, kind="jalon"), {"title": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_jalon_title_errors"' in html and 'id="id_document_title"' in html
    assert [i for i, n in Counter(parse(html).ids).items() if n > 1] == []


@pytest.mark.parametrize("role", ["team", "committee"])
def test_no_nested_control_nor_empty_header_on_the_plan_pages(request, territory, project, role):
    browser = signed_in(request.getfixturevalue(role))
    for page_url in every_plan_page(territory, project):
        response = browser.get(page_url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, page_url
        page = parse(response.content.decode())
        assert page.nested == [], page_url
        assert page.empty_headers == 0, page_url
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], page_url
        assert {target for target, _form in page.labels} <= set(page.ids), page_url


def test_the_timeline_lists_its_projects_with_their_links_outside_the_image(team_client, territory, project):
    html = team_client.get(url("timeline", territory)).content.decode()
    chart = html.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in chart and "<a " not in chart
    table = html.split('id="timeline-projects"')[1].split("</table>")[0]
    assert f'href="{project.get_absolute_url()}"' in table
    assert "01/01/2024 → 30/06/2025" in chart and "2024-01-01" not in chart  # dates as the page writes them


def test_the_form_to_record_a_value_names_its_fields_in_french(team_client, project):
    html = team_client.get(project.get_absolute_url()).content.decode()
    label = html.split('for="id_mesure_indicator">')[1].split("<")[0]
    assert label.strip() == "Indicateur"
