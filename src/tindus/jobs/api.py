"""What an app uses to turn a long job into a background task with its own page.

Declare the job in the app's ``tasks.py``::

    @job_task(gettext_noop("Export of the action plan (PDF)"))
    def export_plan_pdf(job: JobContext, *, at: str) -> None:
        ...
        job.progress(3, 10, gettext("Drawing the Gantt chart"))
        with job.open_result("etat-du-plan.pdf", binary=True) as out:
            out.write(pdf)

and start it from a view, which then redirects to the job's page::

    job = start_job(export_plan_pdf, territory=request.territory, author=request.user, at="2024-06-30")
    return redirect(job_url(job))

The body returns nothing (its result is the file written with ``open_result``) or the address of a
page to open when it is done. It raises :class:`JobError` with a translated message for a failure
the person can act on; any other exception is logged and shown as an unexpected error. Database
writes go in ``with job.atomic():`` so that they are committed together with the job's success.
The body may set ``job.summary`` (what it did, shown once it succeeded) and read an uploaded file
saved with :func:`save_input` through ``job.consume_input(name)``. Plain tasks that nobody watches
(periodic purges) use ``django_tasks.task`` directly.

A public document that everyone may read (a diagnostic's PDF) is made by a *shared* job
(:func:`start_shared_job`): one job per document and state of its data, reused by every reader, with
a public page.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task
from django_tasks.base import Task

from tindus.territories.models import Territory

from .inputs import save_input
from .models import Job
from .results import result_available
from .runner import JobContext, JobError, run_job

__all__ = [
    "JobContext",
    "JobError",
    "job_task",
    "job_url",
    "save_input",
    "download_url",
    "start_job",
    "start_shared_job",
]

_TITLES: dict[str, str] = {}
# Jobs about no territory (a région's report): task path → (job → its page, job → its file's address).
_PAGES: dict[str, tuple[Callable[[Job], str], Callable[[Job], str]]] = {}


def job_task(
    title: str,
    *,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    priority: int = 0,
    pages: tuple[Callable[[Job], str], Callable[[Job], str]] | None = None,
) -> Callable:
    """Make ``body(job: JobContext, **params)`` a queue task run as a job titled ``title`` (an English
    msgid marked with ``gettext_noop``: it is translated for each reader).

    ``pages`` is for a job started about no territory (``start_job(..., territory=None)``): the
    functions giving its page and its file's address, served by the app's own views, which check who
    may see the job (the territory's job pages never show it)."""

    def decorator(body: Callable[..., str | None]) -> Task:
        @functools.wraps(body)
        def run(job_id: str, **params: Any) -> dict[str, Any]:
            return run_job(job_id, body, params)

        queued = task(queue_name=queue_name, priority=priority)(run)
        _TITLES[queued.module_path] = title
        if pages is not None:
            _PAGES[queued.module_path] = pages
        return queued

    return decorator


def start_job(
    queued: Task, *, territory: Territory | None, author: Any, language: str | None = None, **params: Any
) -> Job:
    """Record a job and put its task in the queue, in one transaction: the web answers at once.

    A job about no territory (``territory=None``) needs a task declared with ``pages``."""
    if territory is None and queued.module_path not in _PAGES:
        raise ValueError(f"{queued.module_path}: a job about no territory needs its pages (job_task(pages=...))")
    with transaction.atomic():
        job = Job.objects.create(
            territory=territory,
            author=author if getattr(author, "is_authenticated", False) else None,
            title=_TITLES[queued.module_path],
            task_path=queued.module_path,
            params=params,
            language=(language or get_language() or settings.LANGUAGE_CODE)[:10],
        )
        result = queued.enqueue(str(job.pk), **params)
        job.task_id = result.id
        job.save(update_fields=["task_id"])
    return job


def _shared_key(queued: Task, territory: Territory | None, language: str, params: dict, state: Any) -> str:
    text = json.dumps(
        [queued.module_path, territory.pk if territory else None, language, params, state],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def start_shared_job(
    queued: Task, *, state: Any = None, territory: Territory | None = None, language: str | None = None, **params: Any
) -> Job:
    """The job making a public document: the same task, territory, language and parameters make the
    same file as long as ``state`` (what else the file is made of: a data version, a count of answers)
    is the same. One already queued or running, or one whose file is still kept, is reused; else a new
    one is started, without author. Anyone may open its page (:func:`job_url`) and download its file:
    use it only for what everyone may read."""
    language = (language or get_language() or settings.LANGUAGE_CODE)[:10]
    key = _shared_key(queued, territory, language, params, state)
    for job in Job.objects.filter(shared_key=key).exclude(status=Job.Status.FAILED).order_by("-created_at")[:3]:
        if not job.is_finished or result_available(job):
            return job
    with transaction.atomic():
        job = Job.objects.create(
            territory=territory,
            author=None,
            title=_TITLES[queued.module_path],
            task_path=queued.module_path,
            params=params,
            language=language,
            shared_key=key,
        )
        result = queued.enqueue(str(job.pk), **params)
        job.task_id = result.id
        job.save(update_fields=["task_id"])
    return job


def _scoped_pages(job: Job) -> tuple[Callable[[Job], str], Callable[[Job], str]]:
    if job.task_path not in _PAGES:  # its module was not imported in this process yet
        import_string(job.task_path)
    return _PAGES[job.task_path]


def job_url(job: Job) -> str:
    """The job's page: in its territory's workspace, at its public address for a shared job, or the page
    its task declared for a job about no territory."""
    if job.is_shared:
        return reverse("shared_jobs:detail", kwargs={"pk": job.pk})
    if job.territory_id is None:
        return _scoped_pages(job)[0](job)
    return reverse("jobs:detail", kwargs={"slug": job.territory.slug, "pk": job.pk})


def download_url(job: Job) -> str:
    """Where the job's result file is downloaded (through a view that checks who may)."""
    if job.is_shared:
        return reverse("shared_jobs:download", kwargs={"pk": job.pk})
    if job.territory_id is None:
        return _scoped_pages(job)[1](job)
    return reverse("jobs:download", kwargs={"slug": job.territory.slug, "pk": job.pk})
