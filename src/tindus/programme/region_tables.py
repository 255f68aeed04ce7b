"""The tables of the steering's pages, one per kind of content: on a région's page one row per territory and
the région's total at the foot; on the national page one row per région (the same totals) and France's at the
foot. Each figure follows the territory's sharing (:mod:`.summary`), each table says its data's date."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.utils.translation import gettext as _

from tindus.plan.models import Status

from . import cells as c
from .compute.figures import STATES
from .summary import FinanceurFunding, TerritoryRow, Totals

KINDS = ("plan", "funding", "governance", "consultation", "synergies", "events")


def kind_labels() -> dict[str, str]:
    return {"plan": _("Plan"), "funding": _("Funding"), "governance": _("Governance"),
            "consultation": _("Consultation"), "synergies": _("Synergies"), "events": _("Events")}  # fmt: skip


def state_headers() -> list[str]:
    labels = {"requested": _("requested (€)"), "granted": _("granted (€)"), "paid": _("paid (€)")}
    return [*(labels[s] for s in STATES), _("committed: granted or paid (€)")]


def territory_cell(row: TerritoryRow) -> c.Cell:
    label = row.followed.label
    return c.text(f"{label} ({_('synthetic')})" if row.synthetic else label)


def idle_aware(cells: Callable[[TerritoryRow], list[c.Cell]]) -> Callable[[TerritoryRow], list[c.Cell]]:
    """A territory whose workspace is not in use has no figure to share: « not using Tindus yet » and dashes,
    rather than zeros that would read as an empty plan."""

    @wraps(cells)
    def wrapped(row: TerritoryRow) -> list[c.Cell]:
        found = cells(row)
        if row.followed.in_use:
            return found
        return [c.Cell(_("not using Tindus yet"), muted=True), *[c.nothing()] * (len(found) - 1)]

    return wrapped


def _withheld(width: int) -> list[c.Cell]:
    return [c.not_shared()] * width


# --- one territory's cells, per kind ----------------------------------------------------------------------------


@idle_aware
def sharing_cells(r: TerritoryRow) -> list[c.Cell]:
    public = {"plan": r.plan, "governance": r.contract, "consultation": r.consultation}
    return [*(c.level(r.sharing[k], public_only=public.get(k) is not None) for k in KINDS), c.day(r.last_update)]


@idle_aware
def governance_cells(r: TerritoryRow) -> list[c.Cell]:
    b = r.contract
    if b is None:
        return [c.level(r.sharing["governance"]), *_withheld(6)]
    status = {"contract": _("contract signed"), "protocol": _("protocol signed"), "none": _("neither yet")}
    return [c.level(b.level, b.public_only), c.text(status[b.status]), c.day(b.protocol_on), c.day(b.contract_on),
            c.count(b.committees_12m), c.day(b.last_committee), c.day(b.as_of)]  # fmt: skip


@idle_aware
def plan_cells(r: TerritoryRow) -> list[c.Cell]:
    b = r.plan
    if b is None:
        return [c.level(r.sharing["plan"]), *_withheld(len(Status) + 5)]
    late = c.not_shared() if b.late_milestones is None else c.count(b.late_milestones)
    return [c.level(b.level, b.public_only), c.count(b.total), *(c.count(b.by_status.get(s, 0)) for s in Status.values),
            c.share(b.share_started), c.share(b.share_completed), late, c.day(b.as_of)]  # fmt: skip


@idle_aware
def funding_cells(r: TerritoryRow) -> list[c.Cell]:
    b = r.funding
    if b is None:
        return [c.level(r.sharing["funding"]), *_withheld(len(STATES) + 3)]
    return [c.level(b.level), *(c.euros(b.amounts.get(s, 0)) for s in STATES), c.euros(b.committed), c.count(b.count),
            c.day(b.as_of)]  # fmt: skip


@idle_aware
def consultation_cells(r: TerritoryRow) -> list[c.Cell]:
    b = r.consultation
    if b is None:
        return [c.level(r.sharing["consultation"]), *_withheld(3)]
    return [c.level(b.level, b.public_only), c.count(b.campaigns), c.count(b.answers), c.day(b.as_of)]


@idle_aware
def synergies_cells(r: TerritoryRow) -> list[c.Cell]:
    b = r.synergies
    if b is None:
        return [c.level(r.sharing["synergies"]), *_withheld(4)]
    return [c.level(b.level), c.count(b.implemented), c.tonnes(b.tonnes_diverted), c.tonnes(b.co2e_avoided_t),
            c.day(b.as_of)]  # fmt: skip


@idle_aware
def events_cells(r: TerritoryRow) -> list[c.Cell]:
    b = r.events
    if b is None:
        return [c.level(r.sharing["events"]), *_withheld(4)]
    return [c.level(b.level), c.count(b.events_held), c.count(b.meetings_held), c.count(b.participants),
            c.day(b.as_of)]  # fmt: skip


# --- a group's totals, per kind (the same columns) --------------------------------------------------------------


def _shared(t: Totals, kind: str) -> c.Cell:
    return c.sharing_count(t.sharing[kind], t.in_use)


def sharing_totals(t: Totals) -> list[c.Cell]:
    return [*(_shared(t, k) for k in KINDS), c.day(t.last_update)]


def governance_totals(t: Totals) -> list[c.Cell]:
    contracts = _("%(contracts)d contracts, %(protocols)d protocols") % {"contracts": t.contracts,
                                                                          "protocols": t.protocols}  # fmt: skip
    return [_shared(t, "governance"), c.text(contracts), c.nothing(), c.nothing(), c.count(t.committees_12m),
            c.nothing(), c.day(t.as_of_by_kind["governance"])]  # fmt: skip


def plan_totals(t: Totals) -> list[c.Cell]:
    return [_shared(t, "plan"), c.count(t.projects), *(c.count(t.by_status.get(s, 0)) for s in Status.values),
            c.share(t.share_started), c.share(t.share_completed), c.count(t.late_milestones),
            c.day(t.as_of_by_kind["plan"])]  # fmt: skip


def funding_totals(t: Totals) -> list[c.Cell]:
    return [_shared(t, "funding"), *(c.euros(t.funding.get(s, 0)) for s in STATES), c.euros(t.committed),
            c.count(sum(f.count for f in t.by_financeur.values())), c.day(t.as_of_by_kind["funding"])]  # fmt: skip


def consultation_totals(t: Totals) -> list[c.Cell]:
    return [
        _shared(t, "consultation"),
        c.count(t.campaigns),
        c.count(t.answers),
        c.day(t.as_of_by_kind["consultation"]),
    ]


def synergies_totals(t: Totals) -> list[c.Cell]:
    return [_shared(t, "synergies"), c.count(t.synergies), c.tonnes(t.tonnes_diverted), c.tonnes(t.co2e_avoided_t),
            c.day(t.as_of_by_kind["synergies"])]  # fmt: skip


def events_totals(t: Totals) -> list[c.Cell]:
    return [_shared(t, "events"), c.count(t.events_held), c.count(t.meetings_held), c.count(t.participants),
            c.day(t.as_of_by_kind["events"])]  # fmt: skip


# --- the tables ---------------------------------------------------------------------------------------------------


# (table id suffix, title, headers after the first column, cells of a territory, cells of a group's totals)
def _specs() -> list[tuple]:
    sharing = _("Sharing")
    as_of = _("Data as of")
    return [
        ("sharing", _("What each territory shares"), [*kind_labels().values(), _("Last update")],
         sharing_cells, sharing_totals),
        ("governance", _("Contract and governance calendar"),
         [sharing, _("Status"), _("Protocol signed"), _("Contract signed"), _("Committees in the last 12 months"),
          _("Last committee"), as_of], governance_cells, governance_totals),
        ("plan", _("Plan progress"),
         [sharing, _("Projects"), *(str(label) for label in Status.labels), _("Share started"), _("Share completed"),
          _("Late milestones"), as_of], plan_cells, plan_totals),
        ("funding", _("Funding by state"), [sharing, *state_headers(), _("Fundings"), as_of],
         funding_cells, funding_totals),
        ("consultation", _("Consultation participation"), [sharing, _("Campaigns"), _("Answers"), as_of],
         consultation_cells, consultation_totals),
        ("synergies", _("Synergies and their impact"),
         [sharing, _("Synergies implemented"), _("Tonnes diverted per year"), _("CO2e avoided per year (t)"), as_of],
         synergies_cells, synergies_totals),
        ("events", _("Events"),
         [sharing, _("Events held"), _("Business meetings held"), _("Participants"), as_of],
         events_cells, events_totals),
    ]  # fmt: skip


def territory_tables(rows: list[TerritoryRow], totals: Totals, total_label: str) -> list[c.Table]:
    """A région's tables: its territories, its total at the foot."""
    return [
        c.Table(f"territories-{key}", title, [_("Territory"), *headers],
                [[territory_cell(r), *cells(r)] for r in rows], [[c.text(total_label), *of_totals(totals)]])
        for key, title, headers, cells, of_totals in _specs()
    ]  # fmt: skip


