"""A plain-French reading of a needs table's main findings, each sentence traceable to its figures.

Every :class:`Reading` carries the figures it rests on as links to the rows of the table (``#job-I2X80``,
``#area-territoire``), so that a reader checks each sentence against the figures with their sources. Only
the figures of the table are used: masked parts are said (« at least »), shares are those of the rows
where both counts are published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .analysis import AreaTable, Report, Row
from .compute.figures import Figure

TOP = 3
SEASONAL_SHARE = 0.5
SEASONAL_MIN_PROJECTS = 20


@dataclass(frozen=True)
class Reading:
    text: str
    figures: tuple[tuple[str, str], ...]  # (what, anchor in the page)


def _n(figure: Figure) -> str:
    return figure.render(_)


def _percent(value: float) -> str:
    return f"{round(value * 100)}\u202f%"


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _link(row: Row) -> tuple[str, str]:
    return (f"{row.need.name} ({row.need.job})", row.anchor)


def readings(report: Report) -> list[Reading]:
    """The main findings of the territory's table, then the EPCI that weighs most."""
    table = report.territory_table
    if table is None or not table.rows or report.record is None:
        return []
    found = [_total(report, table)]
    found += _most_sought(table)
    found += _hardest(table)
    found += _gaps(report, table)
    found += _seasonal(table)
    found += _epci(report)
    found += _declared(report, table)
    return found


def _total(report: Report, table: AreaTable) -> Reading:
    params = {"year": report.record.year, "projects": _n(table.projects), "difficult": _n(table.difficult)}
    text = (
        _(
            "In BMO %(year)s, employers of the territory's employment basins plan %(projects)s recruitment projects "
            "(the territory's share of its basins), of which %(difficult)s judged difficult."
        )
        % params
    )
    if report.previous is not None:
        year, projects = report.previous
        text += " " + _("BMO %(year)s counted %(projects)s.") % {"year": year, "projects": _n(projects)}
    return Reading(text, ((_("total of the table"), table.slug),))


def _most_sought(table: AreaTable) -> list[Reading]:
    rows = sorted(table.rows, key=lambda r: (-r.need.projects.value, r.need.job))[:TOP]
    items = [_("%(job)s (%(projects)s projects)") % {"job": r.need.name, "projects": _n(r.need.projects)} for r in rows]
    text = _("The jobs most sought are %(jobs)s.") % {"jobs": _listed(items)}
    return [Reading(text, tuple(_link(r) for r in rows))]


def _hardest(table: AreaTable) -> list[Reading]:
    rows = [r for r in table.rows if r.need.difficult_job]
    if not rows:
        return [Reading(_("No job has half or more of its projects judged difficult."), ())]
    rows = sorted(rows, key=lambda r: (-r.need.difficult.value, r.need.job))[:TOP]
    items = [
        _("%(job)s (%(share)s of %(projects)s projects)")
        % {"job": r.need.name, "share": _percent(r.need.difficult_share or 0), "projects": _n(r.need.projects)}
        for r in rows
    ]
    text = _("The hardest recruitments are for %(jobs)s: half or more of their projects are judged difficult.") % {
        "jobs": _listed(items)
    }
    return [Reading(text, tuple(_link(r) for r in rows))]


def _gaps(report: Report, table: AreaTable) -> list[Reading]:
    settings = report.settings
    if not table.gaps:
        if any(r.need.difficult_job for r in table.rows):
            text = _(
                "Every difficult job has at least one training session within %(km)d km starting within %(months)d "
                "months."
            ) % {"km": settings.radius_km, "months": settings.months}
            return [Reading(text, ())]
        return []
    rows = table.gaps[:TOP]
    count = len(table.gaps)
    text = ngettext(
        "%(n)d difficult job has no training session within %(km)d km starting within %(months)d months: %(jobs)s.",
        "%(n)d difficult jobs have no training session within %(km)d km starting within %(months)d months, "
        "first of all %(jobs)s.",
        count,
    ) % {
        "n": count,
        "km": settings.radius_km,
        "months": settings.months,
        "jobs": _listed([r.need.name for r in rows]),
    }
    return [Reading(text, tuple(_link(r) for r in rows))]


def _seasonal(table: AreaTable) -> list[Reading]:
    rows = [
        r
        for r in table.rows
        if (r.need.seasonal_share or 0) >= SEASONAL_SHARE and r.need.projects.value >= SEASONAL_MIN_PROJECTS
    ]
    if not rows:
        return []
    row = max(rows, key=lambda r: (r.need.seasonal.value, r.need.job))
    text = _("%(share)s of the projects for %(job)s are seasonal (%(projects)s projects).") % {
        "share": _percent(row.need.seasonal_share or 0),
        "job": row.need.name,
        "projects": _n(row.need.projects),
    }
    return [Reading(text, (_link(row),))]


def _epci(report: Report) -> list[Reading]:
    tables = [t for t in report.epci_tables if t.rows]
    if len(tables) < 2:
        return []
    largest = max(tables, key=lambda t: (t.projects.value, t.area.name))
    text = _("Of the EPCI, %(name)s counts the most projects: %(projects)s.") % {
        "name": largest.area.name,
        "projects": _n(largest.projects),
    }
    return [Reading(text, ((largest.area.name, largest.slug),))]


def _declared(report: Report, table: AreaTable) -> list[Reading]:
    rows = [r for r in table.rows if r.declared_needs]
    if not rows:
        return []
    needs = sum(r.declared_needs for r in rows)
    people = sum(r.declared_people for r in rows)
    difficult = [r for r in rows if r.need.difficult_job]
    text = ngettext(
        "Companies of the territory declared %(n)d recruitment need (%(people)d people) for the jobs of the table, "
        "%(k)d of them for difficult jobs.",
        "Companies of the territory declared %(n)d recruitment needs (%(people)d people) for the jobs of the table, "
        "%(k)d of them for difficult jobs.",
        needs,
    ) % {"n": needs, "people": people, "k": sum(r.declared_needs for r in difficult)}
    return [Reading(text, tuple(_link(r) for r in rows[:TOP]))]
