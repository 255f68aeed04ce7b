"""A worker that loses the database (restarted, failed over) waits for it instead of dying, gives back the task it
was running, and goes on; a task's own database error, with the database still there, fails the task as before.
bench/faults.py restarts a real PostgreSQL server under real workers."""

import pytest
from django.db import OperationalError
from django_tasks import TaskResultStatus, task
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from tests.factories import CustomTerritoryFactory, UserFactory
from tests.jobs import sample_jobs
from tindus.jobs import worker as worker_module
from tindus.jobs.api import start_job
from tindus.jobs.models import Job
from tindus.jobs.runner import claim
from tindus.jobs.worker import DatabaseLostError, Worker

pytestmark = pytest.mark.django_db(transaction=True)


def new_worker() -> Worker:
    return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                  max_tasks=None, worker_id="essai-1-abc", excluded_queue_names=[], scheduler=False)  # fmt: skip


def running_job(worker_id: str) -> Job:
    job = start_job(sample_jobs.slow_export, territory=CustomTerritoryFactory(), author=UserFactory())
    claim(str(job.pk))
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.RUNNING, worker_ids=[worker_id])
    return job


def test_a_lost_database_stops_the_loop_then_the_worker_gives_its_task_back_and_goes_on(monkeypatch):
    worker = new_worker()
    job = running_job(worker.worker_id)
    other = running_job("autre-2-def")
    loops = []

    def loop(self):
        loops.append(1)
        if len(loops) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(DatabaseWorker, "run", loop)
    monkeypatch.setattr(worker_module.Heartbeat, "start", lambda self: None)
    monkeypatch.setattr(worker_module.Heartbeat, "stop", lambda self: None)
    worker.run()
    assert len(loops) == 2  # it went on after the database came back
    job.refresh_from_db()
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.READY
    assert job.status == Job.Status.PENDING
    assert DBTaskResult.objects.get(id=other.task_id).status == TaskResultStatus.RUNNING  # not ours


@task()
def lose_database() -> None:
    raise OperationalError("server closed the connection unexpectedly")


def running_task(worker_id: str) -> DBTaskResult:
    result = lose_database.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(status=TaskResultStatus.RUNNING, worker_ids=[worker_id])
    return DBTaskResult.objects.get(id=result.id)


def test_a_task_stopped_by_the_lost_database_is_not_failed(monkeypatch):
    worker = new_worker()
    task_result = running_task(worker.worker_id)
    monkeypatch.setattr(worker_module, "_database_usable", lambda: False)
    with pytest.raises(DatabaseLostError):
        worker.run_task(task_result)
    assert DBTaskResult.objects.get(id=task_result.id).status == TaskResultStatus.RUNNING  # given back later


def test_a_database_error_of_the_task_itself_fails_it():
    worker = new_worker()
    task_result = running_task(worker.worker_id)
    worker.run_task(task_result)  # the database is there: an ordinary failure
    assert DBTaskResult.objects.get(id=task_result.id).status == TaskResultStatus.FAILED
