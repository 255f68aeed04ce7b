"""The open-data bundle is refreshed every night, and on demand from the page by the platform's admins."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from tindus.jobs.api import JobContext, job_task
from tindus.jobs.periodic import periodic

from .bundle import build


@periodic(every=dt.timedelta(days=1))
@task()
def refresh_open_data() -> int:
    return len(build()["files"])


@job_task(gettext_noop("Open-data bundle of every territory"))
def build_open_data(job: JobContext) -> None:
    manifest = build(say=lambda number, total, what: job.progress(number, total, what))
    job.summary = _("%(count)s files, %(territories)s territories.") % {
        "count": len(manifest["files"]), "territories": manifest["territories"]}  # fmt: skip
