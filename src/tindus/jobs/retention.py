"""Old jobs go: their rows, their result files, finished queue rows, partial files left by killed workers
and inputs no job consumed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .inputs import purge_inputs
from .models import Job
from .results import delete_result, remove_partials


def purge(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what finished more than ``TINDUS_JOB_RETENTION_DAYS`` ago; how many of each were deleted."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.TINDUS_JOB_RETENTION_DAYS)
    old_jobs = Job.objects.filter(finished_at__lt=cutoff)
    files = 0
    for name in old_jobs.exclude(result_file="").values_list("result_file", flat=True):
        delete_result(name)
        files += 1
    jobs, _detail = old_jobs.delete()
    tasks, _detail = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    partials = remove_partials("", older_than=dt.timedelta(days=1).total_seconds())
    inputs = purge_inputs(dt.timedelta(days=settings.TINDUS_JOB_RETENTION_DAYS), now)
    return {"jobs": jobs, "files": files, "tasks": tasks, "partials": partials, "inputs": inputs}
