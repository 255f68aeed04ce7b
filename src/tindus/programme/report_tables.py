"""The tables of the yearly programme report, from the steering's rows (:mod:`tindus.programme.summary`).

Each table's labels are in the reader's language; a block a territory does not share gives
:data:`~tindus.programme.compute.report.WITHHELD` cells (« non partagé »), never zeros. A région's totals
add up the territories that share each kind of content; the sharing column says how many do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import wraps
from typing import Any

from django.utils.translation import gettext as _

from tindus.plan.models import Status

from .compute import figures
from .compute.report import WITHHELD, Column, Figure, Table, cell
from .models import SharingSettings, Theme
from .summary import KINDS, TerritoryRow, Totals

STATUSES = [s.value for s in Status]


def kind_labels() -> dict[str, str]:
    return {kind: str(SharingSettings._meta.get_field(kind).verbose_name) for kind in KINDS}


def _requested(amounts: dict[str, Decimal]) -> Decimal:
    """Every amount requested, whatever became of it (requested, then granted, then paid)."""
    return sum(amounts.values(), Decimal(0))


def _paid(amounts: dict[str, Decimal]) -> Decimal:
    return amounts.get("paid", Decimal(0))


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


# --- territories -----------------------------------------------------------------------------------------------


def contract_columns() -> list[Column]:
    return [
        Column(_("Protocol signed on"), "date"),
        Column(_("Contract signed on"), "date"),
        Column(_("Committees (12 months)"), "int"),
        Column(_("Last committee"), "date"),
    ]


def plan_columns() -> list[Column]:
    return [
        Column(_("Projects"), "int"),
        *(Column(str(Status(s).label).capitalize(), "int") for s in STATUSES),
        Column(_("Started (%)"), "percent"),
        Column(_("Completed (%)"), "percent"),
        Column(_("Late milestones"), "int"),
    ]


def funding_columns() -> list[Column]:
    return [
        Column(_("Funding requested (€)"), "amount"),
        Column(_("Funding committed (€)"), "amount"),
        Column(_("Funding paid (€)"), "amount"),
    ]


def activity_columns() -> list[Column]:
    return [
        Column(_("Consultation campaigns"), "int"),
        Column(_("Consultation answers"), "int"),
        Column(_("Synergies implemented"), "int"),
        Column(_("Tonnes diverted per year"), "tonnes"),
        Column(_("CO2e avoided per year (t)"), "tonnes"),
        Column(_("Events held"), "int"),
        Column(_("Business meetings held"), "int"),
        Column(_("Event participants"), "int"),
    ]


def _idle_aware(cells: Callable[[TerritoryRow], list[Any]]) -> Callable[[TerritoryRow], list[Any]]:
    """A territory whose workspace is not in use has no figure: dashes, not zeros that would read as an empty
    plan (its « Data » column says why)."""

    @wraps(cells)
    def wrapped(row: TerritoryRow) -> list[Any]:
        found = cells(row)
        return found if row.followed.in_use else [None] * len(found)  # « — » in the PDF, empty in the workbook

    return wrapped


@_idle_aware
def _contract_cells(row: TerritoryRow) -> list[Any]:
    c = row.contract
    if c is None:
        return [WITHHELD] * 4
    return [c.protocol_on, c.contract_on, c.committees_12m, c.last_committee]


@_idle_aware
def _plan_cells(row: TerritoryRow) -> list[Any]:
    p = row.plan
    if p is None:
        return [WITHHELD] * (len(STATUSES) + 4)
    late = WITHHELD if p.late_milestones is None else p.late_milestones
    return [p.total, *(p.by_status.get(s, 0) for s in STATUSES), p.share_started, p.share_completed, late]


@_idle_aware
def _funding_cells(row: TerritoryRow) -> list[Any]:
    f = row.funding
    if f is None:
        return [WITHHELD] * 3
    return [_requested(f.amounts), f.committed, _paid(f.amounts)]


@_idle_aware
def _activity_cells(row: TerritoryRow) -> list[Any]:
    c, s, e = row.consultation, row.synergies, row.events
    return [
        *([c.campaigns, c.answers] if c else [WITHHELD] * 2),
        *([s.implemented, s.tonnes_diverted, s.co2e_avoided_t] if s else [WITHHELD] * 3),
        *([e.events_held, e.meetings_held, e.participants] if e else [WITHHELD] * 3),
    ]


def data_date(row: TerritoryRow) -> dt.date | None:
    blocks = (row.contract, row.plan, row.funding, row.consultation, row.synergies, row.events)
    return figures.newest(b.as_of for b in blocks if b is not None)


def sharing_text(row: TerritoryRow) -> str:
    """What the territory keeps to itself: « non partagé : financements… ; contenu public seulement : plan »."""
    labels = kind_labels()
    withheld = [labels[k] for k in KINDS if getattr(row, k if k != "governance" else "contract") is None]
    public = [
        labels[k] for k, block in (("plan", row.plan), ("governance", row.contract)) if block and block.public_only
    ]
    parts = []
    if withheld:
        parts.append(_("not shared: %(kinds)s") % {"kinds": ", ".join(withheld)})
    if public:
        parts.append(_("public content only: %(kinds)s") % {"kinds": ", ".join(public)})
    return " ; ".join(parts) or _("shared")


def territories_table(rows: Sequence[TerritoryRow], regions: dict[int | None, str], source: str) -> Table:
    """One row per territory: contract, plan, funding, participation and impact figures, their dates."""
    columns = [
        Column(_("Région")),
        Column(_("Territory")),
        Column(_("Data")),
        *contract_columns(),
        *plan_columns(),
        *funding_columns(),
        *activity_columns(),
        Column(_("Data as of"), "date"),
        Column(_("Last update"), "date"),
        Column(_("Sharing")),
    ]
    body = [
        [
            regions.get(row.followed.region_id, ""),
            row.followed.label,
            _("synthetic") if row.synthetic else "" if row.followed.in_use else _("not using Tindus yet"),
            *_contract_cells(row),
            *_plan_cells(row),
            *_funding_cells(row),
            *_activity_cells(row),
            data_date(row),
            _day(row.last_update),
            sharing_text(row),
        ]
        for row in rows
    ]
    return Table("territories", _("Territories"), columns, body, source)


def territory_summary_table(rows: Sequence[TerritoryRow], title: str, source: str) -> Table:
    """The PDF's table of a région's territories: contract and plan progress."""
    columns = [
        Column(_("Territory")),
        *contract_columns(),
        Column(_("Projects"), "int"),
        Column(_("Started (%)"), "percent"),
        Column(_("Completed (%)"), "percent"),
        Column(_("Late milestones"), "int"),
        *funding_columns(),
    ]
    body = []
    for row in rows:
        plan = _plan_cells(row)
        body.append([_name(row), *_contract_cells(row), plan[0], *plan[-3:], *_funding_cells(row)])
    return Table("region-territories", title, columns, body, source)


def annex_table(rows: Sequence[TerritoryRow], title: str, source: str) -> Table:
    """The PDF's annex for a région: each territory's statuses, participation and impact, dates, sharing."""
    columns = [
        Column(_("Territory")),
        *plan_columns()[1 : len(STATUSES) + 1],
        *activity_columns(),
        Column(_("Data as of"), "date"),
        Column(_("Last update"), "date"),
    ]
    body = []
    for row in rows:
        plan = _plan_cells(row)
        body.append(
            [_name(row), *plan[1 : len(STATUSES) + 1], *_activity_cells(row), data_date(row), _day(row.last_update)]
        )
    return Table("annex", title, columns, body, source)


def _name(row: TerritoryRow) -> str:
    if row.synthetic:
        return _("%(name)s (synthetic)") % {"name": row.followed.label}
    return row.followed.label


# --- régions and the whole scope -------------------------------------------------------------------------------


def _shared(totals: Totals, kind: str, values: list[Any]) -> list[Any]:
    """The totals of ``kind``, or « non partagé » when no territory of the group shares it."""
    if totals.in_use and not totals.sharing[kind]:
        return [WITHHELD] * len(values)
    if not totals.in_use:
        return [None] * len(values)
    return values


def regions_table(groups: Sequence[tuple[str, Totals]], source: str) -> Table:
    """One row per région: its territories' totals, and how many territories share each kind."""
    columns = [
        Column(_("Région")),
        Column(_("Territories"), "int"),
        Column(_("Synthetic territories"), "int"),
        Column(_("Protocols signed"), "int"),
        Column(_("Contracts signed"), "int"),
        Column(_("Committees (12 months)"), "int"),
        Column(_("Projects"), "int"),
        Column(_("Started (%)"), "percent"),
        Column(_("Completed (%)"), "percent"),
        Column(_("Late milestones"), "int"),
        *funding_columns(),
        Column(_("Consultation answers"), "int"),
        Column(_("Synergies implemented"), "int"),
        Column(_("Tonnes diverted per year"), "tonnes"),
        Column(_("CO2e avoided per year (t)"), "tonnes"),
        Column(_("Events held"), "int"),
        Column(_("Event participants"), "int"),
        Column(_("Data as of"), "date"),
    ]
    body = []
    for name, t in groups:
        body.append(
            [
                name, t.territories, t.synthetic,
                *_shared(t, "governance", [t.protocols, t.contracts, t.committees_12m]),
                *_shared(t, "plan", [t.projects, t.share_started, t.share_completed, t.late_milestones]),
                *_shared(t, "funding", [_requested(t.funding), t.committed, _paid(t.funding)]),
                *_shared(t, "consultation", [t.answers]),
                *_shared(t, "synergies", [t.synergies, t.tonnes_diverted, t.co2e_avoided_t]),
                *_shared(t, "events", [t.events_held, t.participants]),
                t.as_of,
            ]
        )  # fmt: skip
    return Table("regions", _("Régions"), columns, body, source)


