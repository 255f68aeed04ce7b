"""The inventory's imports and exports in the CNIG standard, run as jobs (:mod:`.standard_files`)."""

from __future__ import annotations

from contextlib import ExitStack

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.jobs.api import JobContext, JobError, job_task

from .compute.problems import LandDataError
from .standard import has_synthetic, inventory_of, save_inventory
from .standard_files import export, read_files, warehouse_problems

FORMAT_NAMES = {"gpkg": "GeoPackage", "csv": "CSV", "geojson": "GeoJSON"}


def details(error: LandDataError) -> list[str]:
    return [problem.describe(_) for problem in error.problems]


@job_task(gettext_noop("Import of the inventory (CNIG standard)"))
def import_standard(job: JobContext, *, inputs: list[list[str]], synthetic: bool = False) -> None:
    """Read and check every file (the cores, then the warehouse), then save all of it or nothing.

    ``inputs`` are ``[stored name, original file name]`` pairs saved by :func:`tindus.jobs.api.save_input`."""
    territory = job.job.territory
    names = ", ".join(filename for _stored, filename in inputs)
    with ExitStack() as stack:
        files = [(filename, stack.enter_context(job.consume_input(stored))) for stored, filename in inputs]
        job.progress(0, 3, _("Reading and checking the files against the standard"))
        try:
            inventory = read_files(files, territory)
            job.progress(1, 3, _("Checking the establishments against the warehouse"))
            problems = warehouse_problems(inventory)
            if problems:
                raise LandDataError(problems)
        except LandDataError as error:
            raise JobError(
                _("« %(files)s » was not imported; nothing was saved.") % {"files": names}, details(error)
            ) from None
        job.progress(2, 3, _("Saving the inventory"))
        try:
            with job.atomic():
                saved = save_inventory(territory, inventory, synthetic=synthetic, user=job.job.author)
                job.result_url = reverse("land:standard", kwargs={"slug": territory.slug})
                job.summary = _(
                    "%(files)s imported: %(poles)d poles, %(zones)d zones, %(units)d land units, "
                    "%(establishments)d establishments (%(created)d created, %(updated)d updated)."
                ) % {
                    "files": names,
                    "poles": len(inventory.poles),
                    "zones": len(inventory.zones),
                    "units": len(inventory.units),
                    "establishments": len(inventory.establishments),
                    "created": sum(saved.created.values()),
                    "updated": sum(saved.updated.values()),
                }
        except LandDataError as error:
            raise JobError(
                _("« %(files)s » was not imported; nothing was saved.") % {"files": names}, details(error)
            ) from None


@job_task(gettext_noop("Export of the inventory (CNIG standard)"))
def export_standard(job: JobContext, *, fmt: str) -> None:
    """The territory's inventory in one of the standard's formats, validated before it is written."""
    territory = job.job.territory
    job.progress(0, 2, _("Reading the inventory"))
    inventory = inventory_of(territory)
    job.progress(1, 2, _("Checking and writing the file"))
    try:
        result = export(territory, fmt, inventory=inventory)
    except LandDataError as error:
        raise JobError(
            _("The inventory does not pass the standard's validation; nothing was exported. Correct these points:"),
            details(error),
        ) from None
    with job.open_result(result.filename, binary=True) as out:
        out.write(result.content)
    summary = _(
        "%(format)s of the standard: %(zones)d zones, %(units)d land units, %(establishments)d establishments."
    ) % {
        "format": FORMAT_NAMES[fmt],
        "zones": result.counts["SITE-ECO"],
        "units": result.counts["TERRAIN-ECO"],
        "establishments": result.counts["ETABLISSEMENT"],
    }
    if has_synthetic(territory):
        summary += " " + _("The inventory holds synthetic data: its producer fields say « synthétique ».")
    job.summary = summary
