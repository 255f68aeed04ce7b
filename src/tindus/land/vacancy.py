"""The legal vacancy rate of the territory's zones, from the CFE statuses the team recorded
(:mod:`.compute.vacancy` holds the law's definition)."""

from __future__ import annotations

import datetime as dt

from tindus.territories.models import Territory

from .compute.vacancy import CfeRecord, ZoneVacancy, all_zones
from .models import CfeStatus, LandUnit, Zone


def reference_year(today: dt.date | None = None) -> int:
    """The year whose 1 January the rate is computed on: the current one."""
    return (today or dt.date.today()).year


def record_of(status: CfeStatus) -> CfeRecord:
    return CfeRecord(
        unit_id=status.unit.terr_id,
        in_use=status.in_use,
        last_use_end=status.last_use_end,
        occupied_since=status.occupied_since,
        evidence=status.evidence,
    )


def zone_vacancies(territory: Territory, year: int | None = None, zones=None) -> dict[int, ZoneVacancy]:
    """Zone pk → its vacancy on 1 January of ``year`` (every zone of the territory, or ``zones``)."""
    year = year or reference_year()
    zones = list(zones if zones is not None else Zone.objects.filter(territory=territory))
    units = LandUnit.objects.filter(zone__in=zones).only("pk", "zone_id", "terr_id", "terr_surf_brute")
    by_zone: dict[int, list[tuple[str, float]]] = {z.pk: [] for z in zones}
    keys: dict[int, str] = {}
    for unit in units:
        key = f"{unit.zone_id}:{unit.terr_id}"  # unit ids are unique within a zone only
        keys[unit.pk] = key
        by_zone[unit.zone_id].append((key, unit.terr_surf_brute))
    records = [
        CfeRecord(keys[s.unit_id], s.in_use, s.last_use_end, s.occupied_since, s.evidence)
        for s in CfeStatus.objects.filter(unit__zone__in=zones)
    ]
    result = all_zones({str(pk): rows for pk, rows in by_zone.items()}, records, year)
    out = {}
    for pk, vacancy in result.items():
        for status in vacancy.units:
            object.__setattr__(status, "unit_id", status.unit_id.split(":", 1)[1])
        vacancy.zone_id = pk
        out[int(pk)] = vacancy
    return out
