"""Running a job inside a queue task: status, progress, result and error, each recorded once.

An attempt first claims the job (a new run token); only the attempt holding the token may report
progress or finish it. A job already finished is never run again, so a task that the queue runs twice
(its first worker died after finishing the job but before marking the task) changes nothing.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any

from auditlog.context import set_actor
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .inputs import delete_input
from .models import Job
from .results import atomic_result, remove_partials, result_name

logger = logging.getLogger("tindus.jobs")

# Shown when a job stops on an error nobody foresaw; the exception itself goes to the log.
UNEXPECTED_ERROR = gettext_noop(
    "The job stopped on an unexpected error. It has been recorded for the platform administrators; "
    "start the job again later or contact them."
)
STOPPED_ERROR = gettext_noop("The job was stopped before its end (its task worker was shut down). Start it again.")
MISSING_FILE_ERROR = gettext_noop(
    "A file this job needs no longer exists (%(name)s): it may have been deleted meanwhile. "
    "Upload it again and start the job again."
)
# How often progress is written at most (every call when it reaches the end).
PROGRESS_EVERY_SECONDS = 0.5


class JobError(Exception):
    """A failure explained to the person: its message (already translated) is shown on the job page,
    with ``details`` (one translated line per problem, such as a workbook's sheet, line and column)
    listed under it."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = [str(line) for line in details or []]


class JobSupersededError(BaseException):
    """Another attempt took the job over (this worker was taken for dead): stop without touching it.

    A ``BaseException`` so that a job's own ``except Exception`` does not swallow it.
    """


class JobContext:
    """What a job's body receives: its job, and the means to report progress and results."""

    def __init__(self, job: Job, token: str) -> None:
        self.job = job
        self.token = token
        self.result_url = ""
        self.result_file = ""
        # What the job did, in the reader's words, shown on its page once it succeeded.
        self.summary = ""
        self.finished = False
        self._total: int | None = None
        self._step = ""
        self._last_write = 0.0

    def _mine(self):
        return Job.objects.filter(pk=self.job.pk, run_token=self.token, status=Job.Status.RUNNING)

    def progress(self, done: int, total: int | None = None, step: str = "") -> None:
        """Report ``done`` steps out of ``total`` (kept from the previous call when omitted), with the
        current step's name as the reader should see it (translated). Cheap to call often."""
        if total is not None:
            self._total = total
        now = time.monotonic()
        at_end = self._total is not None and done >= self._total
        if not at_end and str(step) == self._step and now - self._last_write < PROGRESS_EVERY_SECONDS:
            return
        self._step = str(step)
        self._last_write = now
        updated = self._mine().update(progress_done=done, progress_total=self._total, progress_step=self._step[:200])
        if not updated:
            raise JobSupersededError(self.job.pk)

    @contextmanager
    def open_result(self, filename: str, *, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
        """Write the job's result file: it replaces any earlier one whole, once the block ends without error."""
        name = result_name(self.job.pk, filename)
        with atomic_result(name, f"{self.job.pk}-{self.token}", binary=binary, encoding=encoding) as out:
            yield out
        self.result_file = name

    def input_path(self, path: str | Path) -> Path:
        """A file the job reads, checked to exist: if it vanished, the job fails with a clear message."""
        path = Path(path)
        if not path.is_file():
            raise JobError(_(MISSING_FILE_ERROR) % {"name": path.name})
        return path

    def read_input(self, name: str) -> bytes:
        """The content of an input saved in the storage (:func:`tindus.jobs.inputs.save_input`); if it
        vanished, the job fails with a clear message."""
        if not name or not default_storage.exists(name):
            raise JobError(_(MISSING_FILE_ERROR) % {"name": Path(name or "?").name})
        with default_storage.open(name, "rb") as handle:
            return handle.read()

    @contextmanager
    def consume_input(self, name: str) -> Iterator[bytes]:
        """Read an input saved in the storage, and delete it once the job is done with it (succeeded or
        failed); it is kept only for another attempt that takes the job over."""
        content = self.read_input(name)
        try:
            yield content
        except JobSupersededError:
            raise
        except BaseException:
            delete_input(name)
            raise
        delete_input(name)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Write to the database and finish the job in one transaction: both happen, or neither.

        Use it for the job's database writes, after the long computation (progress written inside
        is seen by others only when the block ends).
        """
        with transaction.atomic():
            if not self._mine().select_for_update().exists():
                raise JobSupersededError(self.job.pk)
            yield
            self._succeed()

    def _succeed(self) -> None:
        updated = self._mine().update(
            status=Job.Status.SUCCEEDED,
            finished_at=timezone.now(),
            result_file=self.result_file,
            result_url=self.result_url,
            summary=str(self.summary),
            progress_done=F("progress_total") if self._total else F("progress_done"),
            progress_step="",
        )
        if not updated:
            raise JobSupersededError(self.job.pk)
        self.finished = True

    def _fail(self, message: str, details: list[str] | None = None) -> None:
        self._mine().update(
            status=Job.Status.FAILED, finished_at=timezone.now(), error=message, error_details=details or []
        )


def claim(job_id: str) -> tuple[Job | None, str]:
    """Start an attempt at the job: its run token, or ``(job, "")`` if it is finished already."""
    token = uuid.uuid4().hex
    claimed = Job.objects.filter(pk=job_id, status__in=[Job.Status.PENDING, Job.Status.RUNNING]).update(
        status=Job.Status.RUNNING,
        run_token=token,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        progress_done=0,
        progress_total=None,
        progress_step="",
        error="",
        error_details=[],
        summary="",
    )
    job = Job.objects.filter(pk=job_id).first()
    return job, token if claimed else ""


def run_job(job_id: str, body: Callable[..., str | None], params: dict[str, Any]) -> dict[str, Any]:
    """Run ``body(context, **params)`` as an attempt at the job ``job_id``; what the task returns."""
    job, token = claim(job_id)
    if job is None:
        raise LookupError(f"job {job_id} does not exist")
    if not token:
        logger.info("Job %s is %s already: not run again", job_id, job.status)
        return {"job": str(job_id), "status": job.status, "run": False}
    remove_partials(f"{job.pk}-")  # what an earlier, killed attempt was writing
    context = JobContext(job, token)
    # The changes a job makes enter the history under the name of the person who started it.
    actor = set_actor(job.author) if job.author_id else nullcontext()
    with translation.override(job.language), actor:
        try:
            outcome = body(context, **params)
            if not context.finished:
                context.result_url = outcome or context.result_url
                with transaction.atomic():
                    context._succeed()
        except JobSupersededError:
            logger.warning("Job %s was taken over by another attempt: this one stops", job_id)
            return {"job": str(job_id), "status": "superseded", "run": False}
        except JobError as error:
            context._fail(str(error), error.details)
            raise
        except FileNotFoundError as error:
            logger.exception("Job %s: a file it needs is missing", job_id)
            context._fail(_(MISSING_FILE_ERROR) % {"name": Path(str(error.filename or "?")).name})
            raise
        except Exception:
            logger.exception("Job %s failed", job_id)
            context._fail(_(UNEXPECTED_ERROR))
            raise
        except BaseException:
            context._fail(_(STOPPED_ERROR))
            raise
    return {"job": str(job_id), "status": Job.Status.SUCCEEDED, "run": True}
