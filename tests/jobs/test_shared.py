"""What the jobs app adds for the long jobs of every app: uploaded inputs consumed once, problems listed
under an error, a summary of what was done, and shared jobs (public documents made once per state)."""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory
from tests.jobs import sample_jobs
from tests.jobs.inprocess import result_bytes, run_queue
from tindus.accounts.models import Role
from tindus.jobs.api import job_url, save_input, start_job, start_shared_job
from tindus.jobs.inputs import purge_inputs
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(haut_doubs):
    return MembershipFactory(territory=haut_doubs, role=Role.TEAM).user


def finished(job):
    run_queue()
    job.refresh_from_db()
    return job


def test_an_input_is_consumed_and_the_summary_shown(client, haut_doubs, team):
    name = save_input(ContentFile(b"abc", name="plan 2026.xlsx"))
    assert name.startswith("jobs/inputs/") and name.endswith("/plan_2026.xlsx")
    job = finished(start_job(sample_jobs.copy_upload, territory=haut_doubs, author=team, name=name))
    assert result_bytes(job) == b"abc" and not default_storage.exists(name)
    client.force_login(team)
    assert '<p class="job-summary">3 octets copiés.</p>' in client.get(job_url(job)).content.decode()


def test_a_failure_lists_its_problems_and_drops_the_input(client, haut_doubs, team):
    name = save_input(ContentFile(b"abc", name="plan.xlsx"))
    job = finished(start_job(sample_jobs.copy_upload, territory=haut_doubs, author=team, name=name, fail=True))
    assert job.status == Job.Status.FAILED and job.error_details == ["Feuille A, ligne 2 : vide",
                                                                     "Feuille B, ligne 3 : trop long"]  # fmt: skip
    assert not default_storage.exists(name)
    client.force_login(team)
    html = client.get(job_url(job)).content.decode()
    assert '<p class="job-error" role="alert">Le fichier n&#x27;a pas été importé.</p>' in html
    assert re.search(r'<ul class="job-problems"><li>Feuille A, ligne 2 : vide</li><li>Feuille B', html)


def test_a_vanished_input_fails_clearly(haut_doubs, team):
    name = save_input(ContentFile(b"abc", name="plan.xlsx"))
    default_storage.delete(name)
    job = finished(start_job(sample_jobs.copy_upload, territory=haut_doubs, author=team, name=name))
    assert job.status == Job.Status.FAILED and "plan.xlsx" in job.error and "n'existe plus" in job.error


def test_inputs_no_job_consumed_are_purged(settings):
    old = save_input(ContentFile(b"x", name="ancien.xlsx"))
    recent = save_input(ContentFile(b"x", name="recent.xlsx"))
    assert purge_inputs(dt.timedelta(days=30), timezone.now() + dt.timedelta(days=31)) == 2
    assert not default_storage.exists(old) and not default_storage.exists(recent)
    kept = save_input(ContentFile(b"x", name="garde.xlsx"))
    assert purge_inputs(dt.timedelta(days=30)) == 0 and default_storage.exists(kept)


def test_a_shared_job_is_made_once_per_state_and_public(haut_doubs, team):
    first = start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, word="bonjour")
    assert first.author is None and first.is_shared
    assert start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, word="bonjour") == first
    other = start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, word="salut")
    newer = start_shared_job(sample_jobs.public_file, state="v2", territory=haut_doubs, word="bonjour")
    english = start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, language="en",
                               word="bonjour")  # fmt: skip
    assert len({first.pk, other.pk, newer.pk, english.pk}) == 4
    finished(first)
    assert start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, word="bonjour") == first
    # Its public page and file, for anyone; its file gone, a new job makes it again.
    visitor = Client()
    page = visitor.get(job_url(first))
    assert job_url(first) == f"/telechargements/{first.pk}/" and page.status_code == 200
    download = reverse("shared_jobs:download", kwargs={"pk": first.pk})
    assert f'href="{download}"' in page.content.decode()
    assert b"".join(visitor.get(download).streaming_content) == b"bonjour"
    default_storage.delete(first.result_file.name)
    again = start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, word="bonjour")
    assert again != first


def test_a_personal_job_is_not_reached_through_the_public_address_nor_a_shared_one_listed(client, haut_doubs, team):
    personal = finished(start_job(sample_jobs.public_file, territory=haut_doubs, author=team, word="privé"))
    assert Client().get(f"/telechargements/{personal.pk}/").status_code == 404
    assert Client().get(f"/telechargements/{personal.pk}/fichier/").status_code == 404
    shared = start_shared_job(sample_jobs.public_file, state="v1", territory=haut_doubs, word="public")
    client.force_login(team)
    listing = client.get(reverse("jobs:list", kwargs={"slug": haut_doubs.slug})).content.decode()
    assert job_url(personal) in listing and str(shared.pk) not in listing


def test_a_shared_job_without_territory(client):
    job = finished(start_shared_job(sample_jobs.public_file, state="v1", word="epci"))
    assert job.territory is None and client.get(job_url(job)).status_code == 200
    assert result_bytes(job) == b"epci"
