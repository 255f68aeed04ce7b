"""An event's statistics for the committee as a workbook (XLSX) or a PDF, built in the background.

Both say where every figure comes from, and that the event is synthetic when it is; the opportunities are
named as their reader may see them in the synergies follow-up (:mod:`tindus.synergies.visibility`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tindus.core.pdf import render_pdf
from tindus.core.tables import to_xlsx as write_xlsx
from tindus.jobs.api import JobContext, JobError, job_task
from tindus.synergies.models import Opportunity
from tindus.synergies.visibility import Disclosure, sees_names

from . import statistics
from .models import Event

FORMATS = ("xlsx", "pdf")


@dataclass(frozen=True)
class OpportunityLine:
    """An opportunity of the event as one reader may see it."""

    pk: int
    title: str
    status: str
    category: str
    companies: str
    synthetic: bool


def opportunity_lines(event: Event, user: Any) -> list[OpportunityLine]:
    items: list[Opportunity] = statistics.opportunities_of(event)
    disclosure = Disclosure.of(event.territory, editor=sees_names(user, event.territory), shown=items)
    return [OpportunityLine(o.pk, disclosure.title(o), o.get_status_display(), o.get_category_display(),
                            ", ".join(c["name"] for c in disclosure.companies(o)), o.synthetic)
            for o in items]  # fmt: skip


def to_xlsx(event: Event, user: Any) -> bytes:
    shown = statistics.sections(statistics.compute(event))
    figures = [[s.title, f.label, f.value, f.unit, f.detail] for s in shown for f in s.figures]
    lines = opportunity_lines(event, user)
    return write_xlsx([
        (_("Statistics"), [_("Section"), _("Indicator"), _("Value"), _("Unit"), _("Detail")], figures),
        (_("Opportunities"), [_("Opportunity no."), _("Title"), _("Status"), _("Category"), _("Companies"),
                              _("Synthetic")],
         [[o.pk, o.title, o.status, o.category, o.companies, _("yes") if o.synthetic else _("no")] for o in lines]),
    ], f"{event.title} ({event.date:%d/%m/%Y}, {event.place}) — {statistics.source(event)}")  # fmt: skip


def to_pdf(event: Event, user: Any) -> bytes:
    return render_pdf("events/statistics_pdf.html", {
        "event": event, "territory": event.territory, "figures": statistics.sections(statistics.compute(event)),
        "source": statistics.source(event), "opportunities": opportunity_lines(event, user),
        "generated_at": timezone.now(),
    })  # fmt: skip


@job_task(gettext_noop("Statistics of an event (XLSX or PDF)"))
def export_event_statistics(job: JobContext, *, event: int, fmt: str) -> None:
    found = Event.objects.select_related("territory").filter(pk=event, territory=job.job.territory).first()
    if found is None:
        raise JobError(_("This event no longer exists: it may have been deleted meanwhile."))
    user = job.job.author or AnonymousUser()
    job.progress(0, 1, _("Counting the figures"))
    content = to_pdf(found, user) if fmt == "pdf" else to_xlsx(found, user)
    with job.open_result(f"statistiques-evenement-{found.pk}.{'pdf' if fmt == 'pdf' else 'xlsx'}", binary=True) as out:
        out.write(content)
