"""The synergies' background job: the follow-up and impacts workbook."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, job_task

from .export import workbook
from .visibility import sees_names


@job_task(gettext_noop("Export of the synergies follow-up and impacts (XLSX)"))
def export_synergies_workbook(job: JobContext) -> None:
    """The workbook as its author may read it *when it is built*: someone who left the team meanwhile gets
    anonymous companies' pseudonyms, not their names (:mod:`.visibility`)."""
    territory = job.job.territory
    editor = sees_names(job.job.author or AnonymousUser(), territory)
    job.progress(0, 1, _("Writing the workbook"))
    content = workbook(territory, editor=editor)
    with job.open_result(f"synergies-{territory.slug}.xlsx", binary=True) as out:
        out.write(content)
