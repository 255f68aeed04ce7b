"""The yearly programme report as a background job: started from the report page of a région or of the
nation, it runs on the queue and its file is downloaded from that page (by who steers its scope only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, JobError, job_task
from tindus.jobs.models import Job
from tindus.referentials.models import Region

from .report import ReportError, build_report, file_name, render


def report_page(job: Job) -> str:
    """The report page of the job's scope, where it is followed and its file listed."""
    code = job.params.get("region") or ""
    if code:
        return reverse("programme:region_report", kwargs={"region": code})
    return reverse("programme:national_report")


def report_file(job: Job) -> str:
    code = job.params.get("region") or ""
    if code:
        return reverse("programme:region_report_file", kwargs={"region": code, "pk": job.pk})
    return reverse("programme:national_report_file", kwargs={"pk": job.pk})


@job_task(gettext_noop("Yearly programme report"), pages=(report_page, report_file))
def export_programme_report(job: JobContext, *, year: int, region: str, fmt: str) -> None:
    """The report of ``year`` for the région of code ``region`` ("" for the nation), as ``fmt``."""
    found = None
    if region:
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise JobError(_("No région has the code « %(code)s ».") % {"code": region})

    def progress(done: int, total: int, step: str) -> None:
        job.progress(done, total + 1, step)

    try:
        data = build_report(year, found, progress=progress)
    except ReportError as error:
        raise JobError(str(error)) from None
    content = render(data, fmt)
    job.progress(4, 5, _("Saving the file"))
    with job.open_result(file_name(year, found, fmt), binary=True) as out:
        out.write(content)
    job.summary = _("Report %(year)d of %(scope)s, %(format)s.") % {
        "year": year,
        "scope": data.scope,
        "format": fmt.upper(),
    }
