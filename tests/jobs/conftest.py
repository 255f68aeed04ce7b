"""Run the queue in the test's own process, with django-tasks-db's worker loop (no heartbeat thread:
it could not see the test's transaction)."""

from unittest import mock

import pytest
from django_tasks_db.management.commands.db_worker import Worker


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


@pytest.fixture
def queue():
    return run_queue
