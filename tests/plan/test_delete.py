"""Deleting a project: asked from its page, confirmed on a page that says what goes with it, for the
team only, and kept in the territory's history."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import BudgetLineFactory, FundingFactory, ProjectFactory
from tindus.core.history import territory_history
from tindus.plan.models import BudgetLine, Funding, Project, ProjectDocument, StatusChange

from .html import parse

pytestmark = pytest.mark.django_db


def url(name, territory, **kwargs):
    return reverse(f"plan:{name}", kwargs={"slug": territory.slug, **kwargs})


@pytest.fixture
def project(territory, team_client):
    project = ProjectFactory(territory=territory, title="Halle des savoir-faire", history=dt.date(2024, 1, 1))
    BudgetLineFactory(project=project)
    BudgetLineFactory(project=project, year=2025)
    FundingFactory(project=project)
    pdf = SimpleUploadedFile("etude.pdf", b"%PDF-1.4 etude", "application/pdf")
    add = url("part_add", territory, pk=project.pk, kind="document")
    assert team_client.post(add, {"title": "Étude", "file": pdf}).status_code == 302
    return project


def test_team_deletes_a_project_after_confirming(
    team_client, territory, project, team, django_capture_on_commit_callbacks
):
    delete_url = url("project_delete", territory, pk=project.pk)
    assert delete_url in parse(team_client.get(project.get_absolute_url()).content.decode()).links

    confirm = team_client.get(delete_url)
    assert confirm.status_code == 200 and Project.objects.filter(pk=project.pk).exists()
    html = confirm.content.decode()
    assert "Halle des savoir-faire" in html
    parts = confirm.context["parts"]  # one status entry, two budget lines, one funding, one document
    assert len(parts) == 4 and parts[1].startswith("2 ") and all(p in html for p in parts)
    assert 'method="post"' in html.split('id="deleted-parts"')[1]

    document = ProjectDocument.objects.get(project=project)
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(delete_url)
    assert response.status_code == 302 and response["Location"] == url("projects", territory)
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not BudgetLine.objects.exists() and not Funding.objects.exists() and not StatusChange.objects.exists()
    assert not storage.exists(name)  # the document's file goes with it

    deletion = territory_history(territory.pk, editor=True).get(
        action=LogEntry.Action.DELETE, object_repr=project.title
    )
    assert deletion.actor == team
    page = team_client.get(reverse("territories:history", kwargs={"slug": territory.slug}))
    assert deletion in list(page.context["page"])
    assert "Halle des savoir-faire" in page.content.decode()


@pytest.mark.parametrize("role", ["committee", "partner"])
def test_others_cannot_delete_a_project(request, territory, project, role):
    browser = signed_in(request.getfixturevalue(role))
    delete_url = url("project_delete", territory, pk=project.pk)
    assert browser.get(delete_url).status_code == 403
    assert browser.post(delete_url).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists() and project.budgetlines.count() == 2
    if role == "committee":
        assert delete_url not in parse(browser.get(project.get_absolute_url()).content.decode()).links


def test_the_edit_form_no_longer_deletes_without_confirmation(team_client, territory, project):
    response = team_client.post(url("project_edit", territory, pk=project.pk), {"delete": "1"})
    assert response.status_code == 400  # an incomplete edit form, not a deletion
    assert Project.objects.filter(pk=project.pk).exists()
