"""The zone sheet's job: the PDF is written by the task worker, never inside a web request."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, JobError, job_task


@job_task(gettext_noop("Zone sheet (PDF)"))
def build_zone_sheet(job: JobContext, *, zone_id: int) -> None:
    from .models import Zone
    from .sheet import sheet_filename, zone_sheet_pdf

    zone = Zone.objects.filter(pk=zone_id, territory=job.job.territory).first()
    if zone is None:
        raise JobError(_("This zone no longer exists: there is no sheet to make."))
    job.progress(0, 1, _("Drawing the map and writing the sheet"))
    content = zone_sheet_pdf(zone)
    with job.open_result(sheet_filename(zone), binary=True) as out:
        out.write(content)
    job.summary = _("Sheet of the zone « %(name)s » ready.") % {"name": zone.site_nom}
