"""The background job of the diagnostics side by side: one per région (or France), warehouse state, set of
followed territories and language, shared by every reader (docs/programme/diagnostics.md)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tindus.jobs.api import JobContext, JobError, job_task
from tindus.referentials.models import Region
from tindus.warehouse.queries import WarehouseUnavailableError
from tindus.warehouse.versions import pinned


@job_task(gettext_noop("Industrial diagnostics side by side"))
def compare_diagnostics(job: JobContext, *, region: str) -> None:
    """The key indicators of the followed territories of ``region`` (its code; "" for France), as JSON."""
    from .diagnostics import build

    found = Region.objects.filter(code=region).first() if region else None
    if region and found is None:
        raise JobError(_("The région %(code)s no longer exists.") % {"code": region})
    try:
        with pinned():
            table = build(found, progress=job.progress)
    except WarehouseUnavailableError:
        raise JobError(_("The warehouse is not available (an import may be running): try again later.")) from None
    count = len(table["territories"])
    job.summary = ngettext("%(n)s territory compared.", "%(n)s territories compared.", count) % {"n": count}
    with job.open_result(f"diagnostics-{region or 'france'}.json") as out:
        json.dump(table, out, ensure_ascii=False)
