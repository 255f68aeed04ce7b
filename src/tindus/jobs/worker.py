"""The task worker: django-tasks-db's worker loop, plus a heartbeat that lets tasks survive a dead worker.

django-tasks-db claims a task by marking it running (``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL, an exclusive transaction on SQLite) and leaves it so if its worker is killed. Each
``tindus worker`` therefore writes a heartbeat every few seconds; any worker that finds a task
running under a worker whose heartbeat is older than the lease puts it back in the queue (and gives
up after ``MAX_ATTEMPTS`` lost workers: a task that kills its worker every time must not kill them all).
The same beat runs the periodic scheduler, so a plain ``tindus worker`` is all a server needs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from .models import Job, WorkerProcess

logger = logging.getLogger("tindus.jobs")

# Seconds between two tries to reach the database again after losing it.
RECONNECT_SECONDS = 1.0
# A task whose worker died this many times is failed instead of being tried again.
MAX_ATTEMPTS = 3
LOST_ERROR = gettext_noop(
    "The job was interrupted %(count)d times because its task worker stopped (the server may lack memory): "
    "it is abandoned. Start it again, or contact the platform administrators if it fails again."
)


def lease() -> dt.timedelta:
    """How long a worker may go without a heartbeat before its running tasks are taken for lost."""
    return dt.timedelta(seconds=settings.TINDUS_WORKER_LEASE)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    """Record that ``worker_id`` is alive."""
    now = now or timezone.now()
    updated = WorkerProcess.objects.filter(worker_id=worker_id).update(last_seen=now)
    if not updated:
        WorkerProcess.objects.update_or_create(
            worker_id=worker_id,
            defaults={"hostname": socket.gethostname()[:200], "pid": os.getpid(), "last_seen": now},
        )


def recover_lost_tasks(now: dt.datetime | None = None, own_worker_id: str = "") -> list[str]:
    """Put back in the queue the tasks left running by workers that stopped beating; the ids handled.

    Each change is a conditional update (the task is still running since the same start), so two
    workers recovering at once do it once.
    """
    now = now or timezone.now()
    cutoff = now - lease()
    alive = set(WorkerProcess.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True))
    alive.add(own_worker_id)
    handled = []
    for task in DBTaskResult.objects.running().filter(started_at__lt=cutoff).only("id", "worker_ids", "started_at"):
        if task.worker_ids and task.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            still = DBTaskResult.objects.filter(id=task.id, status=TaskResultStatus.RUNNING, started_at=task.started_at)
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                changed = still.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="tindus.jobs.worker.WorkerLostError",
                    traceback=f"Its worker stopped {len(task.worker_ids)} times: {', '.join(task.worker_ids)}",
                )
                if changed:
                    _fail_jobs(task.id, len(task.worker_ids), now)
            else:
                changed = still.update(status=TaskResultStatus.READY)
                if changed:
                    Job.objects.filter(task_id=task.id, status=Job.Status.RUNNING).update(
                        status=Job.Status.PENDING, progress_step=""
                    )
        if changed:
            logger.warning("Task %s was left running by a stopped worker (%s)", task.id, task.worker_ids[-1:])
            handled.append(str(task.id))
    # Forget workers gone for long (their tasks are handled above).
    WorkerProcess.objects.filter(last_seen__lt=now - 10 * lease()).delete()
    return handled


def _fail_jobs(task_id: Any, count: int, now: dt.datetime) -> None:
    for job in Job.objects.filter(task_id=task_id).exclude(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED]):
        with translation.override(job.language):
            message = _(LOST_ERROR) % {"count": count}
        Job.objects.filter(pk=job.pk, status=job.status).update(
            status=Job.Status.FAILED, finished_at=now, error=message
        )


class Heartbeat(threading.Thread):
    """Beats, recovers lost tasks and runs the periodic scheduler, every ``interval`` seconds."""

    def __init__(self, worker_id: str, interval: float, scheduler: bool) -> None:
        super().__init__(name="tindus-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.scheduler = scheduler
        self.stopping = threading.Event()

    def tick(self) -> None:
        from .periodic import enqueue_due

        beat(self.worker_id)
        recover_lost_tasks(own_worker_id=self.worker_id)
        if self.scheduler:
            enqueue_due()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                try:
                    self.tick()
                except DatabaseError:
                    # SQLite busy, PostgreSQL restarting: try again at the next beat.
                    logger.warning("Heartbeat of worker %s skipped", self.worker_id, exc_info=True)
                    close_old_connections()
                except Exception:
                    # A broken periodic task module must not stop the heartbeat (the worker would look dead).
                    logger.exception("Heartbeat of worker %s failed", self.worker_id)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


class Worker(DatabaseWorker):
    """django-tasks-db's worker, registered with a heartbeat for as long as it runs."""

    def __init__(self, *, scheduler: bool = True, **options: Any) -> None:
        super().__init__(**options)
        self.heartbeat = Heartbeat(self.worker_id, beat_interval(), scheduler)

    def run(self) -> None:
        self.heartbeat.tick()  # registered before claiming anything; recovers what a dead worker left
        self.heartbeat.start()
        try:
            while True:
                try:
                    super().run()
                    return
                except (OperationalError, InterfaceError, DatabaseLostError):
                    # The database went away (restarted, failed over, network cut): wait for it, give back
                    # the task this worker was running (it runs again, as after a dead worker), go on.
                    logger.warning("Worker %s lost the database; waiting for it", self.worker_id, exc_info=True)
                    if not self.wait_for_database():
                        return
        finally:
            self.heartbeat.stop()
            self.leave()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """django-tasks-db's, except that a task stopped by the loss of the database is not marked failed
        (nor could it be): it stops the loop, which waits for the database and gives the task back."""
        record_failure = db_task_result.set_failed

        def set_failed(exception: BaseException) -> None:
            if isinstance(exception, OperationalError | InterfaceError) and not _database_usable():
                raise DatabaseLostError(self.worker_id) from exception
            record_failure(exception)

        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)

    def wait_for_database(self) -> bool:
        """Retry until the database answers (True), or until the worker is asked to stop (False)."""
        self.running_task = False
        while self.running:
            connections.close_all()
            try:
                self.give_back()
            except (OperationalError, InterfaceError):
                time.sleep(RECONNECT_SECONDS)
                continue
            logger.warning("Worker %s reached the database again", self.worker_id)
            return True
        return False

    def give_back(self) -> None:
        """Put back in the queue the tasks this worker had claimed or was running."""
        for task in DBTaskResult.objects.running():
            if task.worker_ids and task.worker_ids[-1] == self.worker_id:
                DBTaskResult.objects.filter(id=task.id, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.READY
                )
                Job.objects.filter(task_id=task.id, status=Job.Status.RUNNING).update(
                    status=Job.Status.PENDING, progress_step=""
                )

    def leave(self) -> None:
        """Stopping cleanly: give back a task claimed but not started, and unregister."""
        close_old_connections()
        try:
            self.give_back()
            WorkerProcess.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Worker %s could not unregister; its heartbeat will expire", self.worker_id, exc_info=True)


class DatabaseLostError(Exception):
    """The database went away while a task ran: the task goes back to the queue."""


def _database_usable() -> bool:
    connection = connections["default"]
    try:
        return connection.connection is not None and connection.is_usable()
    except DatabaseError:
        return False


def beat_interval() -> float:
    """A few beats per lease, so that one slow beat does not make a worker look dead."""
    return max(0.2, settings.TINDUS_WORKER_LEASE / 5)
