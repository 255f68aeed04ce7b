"""Tasks left running by a dead worker go back to the queue (three lost workers: the job is abandoned);
tasks of live workers are left alone. The real processes are in test_processes.py."""

import datetime as dt

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import CustomTerritoryFactory, UserFactory
from tests.jobs import sample_jobs
from tindus.jobs.api import start_job
from tindus.jobs.models import Job, WorkerProcess
from tindus.jobs.runner import claim
from tindus.jobs.schema import schema_problem
from tindus.jobs.worker import MAX_ATTEMPTS, beat, recover_lost_tasks

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture(autouse=True)
def short_lease(settings):
    settings.TINDUS_WORKER_LEASE = 10


def running_job(worker_ids, started_seconds_ago=60):
    job = start_job(sample_jobs.slow_export, territory=CustomTerritoryFactory(), author=UserFactory())
    claim(str(job.pk))
    DBTaskResult.objects.filter(id=job.task_id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
        started_at=NOW - dt.timedelta(seconds=started_seconds_ago),
    )
    return job


def states(job):
    job.refresh_from_db()
    return DBTaskResult.objects.get(id=job.task_id).status, job.status


def test_the_task_of_a_dead_worker_goes_back_to_the_queue():
    beat("dead", now=NOW - dt.timedelta(seconds=30))
    job = running_job(["dead"])
    assert recover_lost_tasks(NOW, own_worker_id="me") == [str(job.task_id)]
    assert states(job) == (TaskResultStatus.READY, Job.Status.PENDING)
    assert recover_lost_tasks(NOW, own_worker_id="other") == []  # done once


def test_the_tasks_of_live_workers_and_of_this_worker_stay():
    beat("alive", now=NOW - dt.timedelta(seconds=3))
    alive = running_job(["alive"])
    own = running_job(["me"])
    assert recover_lost_tasks(NOW, own_worker_id="me") == []
    assert states(alive) == states(own) == (TaskResultStatus.RUNNING, Job.Status.RUNNING)


def test_a_task_just_claimed_is_given_a_lease_even_without_heartbeat():
    job = running_job(["unknown"], started_seconds_ago=2)
    assert recover_lost_tasks(NOW) == []
    assert states(job)[0] == TaskResultStatus.RUNNING


def test_a_task_that_lost_its_worker_three_times_is_abandoned_with_a_message():
    job = running_job([f"dead-{n}" for n in range(MAX_ATTEMPTS)])
    assert recover_lost_tasks(NOW) == [str(job.task_id)]
    assert states(job) == (TaskResultStatus.FAILED, Job.Status.FAILED)
    assert "3" in job.error and "Traceback" not in job.error


def test_workers_gone_for_long_are_forgotten():
    beat("long-gone", now=NOW - dt.timedelta(hours=1))
    beat("recent", now=NOW)
    recover_lost_tasks(NOW)
    assert list(WorkerProcess.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_the_schema_of_the_test_database_matches():
    assert schema_problem() is None


def test_a_database_migrated_by_a_newer_version_is_refused():
    MigrationRecorder.Migration.objects.create(app="jobs", name="9999_from_the_future")
    problem = schema_problem()
    assert problem and "jobs.9999_from_the_future" in problem
