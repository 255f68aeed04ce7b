"""The "état du plan" at a given date: what a committee receives.

Statuses come from the dated history, fundings from their request/grant/payment dates, indicators
from their last value measured on or before the date, so a report for a past date says what was
true then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tindus.charts import bar_chart
from tindus.territories.models import Territory

from .compute.funding import summarise
from .models import Financeur, Status
from .services import funding_rows, plan_of, plan_tree


def plan_state(territory: Territory, day: dt.date) -> dict[str, Any]:
    plan = plan_of(territory)
    projects = list(
        territory.projects.prefetch_related(
            "axes", "budgetlines", "fundings", "milestones", "indicators__values", "status_changes"
        )
    )
    rows = []
    statuses: Counter[str] = Counter()
    for project in projects:
        changes = [c for c in project.status_changes.all() if c.date <= day]
        status = max(changes, key=lambda c: (c.date, c.pk)).status if changes else None
        if status is None:
            continue
        statuses[status] += 1
        fundings = summarise(funding_rows(list(project.fundings.all()), day))
        rows.append({
            "project": project,
            "status": status,
            "status_label": Status(status).label,
            "planned": sum((b.planned for b in project.budgetlines.all()), Decimal(0)),
            "actual": sum((b.actual or Decimal(0) for b in project.budgetlines.all()), Decimal(0)),
            "funding": fundings,
            "milestones_due": [m for m in project.milestones.all()
                               if m.planned_on <= day and not (m.done_on and m.done_on <= day)],
            "indicators": [(i, next((v for v in sorted(i.values.all(), key=lambda v: v.measured_on, reverse=True)
                                     if v.measured_on <= day), None)) for i in project.indicators.all()],
        })  # fmt: skip
    included = {row["project"].pk for row in rows}
    all_fundings = [f for p in projects if p.pk in included for f in p.fundings.all()]
    funding = summarise(funding_rows(all_fundings, day))
    secured = summarise(funding_rows(all_fundings, day), states={"granted", "paid"})
    roots, _orphans = plan_tree(plan, [p for p in projects if p.pk in included])
    status_chart = bar_chart(
        [(str(Status(s).label), float(statuses[s])) for s in Status.values if statuses[s]],
        _("Projects by status on %(date)s") % {"date": day.strftime("%d/%m/%Y")},
        unit=_("projects"),
    )
    funding_chart = bar_chart(
        [(str(Financeur(f).label), float(a)) for f, a in secured.by_financeur.items()],
        _("Funding granted or paid by funder (€)"),
        unit="€",
    )
    return {
        "territory": territory,
        "plan": plan,
        "day": day,
        "rows": sorted(rows, key=lambda r: (Status.values.index(r["status"]), r["project"].title)),
        "statuses": [(Status(s).label, statuses[s]) for s in Status.values],
        "project_count": len(rows),
        "funding": funding,
        "secured": secured,
        "financeur_labels": dict(Financeur.choices),
        "planned_total": sum((r["planned"] for r in rows), Decimal(0)),
        "actual_total": sum((r["actual"] for r in rows), Decimal(0)),
        "roots": roots,
        "status_chart": status_chart,
        "funding_chart": funding_chart,
        "generated_at": timezone.now(),
    }
