"""The figures of the plan's tables: each project's totals in the project table, and the funding
summary's breakdown by funder and by year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .compute.funding import FundingSummary
from .models import Financeur, Project


def project_rows(projects: Iterable[Project]) -> list[dict[str, Any]]:
    """One row per project: its planned budget, the funding secured and who funds it (names, sorted)."""
    rows = []
    for project in projects:
        fundings = list(project.fundings.all())
        rows.append({
            "project": project,
            "planned": sum(b.planned for b in project.budgetlines.all()),
            "funded": sum(f.amount for f in fundings),
            "financeurs": sorted({f.get_financeur_display() for f in fundings}),
        })  # fmt: skip
    return rows


def funder_rows(summary: FundingSummary) -> list[dict[str, Any]]:
    """One row per funder: its total, its share of all funding and its amount each year of the summary."""
    labels = dict(Financeur.choices)
    return [
        {
            "financeur": labels[code],
            "code": code,
            "total": amount,
            "share": summary.share(amount),
            "years": [summary.by_year_financeur.get((y, code)) for y in summary.years],
        }
        for code, amount in summary.by_financeur.items()
    ]


def year_rows(summary: FundingSummary) -> list[dict[str, Any]]:
    """One row per year: the funding of that year and the share the porteurs fund themselves."""
    return [{"year": y, "total": summary.by_year[y], "self_share": summary.year_self_share(y)} for y in summary.years]
