"""Run the queue in the test's own process, and follow a job a view started: for every app's tests.

The worker loop is django-tasks-db's (no heartbeat thread: it could not see the test's transaction).
"""

from unittest import mock

from django.core.files.storage import default_storage
from django_tasks_db.management.commands.db_worker import Worker

from tindus.jobs.api import job_url
from tindus.jobs.models import Job


def run_queue() -> None:
    """Run every queued task, then return.

    The loop closes connections that are not in autocommit mode, as a worker should between tasks:
    here, that would be the test's own transaction.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def started_job(response) -> Job:
    """The job a view started: its answer redirects to the job's page at once, the job still waiting."""
    assert response.status_code == 302, response.status_code
    job = Job.objects.order_by("-created_at").first()
    assert job is not None, "no job was started"
    assert response["Location"] == job_url(job), (response["Location"], job_url(job))
    return job


def run_job(response) -> Job:
    """Follow a view's answer to its job, run the queue, and return the job as it ended."""
    job = started_job(response)
    assert job.status in (Job.Status.PENDING, Job.Status.SUCCEEDED), job.status
    run_queue()
    job.refresh_from_db()
    return job


def result_bytes(job: Job) -> bytes:
    """The result file of a job that succeeded."""
    assert job.status == Job.Status.SUCCEEDED, (job.status, job.error, job.error_details)
    with default_storage.open(job.result_file.name, "rb") as handle:
        return handle.read()
