"""Governance's long job, run by the task worker: the PDF pack of a meeting."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.core.pdf import render_pdf
from tindus.jobs.api import JobContext, JobError, job_task

from .models import Meeting
from .pack import pack_context, pack_filename


@job_task(gettext_noop("Meeting pack (PDF)"))
def export_meeting_pack(job: JobContext, *, meeting: int) -> None:
    found = Meeting.objects.select_related("instance__territory").filter(
        pk=meeting, instance__territory=job.job.territory
    )
    if not found:
        raise JobError(_("This meeting no longer exists: it may have been deleted meanwhile."))
    job.progress(0, 2, _("Reading the meeting"))
    context = pack_context(found[0])
    job.progress(1, 2, _("Drawing the PDF"))
    pdf = render_pdf("governance/meeting_pdf.html", context)
    with job.open_result(pack_filename(found[0]), binary=True) as out:
        out.write(pdf)