def group_tables(groups: list[tuple[c.Cell, Totals]], totals: Totals, total_label: str) -> list[c.Table]:
    """The national tables: one row per région (its first cell given), France's total at the foot."""
    tables = []
    for key, title, headers, _cells, of_totals in _specs():
        headers = [_("Territories followed"), *headers] if key == "sharing" else headers
        tables.append(c.Table(
            f"regions-{key}", title, [_("Région"), *headers],
            [[first, *([c.count(t.territories)] if key == "sharing" else []), *of_totals(t)] for first, t in groups],
            [[c.text(total_label), *([c.count(totals.territories)] if key == "sharing" else []), *of_totals(totals)]],
        ))  # fmt: skip
    return tables


def financeurs(by_financeur: dict[str, FinanceurFunding], totals: Totals, total_label: str) -> c.Table:
    """Funding by financeur × state, the financeurs' spellings merged by the referential."""
    return c.Table(
        "funding-financeurs",
        _("Funding by financeur and state"),
        [_("Financeur"), *state_headers(), _("Fundings")],
        [[c.text(f.name), *(c.euros(f.amounts.get(s, 0)) for s in STATES), c.euros(f.committed), c.count(f.count)]
         for f in by_financeur.values()],
        [[c.text(total_label), *(c.euros(totals.funding.get(s, 0)) for s in STATES), c.euros(totals.committed),
          c.count(sum(f.count for f in by_financeur.values()))]],
        empty=_("No funding shared."),
    )  # fmt: skip
