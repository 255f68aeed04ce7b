"""The jobs app's own tasks: the daily purge (periodic) and the reference job, the history export."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop
from django_tasks import task

from .api import JobContext, job_task
from .history_export import write_history_csv
from .periodic import periodic
from .retention import purge


@periodic(every=dt.timedelta(days=1))
@task()
def purge_old_jobs() -> dict[str, int]:
    return purge()


@job_task(gettext_noop("Export of the history of changes (CSV)"))
def export_history(job: JobContext) -> None:
    write_history_csv(job)
