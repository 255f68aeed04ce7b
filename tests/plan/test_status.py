"""The dated status history: the latest effective date wins, the creation entry never hides an
earlier status, and the message after recording says what the status really is."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import ProjectFactory
from tindus.plan.models import Project, Status, StatusChange
from tindus.plan.services import change_status, create_project

pytestmark = pytest.mark.django_db
NOVEMBER_1 = dt.date(2026, 11, 1)


def url(name, territory, **kwargs):
    return reverse(f"plan:{name}", kwargs={"slug": territory.slug, **kwargs})


def created_today(team_client, territory):
    data = {"title": "Tiers-lieu industriel", "porteur_name": "CC du Montbardois", "priority": 2}
    assert team_client.post(url("project_create", territory), data).status_code == 302
    return Project.objects.get(territory=territory, title="Tiers-lieu industriel")


def record(team_client, project, status, day):
    response = team_client.post(
        url("project_status", project.territory, pk=project.pk), {"status": status, "date": day.isoformat()}
    )
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)][-1]  # after the creation's, if not shown yet


def test_in_progress_from_1_november_on_a_project_created_today_becomes_current(team_client, territory):
    project = created_today(team_client, territory)
    assert project.status_changes.get().date == dt.date.today() > NOVEMBER_1

    message = record(team_client, project, "in_progress", NOVEMBER_1)

    project.refresh_from_db()
    assert project.status == "in_progress"
    assert str(Status.IN_PROGRESS.label) in message and str(Status.IDEA.label) not in message
    # The creation entry moved back to the earliest status; on the same date the later record wins.
    assert [(c.status, c.date, c.automatic) for c in project.status_changes.order_by("pk")] == [
        ("idea", NOVEMBER_1, True),
        ("in_progress", NOVEMBER_1, False),
    ]
    page = team_client.get(project.get_absolute_url())
    assert [c.status for c in page.context["history"]] == ["idea", "in_progress"]
    assert page.context["current_change"].status == "in_progress"
    html = page.content.decode()
    badge = html.split('id="current-status">')[1].split("<")[0]
    assert badge == str(Status.IN_PROGRESS.label)


def test_a_back_dated_status_that_does_not_become_current_says_which_remains(team_client, territory):
    project = created_today(team_client, territory)
    record(team_client, project, "in_progress", NOVEMBER_1)

    message = record(team_client, project, "preparing", dt.date(2026, 10, 1))

    project.refresh_from_db()
    assert project.status == "in_progress"
    assert str(Status.PREPARING.label) in message and str(Status.IN_PROGRESS.label) in message
    assert project.status_on(dt.date(2026, 10, 15)) == "preparing"
    assert project.status_on(dt.date(2026, 9, 30)) is None
    history = team_client.get(project.get_absolute_url()).context["history"]
    assert [(c.date, c.status) for c in history] == [
        (dt.date(2026, 10, 1), "idea"),
        (dt.date(2026, 10, 1), "preparing"),
        (NOVEMBER_1, "in_progress"),
    ]


def test_the_history_is_shown_in_date_order_then_recording_order(team_client, territory, team):
    project = ProjectFactory(territory=territory, history=dt.date(2024, 1, 10))
    change_status(project, "paused", dt.date(2024, 9, 1), team)
    change_status(project, "preparing", dt.date(2024, 3, 1), team)
    change_status(project, "in_progress", dt.date(2024, 9, 1), team)  # same date, recorded later: it wins
    page = team_client.get(project.get_absolute_url())
    history = page.context["history"]
    assert [c.status for c in history] == ["idea", "preparing", "paused", "in_progress"]
    assert [(c.date, c.pk) for c in history] == sorted((c.date, c.pk) for c in history)
    project.refresh_from_db()
    assert project.status == "in_progress" == page.context["current_change"].status
    current_row = page.content.decode().split('<tr class="current">')[1].split("</tr>")[0]
    assert str(Status.IN_PROGRESS.label) in current_row


def test_a_dated_first_status_does_not_move(territory, team):
    """A workbook's « statut depuis le » is the team's own date: an earlier entry does not move it."""
    project = create_project(
        Project(territory=territory, title="Importé", porteur_name="UIMM", status="in_progress"),
        team,
        dt.date(2024, 3, 1),
    )
    change_status(project, "preparing", dt.date(2023, 10, 1), team)
    project.refresh_from_db()
    assert project.status == "in_progress"
    assert project.status_changes.get(status="in_progress").date == dt.date(2024, 3, 1)


def test_the_migration_repairs_projects_hidden_by_their_creation_entry(territory, team):
    """Before the fix, a back-dated status stayed behind the creation entry dated later."""
    migration = importlib.import_module("tindus.plan.migrations.0004_status_history_indicator_kind_text_limits")
    project = ProjectFactory(territory=territory, history=dt.date.today())  # as the creation page did
    StatusChange.objects.create(project=project, status="in_progress", date=NOVEMBER_1, author=team)
    kept = ProjectFactory(territory=territory, history=dt.date(2023, 1, 1))  # an entry dated by the team
    StatusChange.objects.create(project=kept, status="done", date=dt.date(2022, 6, 1), author=team)
    migration.mark_creation_entries(apps, None)
    project.refresh_from_db()
    assert project.status == "in_progress"
    first = project.status_changes.order_by("pk").first()
    assert first.automatic and first.date == NOVEMBER_1
    assert list(kept.status_changes.order_by("pk").values_list("automatic", "date")) == [
        (False, dt.date(2023, 1, 1)),
        (False, dt.date(2022, 6, 1)),
    ]