def sharing_table(groups: Sequence[tuple[str, Totals]], source: str) -> Table:
    """How many territories of each région share each kind of content (public content always counts)."""
    labels = kind_labels()
    columns = [
        Column(_("Région")),
        Column(_("Territories"), "int"),
        *(Column(labels[k].capitalize(), "int") for k in KINDS),
    ]
    body = [[name, t.territories, *(t.sharing[k] for k in KINDS)] for name, t in groups]
    notes = [
        _(
            "Territories whose figures of each kind are counted: they share them (aggregated or detailed), or, for "
            "the plan and the governance calendar, they have public content."
        )
    ]
    return Table("sharing", _("Sharing by région"), columns, body, source, notes)


def headline_figures(totals: Totals) -> list[Figure]:
    """The report's first page: the scope's totals, each with how many territories share it."""
    n = totals.territories

    def cover(kind: str) -> str:
        return _("%(shared)d of %(total)d territories") % {"shared": totals.sharing[kind], "total": n}

    def value(kind: str, v: Any) -> Any:
        return WITHHELD if n and not totals.sharing[kind] else v

    return [
        Figure(_("Territories followed"), n),
        Figure(_("of which demo territories (synthetic figures)"), totals.synthetic),
        Figure(_("Protocols signed"), value("governance", totals.protocols), coverage=cover("governance")),
        Figure(_("Contracts signed"), value("governance", totals.contracts), coverage=cover("governance")),
        Figure(_("Committees (12 months)"), value("governance", totals.committees_12m), coverage=cover("governance")),
        Figure(_("Projects"), value("plan", totals.projects), coverage=cover("plan")),
        Figure(_("Started (%)"), value("plan", totals.share_started), "percent", cover("plan")),
        Figure(_("Completed (%)"), value("plan", totals.share_completed), "percent", cover("plan")),
        Figure(_("Late milestones"), value("plan", totals.late_milestones), coverage=cover("plan")),
        Figure(_("Funding requested (€)"), value("funding", _requested(totals.funding)), "amount", cover("funding")),
        Figure(_("Funding committed (€)"), value("funding", totals.committed), "amount", cover("funding")),
        Figure(_("Funding paid (€)"), value("funding", _paid(totals.funding)), "amount", cover("funding")),
        Figure(_("Consultation campaigns"), value("consultation", totals.campaigns), coverage=cover("consultation")),
        Figure(_("Consultation answers"), value("consultation", totals.answers), coverage=cover("consultation")),
        Figure(_("Synergies implemented"), value("synergies", totals.synergies), coverage=cover("synergies")),
        Figure(_("Tonnes diverted per year"), value("synergies", totals.tonnes_diverted), "tonnes", cover("synergies")),
        Figure(_("CO2e avoided per year (t)"), value("synergies", totals.co2e_avoided_t), "tonnes", cover("synergies")),
        Figure(_("Events held"), value("events", totals.events_held), coverage=cover("events")),
        Figure(_("Business meetings held"), value("events", totals.meetings_held), coverage=cover("events")),
        Figure(_("Event participants"), value("events", totals.participants), coverage=cover("events")),
    ]


