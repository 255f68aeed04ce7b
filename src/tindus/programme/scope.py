"""Which territories the programme's steering follows, and the région each belongs to.

The programme follows the official territories of the current wave, and any other territory whose
workspace is in use (it has members, a plan or projects): a wave-1 territory that kept working with Tindus, a custom
perimeter. A territory belongs to the région holding most of its population (a few straddle two).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from tindus.plan.models import Project
from tindus.referentials.models import Region
from tindus.territories.models import Territory

CURRENT_WAVE = Territory.Wave.WAVE_2


@dataclass(frozen=True)
class Followed:
    territory: Territory
    region_id: int | None  # None: a territory without communes (the page says so)
    label: str  # the name, with its wave when another followed territory has the same name
    in_use: bool = True  # it has members, a plan or projects: an official territory may not use Tindus yet


def followed_territories(region: Region | None = None) -> list[Followed]:
    """The territories the steering follows, in the région ``region`` (or all of France), by name."""
    territories = Territory.objects.annotate(
        members=Count("memberships", distinct=True),
        plans=Count("plan", distinct=True),
        projects_held=Exists(Project.objects.filter(territory=OuterRef("pk"))),
    ).filter(
        Q(kind=Territory.Kind.OFFICIAL, wave=CURRENT_WAVE)
        | Q(members__gt=0)
        | Q(plan__isnull=False)
        | Q(projects_held=True)
    )
    territories = list(territories.order_by("name"))
    regions = main_regions([t.pk for t in territories])
    names = Counter(t.name for t in territories)
    followed = [
        Followed(t, regions.get(t.pk), _label(t, names), bool(t.members or t.plans or t.projects_held))
        for t in territories
    ]
    if region is not None:
        followed = [f for f in followed if f.region_id == region.pk]
    return followed


def main_regions(territory_ids: list[int]) -> dict[int, int]:
    """Territory id → id of the région holding most of its population (then most of its communes)."""
    through = Territory.communes.through
    rows = (
        through.objects.filter(territory_id__in=territory_ids, commune__region__isnull=False)
        .values("territory_id", "commune__region_id")
        .annotate(people=Sum("commune__population"), communes=Count("commune_id"))
    )
    best: dict[int, tuple[int, int, int]] = {}
    for row in rows:
        weight = (row["people"] or 0, row["communes"])
        current = best.get(row["territory_id"])
        if current is None or weight > current[:2]:
            best[row["territory_id"]] = (*weight, row["commune__region_id"])
    return {territory_id: value[2] for territory_id, value in best.items()}


def _label(territory: Territory, names: Counter) -> str:
    if names[territory.name] > 1 and territory.wave:
        return _("%(name)s (wave %(wave)s)") % {"name": territory.name, "wave": territory.wave}
    return territory.name
