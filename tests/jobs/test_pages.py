"""Job pages: answered at once in every state, refreshed without inline script, seen by the author and the
territory's team only; the result file through a checked download; the history export as the reference job."""

import csv
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tests.factories import AxisFactory, MembershipFactory, PlanFactory, ProjectFactory
from tests.jobs import sample_jobs
from tindus.accounts.models import Role
from tindus.core.history import territory_history
from tindus.core.history_display import describe
from tindus.jobs.api import job_url, start_job
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(haut_doubs):
    return {role: MembershipFactory(territory=haut_doubs, role=role).user for role in Role}


@pytest.fixture
def committee_job(haut_doubs, people):
    """A job the committee member started."""
    return start_job(sample_jobs.slow_export, territory=haut_doubs, author=people[Role.COMMITTEE])


def page(client, user, job):
    client.force_login(user)
    return client.get(job_url(job))


def set_state(job, **fields):
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()


def assert_no_inline_script(html):
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert " on" + "click=" not in html and "javascript:" not in html


def test_a_waiting_job_refreshes_itself_without_inline_script(client, people, committee_job):
    response = page(client, people[Role.COMMITTEE], committee_job)
    html = response.content.decode()
    assert response.status_code == 200
    assert str(Job.Status.PENDING.label) in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert re.search(r'<script src="/static/jobs/job\.js" defer>', html)
    assert 'id="job-status"' in html and 'data-refresh="3"' in html and 'aria-live="polite"' in html
    assert_no_inline_script(html)


def test_a_running_job_shows_its_progress(client, people, committee_job):
    set_state(committee_job, status="running", progress_done=2, progress_total=5, progress_step="Lecture des lignes")
    html = page(client, people[Role.COMMITTEE], committee_job).content.decode()
    assert re.search(r'<progress id="job-progress" max="5" value="2">40 %</progress>', html)
    assert "Lecture des lignes" in html and 'data-refresh="3"' in html


def test_a_finished_job_links_its_file_and_stops_refreshing(client, people, committee_job):
    name = default_storage.save(f"jobs/{committee_job.pk}/historique.csv", ContentFile(b"a;b\n"))
    set_state(committee_job, status="succeeded", result_file=name, finished_at=timezone.now())
    html = page(client, people[Role.COMMITTEE], committee_job).content.decode()
    download = reverse("jobs:download", kwargs={"slug": committee_job.territory.slug, "pk": committee_job.pk})
    assert f'href="{download}"' in html and "historique.csv" in html
    assert "refresh" not in html and "job.js" not in html
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a;b\n"
    assert 'attachment; filename="historique.csv"' in response["Content-Disposition"]


def test_a_result_file_purged_meanwhile_is_said_not_linked(client, people, committee_job):
    set_state(committee_job, status="succeeded", result_file=f"jobs/{committee_job.pk}/parti.csv")
    response = page(client, people[Role.COMMITTEE], committee_job)
    assert "jobs:download" not in response.content.decode() and "/fichier/" not in response.content.decode()
    client.force_login(people[Role.COMMITTEE])
    assert client.get(job_url(committee_job) + "fichier/").status_code == 404


def test_a_failed_job_shows_its_message_as_an_alert(client, people, committee_job):
    set_state(committee_job, status="failed", error="Le fichier déposé ne contient aucune ligne.")
    html = page(client, people[Role.COMMITTEE], committee_job).content.decode()
    assert '<p class="job-error" role="alert">Le fichier déposé ne contient aucune ligne.</p>' in html
    assert "refresh" not in html


@pytest.mark.parametrize(
    ("who", "status"),
    [(Role.COMMITTEE, 200), (Role.TEAM, 200), (Role.PARTNER, 403), (Role.COMPANY, 403), ("other committee", 403)],
)
def test_the_author_and_the_team_see_a_job(client, haut_doubs, people, committee_job, who, status):
    user = (
        MembershipFactory(territory=haut_doubs, role=Role.COMMITTEE).user if who == "other committee" else people[who]
    )
    assert page(client, user, committee_job).status_code == status
    client.force_login(user)
    assert client.get(job_url(committee_job) + "fichier/").status_code == (404 if status == 200 else 403)


def test_a_job_is_reached_through_its_own_territory_only(client, auxois, people, committee_job):
    admin = MembershipFactory(territory=auxois, role=Role.TEAM).user
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("jobs:detail", kwargs={"slug": auxois.slug, "pk": committee_job.pk})
    assert client.get(url).status_code == 404


def test_the_list_shows_own_jobs_or_all_of_them_to_the_team(client, haut_doubs, people, committee_job):
    team_job = start_job(sample_jobs.slow_export, territory=haut_doubs, author=people[Role.TEAM])
    url = reverse("jobs:list", kwargs={"slug": haut_doubs.slug})
    client.force_login(people[Role.COMMITTEE])
    html = client.get(url).content.decode()
    assert job_url(committee_job) in html and job_url(team_job) not in html
    client.force_login(people[Role.TEAM])
    html = client.get(url).content.decode()
    assert job_url(committee_job) in html and job_url(team_job) in html


def test_the_history_export_runs_in_the_background(client, haut_doubs, people, queue):
    ProjectFactory(territory=haut_doubs, title="Usine école")
    ProjectFactory(territory=haut_doubs, title="Plateforme logistique")
    client.force_login(people[Role.COMMITTEE])
    url = reverse("jobs:history_export", kwargs={"slug": haut_doubs.slug})
    assert client.get(url).status_code == 200
    response = client.post(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.author == people[Role.COMMITTEE] and job.status == Job.Status.PENDING
    queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    content = default_storage.open(job.result_file.name).read()
    assert content.startswith(b"\xef\xbb\xbf")  # spreadsheet software reads it as UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    shown = describe(territory_history(haut_doubs.pk, editor=False))
    assert len(rows) == 1 + len(shown) >= 3
    assert {"Usine école", "Plateforme logistique"} <= {row[4] for row in rows[1:]}
    assert {row[2] for row in rows[1:]} <= {gettext("has created"), gettext("has changed")}
    assert "None" not in content.decode("utf-8-sig")  # empty values read as on the history page
    assert (job.progress_done, job.progress_total) == (len(shown), len(shown))


def test_the_partner_may_not_start_the_history_export(client, haut_doubs, people):
    client.force_login(people[Role.PARTNER])
    assert client.post(reverse("jobs:history_export", kwargs={"slug": haut_doubs.slug})).status_code == 403
    assert not Job.objects.exists()


def test_the_history_export_writes_changes_of_many_to_many_fields(client, haut_doubs, people, queue):
    """auditlog logs an axis added to a project as a dict of objects, not an (old, new) pair."""
    project = ProjectFactory(territory=haut_doubs, title="Usine école")
    axis = AxisFactory(plan=PlanFactory(territory=haut_doubs), title="Former aux métiers de l'industrie")
    project.axes.add(axis)
    client.force_login(people[Role.TEAM])
    client.post(reverse("jobs:history_export", kwargs={"slug": haut_doubs.slug}))
    queue()
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.error
    text = default_storage.open(job.result_file.name).read().decode("utf-8-sig")
    changes = [str(c) for row in describe(territory_history(haut_doubs.pk, editor=True)) for c in row.changes]
    added = next(change for change in changes if str(axis) in change)  # « Axes : ajouté : 1 Former… »
    assert any(added in row[5] for row in csv.reader(io.StringIO(text), delimiter=";"))
