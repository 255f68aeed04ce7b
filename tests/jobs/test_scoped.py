"""Jobs about no territory (a région's report): their own pages, never reached through a territory's."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory
from tests.jobs import sample_jobs
from tests.jobs.inprocess import result_bytes
from tindus.accounts.models import Role
from tindus.jobs.api import download_url, job_url, start_job
from tindus.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_a_job_about_no_territory_has_the_pages_its_task_declared(queue):
    job = start_job(sample_jobs.scoped_export, territory=None, author=None, scope="27")
    assert job.territory is None
    assert job_url(job) == "/rapports/27/"
    assert download_url(job) == f"/rapports/27/{job.pk}/fichier/"
    queue()
    job.refresh_from_db()
    assert result_bytes(job) == b"27"


def test_a_task_without_pages_may_not_run_about_no_territory():
    with pytest.raises(ValueError, match="pages"):
        start_job(sample_jobs.open_page, territory=None, author=None)
    assert not Job.objects.exists()


def test_a_territory_team_does_not_reach_a_job_about_no_territory(client, haut_doubs):
    job = start_job(sample_jobs.scoped_export, territory=None, author=None, scope="27")
    client.force_login(MembershipFactory(territory=haut_doubs, role=Role.TEAM).user)
    for name in ("jobs:detail", "jobs:download"):
        assert client.get(reverse(name, kwargs={"slug": haut_doubs.slug, "pk": job.pk})).status_code == 404
    assert str(job.pk) not in client.get(reverse("jobs:list", kwargs={"slug": haut_doubs.slug})).content.decode()
