"""A territory's needs table: BMO figures of its basins against its training sessions, for the territory
and each of its EPCI at once (:func:`tindus.employment.compute.needs.compute_needs`), with what the
working group adds: the ROME jobs linked to each BMO job, the local sectors that employ it, the needs
declared on the territory, the proposals already made.

Computed on read from the stored BMO cells of the basins touched (a few thousand rows) and the
territory's sessions; nothing is cached but the reference files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from tindus.referentials.models import NafDivisionRome, NafItem
from tindus.territories.models import Territory
from tindus.warehouse.queries import WarehouseUnavailableError, establishments_in
from tindus.warehouse.services import get_warehouse

from .bmo_store import current_imports, matrix_for
from .compute.basins import BasinShare, territory_figures
from .compute.correspondence import action_jobs, merged_links
from .compute.fap import JobTension, job_tensions
from .compute.figures import Figure
from .compute.needs import JobNeed, Parameters, compute_needs, session_arrays, tension_matrix
from .compute.offers import Codes, Session
from .geography import DEFAULT_METHOD, METHODS, Apportioning, Area, apportion, areas_of
from .models import BmoImport, LocalNeed, OfficialLinkTable, Proposal, RomeLink, TrainingSession
from .reference import domain_links, fap2021, tensions_at

RADII = (10, 20, 30, 50, 80)
MONTHS = (6, 12, 18, 24)


@dataclass(frozen=True)
class Settings:
    """What the working group chose on the page: the survey year, the distance and time window, the method."""

    year: int | None = None  # None: the newest
    radius_km: int = 30
    months: int = 12
    method: str = DEFAULT_METHOD
    reference: dt.date | None = None  # the day the window starts; None: today


@dataclass(frozen=True)
class Sector:
    division: str
    label: str
    establishments: int


@dataclass
class Row:
    """One BMO job of one area."""

    need: JobNeed
    rome: tuple[str, ...]  # ROME 4.0 codes linked to the job (official table or team)
    tension: JobTension | None
    declared_people: int  # people to recruit in the local needs of this job
    declared_needs: int
    sectors: list[Sector]
    proposals: int

    @property
    def anchor(self) -> str:
        return f"job-{self.need.job}"

    @property
    def capacity(self) -> int:
        """Known places of the sessions nearby."""
        return round(self.need.capacity_near)


@dataclass
class BasinLine:
    share: BasinShare
    name: str
    departements: tuple[str, ...]


@dataclass
class AreaTable:
    area: Area
    basins: list[BasinLine]
    rows: list[Row]
    unknown_communes: tuple[str, ...]

    @cached_property
    def gaps(self) -> list[Row]:
        found = [r for r in self.rows if r.need.gap]
        return sorted(found, key=lambda r: (-r.need.difficult.value, r.need.job))

    @cached_property
    def projects(self) -> Figure:
        return Figure.total(r.need.projects for r in self.rows)

    @cached_property
    def difficult(self) -> Figure:
        return Figure.total(r.need.difficult for r in self.rows)

    @property
    def straddling(self) -> list[BasinLine]:
        return [b for b in self.basins if b.share.straddling]

    @property
    def slug(self) -> str:
        return f"area-{self.area.key}"


@dataclass
class Offer:
    sessions: int
    in_window: int
    remote: int
    unplaced: int
    synthetic: int
    sources: list[tuple[str, str, str, bool]]  # (file, format, kind label, synthetic)


@dataclass
class Report:
    territory: Territory
    settings: Settings
    reference: dt.date
    record: BmoImport | None
    years: list[int]
    tables: list[AreaTable] = field(default_factory=list)
    apportioning: Apportioning | None = None
    tension_place: tuple[str, str] = ("nat", "")
    offer: Offer | None = None
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    official_table: OfficialLinkTable | None = None
    previous: tuple[int, Figure] | None = None  # the year before: (year, the territory's projects)
    establishments_source: bool = False  # local sectors were counted in the warehouse

    @property
    def territory_table(self) -> AreaTable | None:
        return self.tables[0] if self.tables else None

    @property
    def epci_tables(self) -> list[AreaTable]:
        return self.tables[1:]

    @property
    def method_label(self) -> str:
        return str(METHODS.get(self.apportioning.method, "")) if self.apportioning else ""


def territory_links(territory: Territory) -> tuple[dict[str, tuple[str, ...]], OfficialLinkTable | None]:
    """ROME 4.0 → BMO jobs: the official table where it says, the team's confirmed links elsewhere."""
    official = territory.official_link_tables.first()
    confirmed: dict[str, list[str]] = {}
    for rome, job in territory.rome_links.filter(status=RomeLink.Status.CONFIRMED).values_list("rome", "job"):
        confirmed.setdefault(rome, []).append(job)
    return merged_links(official.links if official else None, confirmed), official


