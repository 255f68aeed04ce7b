"""The diagnostic's background work: its PDF and XLSX files (shared jobs: one per zone, period, language
and warehouse state, for every reader), the statistical secrecy prepared for each new warehouse state,
and the daily check that the warehouse's sources are still the latest."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from tindus.jobs.api import JobContext, JobError, job_task
from tindus.jobs.periodic import periodic
from tindus.warehouse.freshness import freshness
from tindus.warehouse.queries import WarehouseUnavailableError
from tindus.warehouse.services import get_warehouse
from tindus.warehouse.versions import pinned

from .exports import FORMATS
from .preparation import prepare_protection
from .report import ZoneNotCoveredError
from .services import build_report, not_covered_message

logger = logging.getLogger("tindus.diagnostic")
# The formats drawn in the background; JSON and the standalone HTML page are answered at once.
BACKGROUND_FORMATS = ("pdf", "xlsx")


@job_task(gettext_noop("Industrial diagnostic to download"))
def export_diagnostic(
    job: JobContext, *, epci: str | None, fmt: str, scope: str, start: int | None, end: int | None, base: str
) -> None:
    """The diagnostic of the job's territory (or of ``epci``) as a PDF or XLSX file."""
    job.progress(0, 2, _("Computing the diagnostic"))
    territory = None if epci else job.job.territory
    try:
        with pinned():
            report = build_report(territory=territory, epci=epci, scope=scope, start=start, end=end, base=base)
    except ZoneNotCoveredError as error:
        raise JobError(not_covered_message(error)) from None
    except WarehouseUnavailableError:
        raise JobError(_("The warehouse is not available (an import may be running): try again later.")) from None
    except (LookupError, ValueError) as error:
        raise JobError(str(error)) from None
    job.progress(1, 2, _("Writing the file"))
    _content_type, render_bytes, extension = FORMATS[fmt]
    content = render_bytes(report)
    with job.open_result(f"diagnostic-{slugify(report['zone']['name'])}.{extension}", binary=True) as out:
        out.write(content)


@periodic(every=dt.timedelta(minutes=10))
@task()
def prepare_secrecy() -> dict:
    """Protect the tables of a new warehouse state before anyone opens a diagnostic (nothing to do else)."""
    return prepare_protection()


@periodic(every=dt.timedelta(days=1))
@task()
def check_data_freshness() -> list[dict]:
    """Log a warning for each source of the warehouse for which a newer release is out."""
    warehouse = get_warehouse()
    if warehouse.version() is None:
        return []
    found = freshness(warehouse.imports(), timezone.localdate(), settings.TINDUS_DATA_STALE_DAYS)
    for item in found:
        if item.stale:
            logger.warning(
                "The warehouse's %s data are of %s; a newer release has been out since about %s: run « %s ».",
                item.source, item.vintage, item.next_due.isoformat(), item.command,
            )  # fmt: skip
    return [{"source": i.source, "vintage": i.vintage, "next_due": i.next_due.isoformat(), "stale": i.stale}
            for i in found]  # fmt: skip
