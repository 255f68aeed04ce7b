"""The steering's figures, territory by territory and région by région, from what each territory shares.

:func:`territory_rows` reads every followed territory's figures with a fixed number of grouped queries (one
per kind of content, whatever the number of territories) and applies each territory's sharing levels;
:func:`region_rows` adds the territories up by région for the national page. The blocks of a row are in
:mod:`.rows`, the sums in :mod:`.totals`; both are re-exported here.

The sharing rule (docs/programme/region-and-national.md):

- AGGREGATED or DETAILED: the block holds the territory's figures, public and private content together.
- NOTHING: private content is never counted. The kinds whose content can be public keep a block computed
  from the public content alone, flagged ``public_only``: the plan (public projects' statuses, as in the
  public panorama; no milestone), the governance calendar (public milestones, meetings of public
  committees, as in the public timeline) and the consultation (the campaigns whose results are published
  for everyone). The other kinds (funding, synergies, events) have no public figure: their block is None,
  shown « non partagé », as is a kind with no public content at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.db.models import Case, CharField, Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils import timezone

from tindus.consultation.models import Campaign, Publication, Response
from tindus.events.models import Event, Participant
from tindus.events.models import Meeting as EventMeeting
from tindus.governance.models import Instance, Meeting, TerritoryMilestone
from tindus.plan.models import Funding, Milestone, Project, Status, StatusChange
from tindus.referentials.models import Region
from tindus.synergies.compute import impact as impact_core
from tindus.synergies.models import EmissionFactor, Opportunity
from tindus.synergies.models import Status as SynergyStatus
from tindus.synergies.territory_impacts import flow_of

from .compute import figures
from .financeurs import referential
from .models import Level, SharingSettings
from .rows import (
    ConsultationFigures,
    Contract,
    EventFigures,
    FinanceurFunding,
    FundingFigures,
    PlanProgress,
    SynergyFigures,
    TerritoryRow,
)
from .scope import Followed, followed_territories
from .totals import Totals, totals_of

KINDS = SharingSettings.KINDS  # plan, funding, governance, consultation, synergies, events
# What synergies.territory_impacts.flow_of reads of an implemented synergy.
FLOW_FIELDS = ("tonnes_per_year", "disposal_route", "virgin_material", "distance_km", "reprocessing",
               "energy_mwh_per_year", "water_m3_per_year", "disposal_cost_eur_per_t", "virgin_price_eur_per_t",
               "transport_cost_eur_per_tkm", "reprocessing_cost_eur_per_t", "other_savings_eur")  # fmt: skip


# The blocks of a row (:mod:`.rows`) and the totals (:mod:`.totals`) are part of this module's interface.
__all__ = [
    "KINDS", "Contract", "PlanProgress", "FinanceurFunding", "FundingFigures", "ConsultationFigures",
    "SynergyFigures", "EventFigures", "TerritoryRow", "Totals", "totals_of", "RegionRow", "financeur_of",
    "sharing_levels", "territory_rows", "funding_state_expression", "region_rows",
]  # fmt: skip


# --- the canonical financeur ------------------------------------------------------------------------------------


def financeur_of(kind: str, detail: str) -> tuple[str, str]:
    """The canonical financeur (key, name) of a funding, from the referential of financeurs: « Région BFC »
    and « Conseil régional de Bourgogne-Franche-Comté » are one."""
    entry = referential().match(kind, detail)
    return entry.key, str(entry.name)


# --- reading the figures ----------------------------------------------------------------------------------------


def sharing_levels(territory_ids: list[int]) -> dict[int, dict[str, str]]:
    """Territory id → kind → level; a territory without settings shares the defaults (aggregated)."""
    levels = {pk: dict.fromkeys(KINDS, Level.AGGREGATED.value) for pk in territory_ids}
    for row in SharingSettings.objects.filter(territory_id__in=territory_ids).values("territory_id", *KINDS):
        levels[row["territory_id"]] = {kind: row[kind] for kind in KINDS}
    return levels


def territory_rows(followed: list[Followed], today: dt.date, *, dated: bool = False) -> list[TerritoryRow]:
    """The steering's row of each followed territory, in the order given, with its sharing applied. ``dated``: the
    projects' statuses as the dated status history has them on ``today`` (a past day, for a yearly report), rather
    than their statuses now."""
    ids = [f.territory.pk for f in followed]
    levels = sharing_levels(ids)
    contracts = _contracts(ids, levels, today)
    plans = _plans(ids, levels, today, dated)
    fundings = _fundings(ids, levels, today)
    consultations = _consultations(ids, levels, today)
    synergies = _synergies(ids, levels)
    events = _events(ids, levels, today)
    updates = _last_updates(ids)
    return [
        TerritoryRow(
            followed=f,
            sharing=levels[f.territory.pk],
            contract=contracts.get(f.territory.pk),
            plan=plans.get(f.territory.pk),
            funding=fundings.get(f.territory.pk),
            consultation=consultations.get(f.territory.pk),
            synergies=synergies.get(f.territory.pk),
            events=events.get(f.territory.pk),
            last_update=updates.get(f.territory.pk),
        )  # fmt: skip
        for f in followed
    ]


def _shares(levels: dict[int, dict[str, str]], kind: str) -> set[int]:
    """The territories sharing their private figures of ``kind`` (aggregated or detailed)."""
    return {pk for pk, level in levels.items() if level[kind] != Level.NOTHING}


def _contracts(ids: list[int], levels: dict, today: dt.date) -> dict[int, Contract]:
    sharing = _shares(levels, "governance")
    kinds = (TerritoryMilestone.Kind.PROTOCOL, TerritoryMilestone.Kind.CONTRACT)
    milestones: dict[int, dict[str, dt.date]] = defaultdict(dict)
    newest: dict[int, list] = defaultdict(list)
    rows = (
        TerritoryMilestone.objects.filter(territory_id__in=ids, date__lte=today)
        .values("territory_id", "kind", "is_public")
        .annotate(first=Min("date"), last=Max("date"))
    )
    for row in rows:
        pk = row["territory_id"]
        if not (row["is_public"] or pk in sharing):
            continue
        newest[pk].append(row["last"])
        if row["kind"] in kinds:
            current = milestones[pk].get(row["kind"])
            milestones[pk][row["kind"]] = min(row["first"], current) if current else row["first"]
    start = figures.committee_window_start(today)
    committees: dict[int, list[int]] = defaultdict(lambda: [0])
    last: dict[int, list] = defaultdict(list)
    rows = (
        Meeting.objects.filter(
            instance__territory_id__in=ids, instance__kind=Instance.Kind.PROJECT_COMMITTEE, date__lte=today
        )
        .values("instance__territory_id", "instance__is_public")
        .annotate(recent=Count("pk", filter=Q(date__gt=start)), last=Max("date"))
    )
    for row in rows:
        pk = row["instance__territory_id"]
        if not (row["instance__is_public"] or pk in sharing):
            continue
        committees[pk][0] += row["recent"]
        last[pk].append(row["last"])
    result = {}
    for pk in ids:
        public_only = pk not in sharing
        if public_only and not (milestones.get(pk) or newest.get(pk) or last.get(pk)):
            continue  # nothing public, nothing shared
        result[pk] = Contract(
            level=levels[pk]["governance"], public_only=public_only,
            protocol_on=milestones[pk].get(TerritoryMilestone.Kind.PROTOCOL) if pk in milestones else None,
            contract_on=milestones[pk].get(TerritoryMilestone.Kind.CONTRACT) if pk in milestones else None,
            committees_12m=committees[pk][0] if pk in committees else 0,
            last_committee=figures.newest(last.get(pk, [])),
            as_of=figures.newest([*newest.get(pk, []), *last.get(pk, [])]),
        )  # fmt: skip
    return result


def _plans(ids: list[int], levels: dict, today: dt.date, dated: bool) -> dict[int, PlanProgress]:
    """One row per territory: its projects counted by status (all, and public only), its newest change."""
    sharing = _shares(levels, "plan")
    projects, field = projects_on(today, dated=dated)
    counts = {}
    for status in Status.values:
        counts[f"all_{status}"] = Count("pk", filter=Q(**{field: status}))
        counts[f"public_{status}"] = Count("pk", filter=Q(**{field: status}, is_public=True))
    rows = (
        projects.filter(territory_id__in=ids)
        .values("territory_id")
        .annotate(**counts, updated=Max("updated_at"), public_updated=Max("updated_at", filter=Q(is_public=True)))
        .order_by()
    )
    late = dict(
        Milestone.objects.filter(project__territory_id__in=sharing, planned_on__lt=today)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=today))
        .exclude(project__status=Status.ABANDONED)
        .values_list("project__territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = {}
    for row in rows:
        pk = row["territory_id"]
        public_only = pk not in sharing
        prefix = "public" if public_only else "all"
        statuses = {s: row[f"{prefix}_{s}"] for s in Status.values if row[f"{prefix}_{s}"]}
        if public_only and not statuses:
            continue
        result[pk] = PlanProgress(
            level=levels[pk]["plan"], public_only=public_only, by_status=statuses, total=sum(statuses.values()),
            started=sum(statuses.get(s, 0) for s in figures.STARTED),
            completed=sum(statuses.get(s, 0) for s in figures.DONE),
            late_milestones=None if public_only else late.get(pk, 0),
            as_of=figures.newest([row["public_updated" if public_only else "updated"]]),
        )  # fmt: skip
    for pk in sharing - result.keys():  # a territory sharing its plan, without any project yet
        result[pk] = PlanProgress(levels[pk]["plan"], False, {}, 0, 0, 0, late.get(pk, 0), None)
    return result


def projects_on(day: dt.date, *, dated: bool) -> tuple[QuerySet[Project], str]:
    """The projects, and the field holding their status. Not ``dated``: the status now. ``dated``: the entry of the
    dated status history in force on ``day`` (a yearly report of a past year), so that a project started later is
    not counted as started, and one that had no status yet then is not counted at all."""
    if not dated:
        return Project.objects.all(), "status"
    in_force = StatusChange.objects.filter(project=OuterRef("pk"), date__lte=day).order_by("-date", "-pk")
    projects = Project.objects.annotate(status_then=Subquery(in_force.values("status")[:1]))
    return projects.filter(status_then__isnull=False), "status_then"


def funding_state_expression(today: dt.date) -> Case:
    """``Funding.state_on(today)`` in SQL: paid, granted, requested, or NULL before the request."""
    return Case(
        When(paid_on__lte=today, then=Value("paid")),
        When(granted_on__lte=today, then=Value("granted")),
        When(requested_on__lte=today, then=Value("requested")),
        default=None,
        output_field=CharField(),
    )


def _fundings(ids: list[int], levels: dict, today: dt.date) -> dict[int, FundingFigures]:
    """Amounts and counts by territory, financeur as written and state (one row per territory and financeur),
    then grouped by canonical financeur; the newest date per territory."""
    sharing = _shares(levels, "funding")
    fundings = Funding.objects.filter(project__territory_id__in=sharing, requested_on__lte=today).annotate(
        state=funding_state_expression(today)
    )
    by_state = {}
    for state in figures.STATES:
        by_state[f"amount_{state}"] = Sum("amount", filter=Q(state=state))
        by_state[f"n_{state}"] = Count("pk", filter=Q(state=state))
    rows = (
        fundings.values_list("project__territory_id", "financeur", "financeur_detail").annotate(**by_state).order_by()
    )
    newest = (
        fundings.values_list("project__territory_id")
        .annotate(requested=Max("requested_on"), granted=Max("granted_on", filter=Q(granted_on__lte=today)),
                  paid=Max("paid_on", filter=Q(paid_on__lte=today)))
        .order_by()
    )  # fmt: skip
    result = {
        pk: FundingFigures(level=levels[pk]["funding"], by_financeur={}, amounts={}, count=0, as_of=None)
        for pk in ids
        if pk in sharing
    }
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for pk, kind, detail, *values in rows:
        block = result[pk]
        if (kind, detail) not in names:
            names[(kind, detail)] = financeur_of(kind, detail)
        key, name = names[(kind, detail)]
        entry = block.by_financeur.setdefault(key, FinanceurFunding(key, name, {}, 0))
        for index, state in enumerate(figures.STATES):
            amount, n = values[2 * index], values[2 * index + 1]
            if n:
                figures.add_amounts(entry.amounts, {state: amount})
                figures.add_amounts(block.amounts, {state: amount})
                entry.count += n
                block.count += n
    for pk, *days in newest:
        result[pk].as_of = figures.newest(days)
    for block in result.values():
        block.by_financeur = dict(sorted(block.by_financeur.items(), key=lambda item: item[1].name))
    return result


def _consultations(ids: list[int], levels: dict, today: dt.date) -> dict[int, ConsultationFigures]:
    sharing = _shares(levels, "consultation")
    public = Q(published_to=Publication.PUBLIC)
    campaigns = {
        pk: (n, n_public)
        for pk, n, n_public in Campaign.objects.filter(territory_id__in=ids, opens_on__lte=today)
        .values_list("territory_id")
        .annotate(n=Count("pk"), public=Count("pk", filter=public))
        .order_by()
    }
    public = Q(campaign__published_to=Publication.PUBLIC)
    answers = {
        row[0]: row[1:]
        for row in Response.objects.filter(campaign__territory_id__in=ids)
        .values_list("campaign__territory_id")
        .annotate(n=Count("pk"), public=Count("pk", filter=public), last=Max("submitted_on"),
                  public_last=Max("submitted_on", filter=public))
        .order_by()
    }  # fmt: skip
    result = {}
    for pk in ids:
        n_campaigns, public_campaigns = campaigns.get(pk, (0, 0))
        n_answers, public_answers, last, public_last = answers.get(pk, (0, 0, None, None))
        if pk in sharing:
            result[pk] = ConsultationFigures(levels[pk]["consultation"], n_campaigns, n_answers, last)
        elif public_campaigns:
            result[pk] = ConsultationFigures(levels[pk]["consultation"], public_campaigns, public_answers, public_last,
                                             public_only=True)  # fmt: skip
    return result


def _synergies(ids: list[int], levels: dict) -> dict[int, SynergyFigures]:
    """Implemented synergies and their impact, computed as the synergies page does (its territory's own
    emission factors, the shipped table where the territory has not made its copy yet)."""
    sharing = _shares(levels, "synergies")
    factors: dict[int, dict[str, impact_core.EmissionFactor]] = defaultdict(dict)
    for r in EmissionFactor.objects.filter(territory_id__in=sharing):
        factors[r.territory_id][r.key] = impact_core.EmissionFactor(
            r.key, r.kind, r.label, r.value, r.unit, r.source, r.vintage, r.notes
        )
    shipped = impact_core.default_factors()
    result = {
        pk: SynergyFigures(level=levels[pk]["synergies"], implemented=0, tonnes_diverted=0.0, co2e_avoided_t=0.0,
                           as_of=None)
        for pk in ids if pk in sharing
    }  # fmt: skip
    implemented = Opportunity.objects.filter(territory_id__in=sharing, status=SynergyStatus.IMPLEMENTED)
    for pk, n, last in (
        implemented.values_list("territory_id").annotate(n=Count("pk"), last=Max("updated_at")).order_by()
    ):
        result[pk].implemented, result[pk].as_of = n, figures.newest([last])
    for row in implemented.values("territory_id", *FLOW_FIELDS).order_by("pk"):
        flow = flow_of(SimpleNamespace(**row))  # the fields flow_of reads, without making model instances
        if flow is None:
            continue
        try:
            impact = impact_core.compute(flow, factors.get(row["territory_id"]) or shipped)
        except ValueError:  # a factor the team removed: the synergy counts, its impact cannot be computed
            continue
        block = result[row["territory_id"]]
        block.tonnes_diverted += impact.tonnes_diverted
        block.co2e_avoided_t += impact.co2e_avoided_t
    return result


def _events(ids: list[int], levels: dict, today: dt.date) -> dict[int, EventFigures]:
    sharing = _shares(levels, "events")
    held = {
        row["territory_id"]: row
        for row in Event.objects.filter(territory_id__in=sharing, date__lte=today)
        .values("territory_id")
        .annotate(n=Count("pk"), last=Max("date"))
        .order_by()
    }
    meetings = dict(
        EventMeeting.objects.filter(event__territory_id__in=sharing, event__date__lte=today, held=True)
        .values_list("event__territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    participants = dict(
        Participant.objects.filter(event__territory_id__in=sharing, event__date__lte=today, absent=False)
        .values_list("event__territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        pk: EventFigures(
            level=levels[pk]["events"],
            events_held=held[pk]["n"] if pk in held else 0,
            meetings_held=meetings.get(pk, 0),
            participants=participants.get(pk, 0),
            as_of=held[pk]["last"] if pk in held else None,
        )  # fmt: skip
        for pk in ids
        if pk in sharing
    }


def _last_updates(ids: list[int]) -> dict[int, dt.datetime]:
    """The newest entry of each territory's history, or its newest change to a project when it has none."""
    found: dict[int, dt.datetime] = {}
    rows = (
        LogEntry.objects.filter(additional_data__territory__in=ids)
        .values("additional_data__territory")
        .annotate(last=Max("timestamp"))
        .order_by()
    )
    for row in rows:
        try:
            found[int(row["additional_data__territory"])] = row["last"]
        except (TypeError, ValueError):
            continue
    projects = Project.objects.filter(territory_id__in=ids).values_list("territory_id").annotate(last=Max("updated_at"))
    for pk, last in projects.order_by():
        if last and (pk not in found or last > found[pk]):
            found[pk] = last
    return found


# --- régions ----------------------------------------------------------------------------------------------------


@dataclass
class RegionRow:
    region: Region | None  # None: the territories without communes, hence without a région
    rows: list[TerritoryRow]
    totals: Totals


def region_rows(today: dt.date | None = None) -> list[RegionRow]:
    """One row per région (those without a followed territory too, with empty totals), by name; then the
    followed territories without a région, if any."""
    today = today or timezone.localdate()
    rows = territory_rows(followed_territories(), today)
    by_region: dict[int | None, list[TerritoryRow]] = defaultdict(list)
    for row in rows:
        by_region[row.followed.region_id].append(row)
    result = [
        RegionRow(r, by_region.get(r.pk, []), totals_of(by_region.get(r.pk, [])))
        for r in Region.objects.order_by("name")
    ]
    if by_region.get(None):
        result.append(RegionRow(None, by_region[None], totals_of(by_region[None])))
    return result