def figures_table(items: Sequence[Figure], withheld_label: str, source: str) -> Table:
    """The headline figures as a sheet: label, value (stored as its kind is: a percentage, whole euros…),
    how many territories share it."""
    columns = [Column(_("Figure")), Column(_("Value")), Column(_("Territories sharing it"))]
    body = [[item.label, cell(item.value, item.kind, withheld_label), item.coverage] for item in items]
    return Table("summary", _("Summary"), columns, body, source)


# --- funding by financeur ---------------------------------------------------------------------------------------


def funding_columns_by_financeur() -> list[Column]:
    return [Column(_("Funder")), *funding_columns(), Column(_("Fundings"), "int")]


def _financeur_rows(by_financeur: dict) -> list[list[Any]]:
    return [
        [entry.name, _requested(entry.amounts), entry.committed, _paid(entry.amounts), entry.count]
        for entry in by_financeur.values()
    ]


def funding_table(
    scope_rows: Sequence[tuple[str, Totals]], territory_rows: Sequence[TerritoryRow], regions: dict, source: str
) -> Table:
    """Funding by financeur: each group's totals (the scope, its régions), then each territory's."""
    columns = [Column(_("Région")), Column(_("Territory")), *funding_columns_by_financeur()]
    body: list[list[Any]] = []
    everyone = _("all its territories")
    for name, totals in scope_rows:
        if totals.territories and not totals.sharing["funding"]:
            body.append([name, everyone, *[WITHHELD] * 5])
        body += [[name, everyone, *cells] for cells in _financeur_rows(totals.by_financeur)]
    for row in territory_rows:
        region = regions.get(row.followed.region_id, "")
        if row.funding is None:
            body.append([region, _name(row), *[WITHHELD] * 5])
        else:
            body += [[region, _name(row), *cells] for cells in _financeur_rows(row.funding.by_financeur)]
    return Table("funding", _("Funding by funder"), columns, body, source)


