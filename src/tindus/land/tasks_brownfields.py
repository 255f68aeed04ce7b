"""The brownfields import, run by the task worker: all or nothing, its fixes and notes in the summary."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tindus.jobs.api import JobContext, JobError, job_task

from .brownfields import describe_fix, import_cartofriches
from .compute.problems import LandDataError
from .models import BrownfieldImport


@job_task(gettext_noop("Import of a Cartofriches export"))
def import_brownfields(job: JobContext, *, path: str, filename: str, departements: list[str] | None = None) -> None:
    territory = job.job.territory
    with job.consume_input(path) as content:
        job.progress(0, 1, _("Reading, cleaning, checking and saving the brownfields"))
        try:
            with job.atomic():
                record = import_cartofriches(territory, content, filename, job.job.author, departements)
                job.result_url = reverse("land:brownfields", kwargs={"slug": territory.slug})
                job.summary = summary(record, filename)
        except LandDataError as error:
            raise JobError(
                _("« %(file)s » was not imported; nothing was saved.") % {"file": filename},
                [p.describe(_) for p in error.problems],
            ) from None


def summary(record: BrownfieldImport, filename: str) -> str:
    """How many brownfields, every fix (line, field, before → after) and every note."""
    parts = [
        ngettext("%(n)d brownfield imported from %(file)s.", "%(n)d brownfields imported from %(file)s.", record.sites)
        % {"n": record.sites, "file": filename}
    ]
    if record.fixes:
        parts.append(
            ngettext("%(n)d fix:", "%(n)d fixes:", len(record.fixes)) % {"n": len(record.fixes)}
            + " "
            + "; ".join(describe_fix(f) for f in record.fixes)
            + "."
        )
    if record.notes:
        parts.append(_("Notes:") + " " + "; ".join(record.notes) + ".")
    return " ".join(parts)
