"""Write the official Territoires d'industrie lists, parsed by the reference loader, in its transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from tindus.referentials.models import Commune

from .models import Groupement, Territory

OFFICIAL_COG_VINTAGE = 2023


def save_official_territories(wave: int, territories: dict[str, dict[str, Any]]) -> int:
    """Upsert the official territories of one wave with their groupements and communes.

    Official perimeters are replaced as a whole; territories that left the list are removed
    unless a team works on them (they are then kept, so no workspace is ever lost).
    """
    commune_ids = dict(
        Commune.objects.filter(vintage=OFFICIAL_COG_VINTAGE, kind=Commune.Kind.CURRENT).values_list("code", "id")
    )
    populations = dict(
        Commune.objects.filter(vintage=OFFICIAL_COG_VINTAGE, kind=Commune.Kind.CURRENT).values_list(
            "code", "population"
        )
    )
    existing = {t.official_id: t for t in Territory.objects.filter(kind=Territory.Kind.OFFICIAL, wave=wave)}
    to_create = []
    for official_id, data in territories.items():
        territory = existing.get(official_id)
        if territory is None:
            to_create.append(
                Territory(
                    kind=Territory.Kind.OFFICIAL,
                    wave=wave,
                    official_id=official_id,
                    name=data["name"],
                    slug=Territory.official_slug(wave, official_id),
                    cog_vintage=OFFICIAL_COG_VINTAGE,
                )
            )
        elif territory.name != data["name"]:
            territory.name = data["name"]
            territory.save(update_fields=["name"])
    Territory.objects.bulk_create(to_create, batch_size=500)
    ids = dict(Territory.objects.filter(kind=Territory.Kind.OFFICIAL, wave=wave).values_list("official_id", "id"))
    gone = [ids[oid] for oid in ids if oid not in territories]
    Territory.objects.filter(pk__in=gone, memberships__isnull=True).delete()

    wave_ids = [ids[oid] for oid in territories]
    Groupement.objects.filter(territory_id__in=wave_ids).delete()
    through = Territory.communes.through
    through.objects.filter(territory_id__in=wave_ids).delete()
    groupements, links = [], []
    for official_id, data in territories.items():
        territory_id = ids[official_id]
        per_groupement: dict[str, list[str]] = {}
        for row in data["communes"]:
            per_groupement.setdefault(row["siren"], []).append(row["commune"])
            links.append(through(territory_id=territory_id, commune_id=commune_ids[row["commune"]]))
        for siren, g in data["groupements"].items():
            members = per_groupement.get(siren, [])
            groupements.append(
                Groupement(
                    territory_id=territory_id,
                    siren=siren,
                    nature=g["nature"],
                    name=g["name"],
                    commune_count=len(members),
                    population=sum(populations[c] or 0 for c in members),
                )
            )
    Groupement.objects.bulk_create(groupements, batch_size=1000)
    through.objects.bulk_create(links, batch_size=2000)
    totals = {
        row["territory_id"]: row
        for row in Groupement.objects.filter(territory_id__in=wave_ids)
        .values("territory_id")
        .annotate(population=Sum("population"), communes=Sum("commune_count"))
    }
    updated = []
    for territory in Territory.objects.filter(pk__in=wave_ids):
        total = totals.get(territory.pk, {"population": 0, "communes": 0})
        territory.population, territory.commune_count = total["population"], total["communes"]
        updated.append(territory)
    Territory.objects.bulk_update(updated, ["population", "commune_count"], batch_size=500)
    return len(territories)


def write_official_territories(sender, parsed, counts: dict[str, int], say, **kwargs) -> None:
    """Receiver of ``referentials.loading.references_written``: both waves' official territories."""
    say(_("writing Territoires d'industrie"))
    for wave, territories in parsed.territories.items():
        counts[f"territories_wave{wave}"] = save_official_territories(wave, territories)
