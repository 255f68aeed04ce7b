"""The employment module's long jobs, run by the task worker: the imports (all or nothing, inside
``job.atomic()``) and the working group's pack."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tindus.jobs.api import JobContext, JobError, job_task

from .compute.problems import DataError
from .importing import (
    AlreadyImportedError,
    describe,
    import_bmo_file,
    import_official_table,
    read_offers,
    save_offers,
)
from .importing import checksum as content_checksum


def _refused(filename: str, error: DataError) -> JobError:
    return JobError(_("« %(file)s » was not imported; nothing was saved.") % {"file": filename}, [describe(error)])


@job_task(gettext_noop("Import of training offers"))
def import_offers(job: JobContext, *, path: str, filename: str, kind: str) -> None:
    """Read and check the whole file, then write its organisations, actions and sessions together."""
    territory = job.job.territory
    with job.consume_input(path) as content:
        job.progress(0, 2, _("Reading and checking the file"))
        try:
            offers = read_offers(kind, content, filename)
        except DataError as error:
            raise _refused(filename, error) from None
        job.progress(1, 2, _("Saving the offers"))
        try:
            with job.atomic():
                digest = content_checksum(content)
                record = save_offers(territory, offers, kind=kind, sha256=digest, user=job.job.author)
                job.result_url = reverse("employment:offers", kwargs={"slug": territory.slug})
                job.summary = ngettext(
                    "%(file)s imported: %(o)d organisation, %(a)d actions, %(s)d sessions.",
                    "%(file)s imported: %(o)d organisations, %(a)d actions, %(s)d sessions.",
                    record.organisations,
                ) % {"file": filename, "o": record.organisations, "a": record.actions, "s": record.sessions}
        except AlreadyImportedError:
            raise JobError(
                _("« %(file)s » was not imported: the same file is already imported on this territory.")
                % {"file": filename}
            ) from None


@job_task(gettext_noop("Import of a BMO file"))
def import_bmo(job: JobContext, *, path: str, filename: str) -> None:
    territory = job.job.territory
    with job.consume_input(path) as content:
        job.progress(0, 1, _("Reading, checking and saving the BMO file"))
        try:
            with job.atomic():
                record = import_bmo_file(territory, content, filename, job.job.author)
                job.result_url = reverse("employment:home", kwargs={"slug": territory.slug}) + f"?annee={record.year}"
                job.summary = _("BMO %(year)s imported for this territory: %(rows)d rows, %(basins)d basins.") % {
                    "year": record.year,
                    "rows": record.rows,
                    "basins": len(record.basins),
                }
        except DataError as error:
            raise _refused(filename, error) from None


@job_task(gettext_noop("Import of the official ROME → FAP 2021 table"))
def import_links_table(job: JobContext, *, path: str, filename: str) -> None:
    territory = job.job.territory
    with job.consume_input(path) as content:
        job.progress(0, 1, _("Reading and checking the table"))
        try:
            with job.atomic():
                table = import_official_table(territory, content, filename, job.job.author)
                job.result_url = reverse("employment:links", kwargs={"slug": territory.slug})
                job.summary = _("Official table imported: %(n)d ROME codes linked to BMO jobs.") % {
                    "n": len(table.links)
                }
        except DataError as error:
            raise _refused(filename, error) from None


@job_task(gettext_noop("Employment and training pack (XLSX and PDF)"))
def build_pack(job: JobContext, *, fmt: str, year: int | None, radius: int, months: int, method: str) -> None:
    from .analysis import Settings, needs_report
    from .pack import pack_pdf, pack_xlsx
    from .reading import readings

    territory = job.job.territory
    job.progress(0, 2, _("Computing the needs table"))
    report = needs_report(territory, Settings(year=year, radius_km=radius, months=months, method=method))
    if report.record is None:
        raise JobError(_("No BMO file is loaded: there is nothing to put in the pack."))
    job.progress(1, 2, _("Writing the pack"))
    name = f"emploi-formation-{territory.slug}-bmo{report.record.year}"
    if fmt == "pdf":
        content, filename = pack_pdf(report, readings(report)), f"{name}.pdf"
    else:
        content, filename = pack_xlsx(report, readings(report)), f"{name}.xlsx"
    with job.open_result(filename, binary=True) as out:
        out.write(content)
