"""The plan's long jobs, run by the task worker: the PDF « état du plan », the workbook export and the
workbook import (all or nothing, inside ``job.atomic()``)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tindus.core.pdf import render_pdf
from tindus.jobs.api import JobContext, JobError, job_task

from .compute.workbook import WorkbookError
from .importing import export_workbook, import_workbook
from .report import plan_state


@job_task(gettext_noop("State of the plan (PDF)"))
def export_plan_state(job: JobContext, *, day: str) -> None:
    territory = job.job.territory
    job.progress(0, 2, _("Reading the plan"))
    context = plan_state(territory, dt.date.fromisoformat(day))
    job.progress(1, 2, _("Drawing the PDF"))
    pdf = render_pdf("plan/state_pdf.html", context)
    with job.open_result(f"etat-du-plan-{territory.slug}-{day}.pdf", binary=True) as out:
        out.write(pdf)


@job_task(gettext_noop("Export of the action plan (XLSX)"))
def export_plan_workbook(job: JobContext) -> None:
    territory = job.job.territory
    job.progress(0, 1, _("Writing the workbook"))
    content = export_workbook(territory)
    with job.open_result(f"plan-{territory.slug}.xlsx", binary=True) as out:
        out.write(content)


@job_task(gettext_noop("Import of a plan workbook"))
def import_plan_workbook(job: JobContext, *, path: str, filename: str) -> None:
    """Check the whole workbook and write it in one transaction with the job's success: a workbook with
    a problem, or a worker stopped midway, leaves the plan as it was."""
    territory = job.job.territory
    with job.consume_input(path) as content:
        job.progress(0, 1, _("Checking and saving the workbook"))
        try:
            with job.atomic():
                report = import_workbook(territory, content, job.job.author)
                job.result_url = reverse("plan:home", kwargs={"slug": territory.slug})
                job.summary = _(
                    "Plan imported: %(ac)d axes created, %(au)d updated; %(pc)d projects created, %(pu)d updated."
                ) % {
                    "ac": report.axes_created,
                    "au": report.axes_updated,
                    "pc": report.projects_created,
                    "pu": report.projects_updated,
                }
        except WorkbookError as error:
            message = ngettext(
                "« %(file)s » was not imported: %(n)d problem; nothing was saved.",
                "« %(file)s » was not imported: %(n)d problems; nothing was saved.",
                len(error.problems),
            ) % {"file": filename, "n": len(error.problems)}
            raise JobError(message, [problem.describe(_) for problem in error.problems]) from None