def main_places(territory: Territory) -> list[tuple[str, str]]:
    """Where tension is read: the territory's main département, then its région, then France."""
    counts = Counter(territory.communes.values_list("departement__code", "region__code"))
    if not counts:
        return [("nat", "")]
    (departement, region), _n = counts.most_common(1)[0]
    return [("dep", departement or ""), ("reg", region or ""), ("nat", "")]


def session_rows(territory: Territory) -> list[TrainingSession]:
    return list(territory.training_sessions.select_related("action", "offer_import").order_by("pk"))


def as_session(row: TrainingSession) -> Session:
    return Session(
        key=str(row.pk),
        action=str(row.action_id),
        start=row.start,
        end=row.end,
        commune=row.commune,
        latitude=row.latitude,
        longitude=row.longitude,
        capacity=row.capacity,
        modality=row.modality,
    )


def codes_of(action) -> Codes:
    return Codes(
        rome=tuple(action.rome),
        rome_version=action.rome_version,
        formacode=tuple(action.formacode),
        rncp=tuple(action.rncp),
        rs=tuple(action.rs),
    )


def need_jobs(need: LocalNeed, links: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The BMO jobs a local need is about: its own, else those linked to its ROME code."""
    if need.job:
        return (need.job,)
    return links.get(need.rome, ())


def _sectors(territory: Territory, links: dict[str, tuple[str, ...]]) -> tuple[dict[str, list[Sector]], bool]:
    """For each BMO job, the NAF divisions that employ its linked ROME jobs (France Travail's NAF × ROME
    table) and count establishments on the territory (warehouse), largest first."""
    try:
        listed = establishments_in(get_warehouse(), territory.communes.values_list("code", flat=True), limit=1_000_000)
    except WarehouseUnavailableError:
        return {}, False
    local = Counter(e.naf[:2] for e in listed if e.naf)
    if not local:
        return {}, False
    divisions: dict[str, set[str]] = {}
    for division, rome in NafDivisionRome.objects.values_list("naf_division", "job__code"):
        divisions.setdefault(rome, set()).add(division)
    labels = dict(NafItem.objects.filter(level=NafItem.Level.DIVISION).values_list("code", "label"))
    by_job: dict[str, set[str]] = {}
    for rome, jobs in links.items():
        for job in jobs:
            by_job.setdefault(job, set()).update(divisions.get(rome, ()))
    found = {}
    for job, wanted in by_job.items():
        present = sorted((d for d in wanted if local.get(d)), key=lambda d: (-local[d], d))[:3]
        found[job] = [Sector(d, labels.get(d, d), local[d]) for d in present]
    return found, True


def needs_report(territory: Territory, settings: Settings | None = None) -> Report:
    """The needs table of ``territory`` and of each of its EPCI (see the module docstring)."""
    settings = settings or Settings()
    reference = settings.reference or dt.date.today()
    imports = current_imports(territory)
    years = list(imports)
    year = settings.year if settings.year in imports else (years[0] if years else None)
    report = Report(territory, settings, reference, imports.get(year), years)
    if report.record is None:
        return report
    areas = areas_of(territory)
    report.apportioning = apportion(territory, areas, settings.method)
    basins = report.apportioning.basins
    touched = {b.code for t in basins for b in t.basins}
    matrix = matrix_for(report.record, touched)
    report.links, report.official_table = territory_links(territory)

    rows = session_rows(territory)
    jobs_of_action: dict[int, tuple[str, ...]] = {}
    for row in rows:
        if row.action_id not in jobs_of_action:
            jobs_of_action[row.action_id] = action_jobs(codes_of(row.action), report.links)
    sessions = [as_session(r) for r in rows]
    arrays = session_arrays(sessions, [jobs_of_action[r.action_id] for r in rows], matrix.jobs)
    report.tension_place = main_places(territory)[0]
    tensions = job_tensions(matrix.jobs, fap2021(), domain_links(), [tensions_at(p) for p in main_places(territory)])
    parameters = Parameters(reference, radius_km=float(settings.radius_km), months=settings.months)
    needs = compute_needs(
        matrix,
        basins,
        [a.anchors for a in areas],
        arrays,
        parameters,
        tension_matrix([tensions] * len(areas), matrix.jobs),
    )
    window = _in_window(rows, reference, settings.months)
    report.offer = Offer(
        sessions=len(rows),
        in_window=window,
        remote=sum(1 for r in rows if r.modality == "distance"),
        unplaced=needs.unplaced,
        synthetic=sum(1 for r in rows if r.synthetic),
        sources=[
            (i.source, i.version, i.get_kind_display(), i.synthetic)
            for i in territory.training_imports.all().order_by("imported_at")
        ],
    )

    local = list(territory.employment_needs.all())
    proposals = Counter(territory.employment_proposals.values_list("job", flat=True))
    rome_of_job: dict[str, list[str]] = {}
    for rome, jobs in report.links.items():
        for job in jobs:
            rome_of_job.setdefault(job, []).append(rome)
    sectors, report.establishments_source = _sectors(territory, report.links)
    names = report.record.basins
    for t, (area, area_basins) in enumerate(zip(areas, basins, strict=True)):
        declared: dict[str, list[LocalNeed]] = {}
        for need in local:
            if area.kind == "territory" or need.commune in area.communes:
                for job in need_jobs(need, report.links):
                    declared.setdefault(job, []).append(need)
        table_rows = [
            Row(
                need=job_need,
                rome=tuple(sorted(rome_of_job.get(job_need.job, ()))),
                tension=tensions.get(job_need.job),
                declared_people=sum(n.count for n in declared.get(job_need.job, ())),
                declared_needs=len(declared.get(job_need.job, ())),
                sectors=sectors.get(job_need.job, []),
                proposals=proposals.get(job_need.job, 0),
            )
            for job_need in needs.table(t)
        ]
        lines = []
        for b in area_basins.basins:
            info = names.get(str(b.code), {})
            lines.append(BasinLine(b, info.get("name", ""), tuple(info.get("departements", ()))))
        report.tables.append(AreaTable(area, lines, table_rows, area_basins.unknown_communes))
    previous = imports.get(report.record.year - 1)
    if previous is not None:
        figures = territory_figures(matrix_for(previous, touched), basins[0])
        report.previous = (previous.year, Figure.total(j.projects for j in figures.jobs))
    return report


def _in_window(rows: list[TrainingSession], reference: dt.date, months: int) -> int:
    from .compute.geo import add_months

    last = add_months(reference, months)
    return sum(
        1
        for r in rows
        if (r.start and reference <= r.start <= last) or (r.start is None and (r.end is None or r.end >= reference))
    )


def job_figures(report: Report, job: str) -> list[tuple[AreaTable, Row]]:
    """Each area's row of one job (the areas where the job has BMO figures)."""
    return [(table, row) for table in report.tables for row in table.rows if row.need.job == job]


def proposals_of(territory: Territory, job: str) -> list[Proposal]:
    return list(territory.employment_proposals.filter(job=job).select_related("project"))