def group_funding_table(totals: Totals, title: str, source: str) -> Table:
    """The PDF's funding by financeur of one group (a région, or the nation)."""
    body = _financeur_rows(totals.by_financeur)
    if totals.territories and not totals.sharing["funding"]:
        body = [[WITHHELD] * 5]
    return Table("group-funding", title, funding_columns_by_financeur(), body, source)


# --- projects by theme ------------------------------------------------------------------------------------------


def theme_labels() -> list[tuple[str, str]]:
    """(key, label) of the common themes, then the projects whose axis has no confirmed theme."""
    return [*((t.value, str(t.label).capitalize()) for t in Theme), ("", _("No theme confirmed"))]


def theme_columns() -> list[Column]:
    return [
        Column(_("Theme")),
        *(Column(str(Status(s).label).capitalize(), "int") for s in STATUSES),
        Column(_("Projects"), "int"),
    ]


def themes_table(groups: Sequence[tuple[str, list[list[int]] | None]], source: str) -> Table:
    """Projects by theme and status, for each group (the scope, its régions); None: no territory of the
    group shares its plan nor has a public project."""
    columns = [Column(_("Région")), *theme_columns()]
    labels = theme_labels()
    body: list[list[Any]] = []
    for name, matrix in groups:
        if matrix is None:
            body.append([name, WITHHELD, *[WITHHELD] * (len(STATUSES) + 1)])
            continue
        body += [[name, label, *counts] for (_key, label), counts in zip(labels, matrix, strict=True)]
    return Table("themes", _("Projects by theme"), columns, body, source)


def group_themes_table(matrix: list[list[int]] | None, title: str, source: str) -> Table:
    labels = theme_labels()
    if matrix is None:
        body = [[WITHHELD] * (len(STATUSES) + 2)]
    else:
        body = [[label, *counts] for (_key, label), counts in zip(labels, matrix, strict=True) if counts[-1]]
    return Table("group-themes", title, theme_columns(), body, source)
