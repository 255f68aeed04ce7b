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
Plain tasks that nobody watches (periodic purges, e-mails) use ``django_tasks.task`` directly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task
from django_tasks.base import Task

from tindus.territories.models import Territory

from .models import Job
from .runner import JobContext, JobError, run_job

__all__ = ["JobContext", "JobError", "job_task", "job_url", "start_job"]

_TITLES: dict[str, str] = {}


def job_task(title: str, *, queue_name: str = DEFAULT_TASK_QUEUE_NAME, priority: int = 0) -> Callable:
    """Make ``body(job: JobContext, **params)`` a queue task run as a job titled ``title`` (an English
    msgid marked with ``gettext_noop``: it is translated for each reader)."""

    def decorator(body: Callable[..., str | None]) -> Task:
        @functools.wraps(body)
        def run(job_id: str, **params: Any) -> dict[str, Any]:
            return run_job(job_id, body, params)

        queued = task(queue_name=queue_name, priority=priority)(run)
        _TITLES[queued.module_path] = title
        return queued

    return decorator


def start_job(queued: Task, *, territory: Territory, author: Any, language: str | None = None, **params: Any) -> Job:
    """Record a job and put its task in the queue, in one transaction: the web answers at once."""
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


def job_url(job: Job) -> str:
    return reverse("jobs:detail", kwargs={"slug": job.territory.slug, "pk": job.pk})
