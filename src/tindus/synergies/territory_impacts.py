"""The impact of implemented synergies, computed by :mod:`.compute.impact` with the territory's own copy of the
emission factors (seeded from the shipped table on first use, then editable by the team)."""

from __future__ import annotations

from django.db import transaction

from tindus.territories.models import Territory

from .compute import impact as core
from .models import EmissionFactor, Opportunity, Status


def factor_rows(territory: Territory) -> list[EmissionFactor]:
    """The territory's emission factors, created from the shipped table the first time."""
    rows = list(territory.emission_factors.all())
    if rows:
        return rows
    with transaction.atomic():
        EmissionFactor.objects.bulk_create(
            [EmissionFactor(territory=territory, key=f.key, kind=f.kind, label=f.label_fr, value=f.value, unit=f.unit,
                            source=f.source, vintage=f.vintage, notes=f.notes)
             for f in core.default_factors().values()],
            ignore_conflicts=True,
        )  # fmt: skip
    return list(territory.emission_factors.all())


def _factors(rows: list[EmissionFactor]) -> dict[str, core.EmissionFactor]:
    return {r.key: core.EmissionFactor(r.key, r.kind, r.label, r.value, r.unit, r.source, r.vintage, r.notes)
            for r in rows}  # fmt: skip


def flow_of(o: Opportunity) -> core.SynergyFlow | None:
    """What the opportunity exchanges, or None when nothing has been entered yet."""
    entered = (o.tonnes_per_year, o.energy_mwh_per_year, o.water_m3_per_year, o.other_savings_eur)
    if all(value is None for value in entered):
        return None
    return core.SynergyFlow(
        tonnes_per_year=o.tonnes_per_year or 0.0, disposal_route=o.disposal_route, virgin_material=o.virgin_material,
        distance_km=o.distance_km, reprocessing=o.reprocessing, energy_mwh_per_year=o.energy_mwh_per_year or 0.0,
        water_m3_per_year=o.water_m3_per_year or 0.0, disposal_cost_eur_per_t=o.disposal_cost_eur_per_t,
        virgin_price_eur_per_t=o.virgin_price_eur_per_t, transport_cost_eur_per_tkm=o.transport_cost_eur_per_tkm,
        reprocessing_cost_eur_per_t=o.reprocessing_cost_eur_per_t, other_savings_eur=o.other_savings_eur,
    )  # fmt: skip


def impact_of(o: Opportunity, rows: list[EmissionFactor]) -> core.Impact | None:
    flow = flow_of(o)
    return None if flow is None else core.compute(flow, _factors(rows))


def implemented_impacts(territory: Territory) -> tuple[list[tuple[Opportunity, core.Impact]], core.Impact | None]:
    """Each implemented synergy with its impact, and the territory's total (None when there is none)."""
    rows = factor_rows(territory)
    found = []
    for o in territory.synergy_opportunities.filter(status=Status.IMPLEMENTED).order_by("pk"):
        result = impact_of(o, rows)
        if result is not None:
            found.append((o, result))
    return found, (core.roll_up(i for _o, i in found) if found else None)
