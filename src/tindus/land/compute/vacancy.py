"""The legal vacancy rate of a zone (Code de l'urbanisme, art. L318-8-2), with what it rests on.

The law: a land unit counts as vacant when it is **no longer** used by an activity liable to the
cotisation foncière des entreprises (CFE) **for at least two years on 1 January** of the tax year, and stayed
unoccupied over that period; the rate relates vacant units to all units of the zone (the law's wording
literally inverts the ratio; the CNIG standard's ``site_taux_vacance`` is vacant / all, in %).

So, for each unit, on ``reference`` = 1 January of ``year``:

- ``in use``: a CFE-liable activity uses it, or left less than two years before (``recently vacated``);
- ``vacant``: the last CFE-liable use ended on or before 1 January of ``year - 2`` and nothing occupied it since;
- ``never used``: no CFE-liable activity ever used it (a plot never built on): not vacant in the law's sense;
- ``occupied otherwise``: left by CFE-liable activity but occupied since by another (transitory use…);
- ``unknown``: no CFE record, or a record without its evidence — reported, never guessed.

The rate is computed over the units whose status is known (by count and by surface), and bounded over all
units: between (vacant) / all and (vacant + unknown) / all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .problems import Problem, gettext_noop

VACANT, IN_USE, RECENT, NEVER, OTHERWISE, UNKNOWN = (
    "vacant", "in use", "recently vacated", "never used", "occupied otherwise", "unknown",
)  # fmt: skip


@dataclass(frozen=True)
class CfeRecord:
    """What the team recorded (or imported) about a unit's CFE-liable use.

    ``in_use``: a CFE-liable activity uses the unit now. ``last_use_end``: when not in use, the day the last
    CFE-liable activity left (``None``: none ever used it). ``occupied_since``: another occupation since.
    ``evidence``: what the status rests on (« rôle de CFE 2025 », « réponse du propriétaire du 3 mars »…).
    """

    unit_id: str
    in_use: bool
    last_use_end: dt.date | None = None
    occupied_since: bool = False
    evidence: str = ""


@dataclass(frozen=True)
class UnitStatus:
    unit_id: str
    status: str
    surface: float
    evidence: str


@dataclass
class ZoneVacancy:
    """A zone's rate and its inputs."""

    zone_id: str
    reference: dt.date
    units: list[UnitStatus] = field(default_factory=list)

    def _count(self, status: str) -> int:
        return sum(1 for u in self.units if u.status == status)

    def _surface(self, statuses: Iterable[str]) -> float:
        wanted = set(statuses)
        return sum(u.surface for u in self.units if u.status in wanted)

    @property
    def counted(self) -> int:
        return len(self.units)

    @property
    def vacant(self) -> int:
        return self._count(VACANT)

    @property
    def unknown(self) -> list[str]:
        """Units without a usable record: to be documented before the rate is final."""
        return [u.unit_id for u in self.units if u.status == UNKNOWN]

    @property
    def known(self) -> int:
        return self.counted - len(self.unknown)

    @property
    def rate(self) -> float | None:
        """Vacant units / units of known status, in % (``None`` when none is known)."""
        return 100 * self.vacant / self.known if self.known else None

    @property
    def rate_by_surface(self) -> float | None:
        known = self._surface(s for s in (VACANT, IN_USE, RECENT, NEVER, OTHERWISE))
        return 100 * self._surface([VACANT]) / known if known else None

    @property
    def bounds(self) -> tuple[float, float] | None:
        """The rate over all units if every unknown unit were in use, and if every one were vacant."""
        if not self.counted:
            return None
        return 100 * self.vacant / self.counted, 100 * (self.vacant + len(self.unknown)) / self.counted

    @property
    def final(self) -> bool:
        return not self.unknown

    def by_status(self) -> dict[str, int]:
        return {s: self._count(s) for s in (VACANT, IN_USE, RECENT, NEVER, OTHERWISE, UNKNOWN)}


def classify(record: CfeRecord | None, reference: dt.date) -> str:
    if record is None or not record.evidence.strip():
        return UNKNOWN
    if record.in_use:
        return IN_USE
    if record.last_use_end is None:
        return OTHERWISE if record.occupied_since else NEVER
    if record.occupied_since:
        return OTHERWISE
    two_years_before = reference.replace(year=reference.year - 2)
    return VACANT if record.last_use_end <= two_years_before else RECENT


def check_records(records: Iterable[CfeRecord], reference: dt.date) -> list[Problem]:
    """A status without its evidence, an end of use after the reference date, a unit recorded twice."""
    problems = []
    seen = set()
    for record in records:
        if not record.evidence.strip():
            problems.append(
                Problem(
                    "TERRAIN-ECO",
                    gettext_noop("vacancy status without its evidence"),
                    feature=record.unit_id,
                    field="evidence",
                )  # noqa: E501
            )
        if record.last_use_end is not None and record.last_use_end > reference:
            problems.append(
                Problem(
                    "TERRAIN-ECO",
                    gettext_noop("end of use after the reference date (%(date)s)"),
                    feature=record.unit_id,
                    field="last_use_end",
                    params={"date": record.last_use_end.isoformat()},
                )
            )
        if record.in_use and record.last_use_end is not None:
            problems.append(
                Problem(
                    "TERRAIN-ECO",
                    gettext_noop("in use, yet with an end of use"),
                    feature=record.unit_id,
                    field="last_use_end",
                )  # noqa: E501
            )
        if record.unit_id in seen:
            problems.append(Problem("TERRAIN-ECO", gettext_noop("unit recorded twice"), feature=record.unit_id))
        seen.add(record.unit_id)
    return problems


def zone_vacancy(
    zone_id: str,
    units: Sequence[tuple[str, float]],
    records: Mapping[str, CfeRecord],
    year: int,
) -> ZoneVacancy:
    """The vacancy of one zone on 1 January of ``year``: ``units`` are ``(terr_id, terr_surf_brute)``."""
    reference = dt.date(year, 1, 1)
    result = ZoneVacancy(zone_id, reference)
    for unit_id, surface in units:
        record = records.get(unit_id)
        result.units.append(
            UnitStatus(unit_id, classify(record, reference), float(surface or 0), record.evidence if record else "")
        )
    return result


def all_zones(
    units_by_zone: Mapping[str, Sequence[tuple[str, float]]], records: Iterable[CfeRecord], year: int
) -> dict[str, ZoneVacancy]:
    """Every zone's vacancy; ``records`` are checked first by the caller (:func:`check_records`)."""
    by_unit = {r.unit_id: r for r in records}
    return {zone: zone_vacancy(zone, units, by_unit, year) for zone, units in units_by_zone.items()}
