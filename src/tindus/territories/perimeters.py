"""Create and edit custom territories from EPCI and communes of the latest COG vintage."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from tindus.referentials.models import Commune, Epci

from .models import Groupement, Territory

CUSTOM_COG_VINTAGE = 2026


@dataclass(frozen=True)
class PerimeterChoice:
    """Validated members of a custom perimeter."""

    epcis: list[Epci]
    communes: list[Commune]


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "territoire"
    slug, n = base, 2
    while Territory.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_custom_territory(
    name: str, perimeter: PerimeterChoice, territory: Territory | None = None, description: str = ""
) -> Territory:
    """Create (or redefine) a custom territory as the union of whole EPCI and single communes."""
    if territory is None:
        territory = Territory.objects.create(
            name=name,
            slug=_unique_slug(name),
            kind=Territory.Kind.CUSTOM,
            cog_vintage=CUSTOM_COG_VINTAGE,
            description=description,
        )
    else:
        territory.name, territory.description = name, description
        territory.save(update_fields=["name", "description"])
        territory.groupements.all().delete()
        territory.communes.clear()
    members: dict[int, Commune] = {}
    for epci in perimeter.epcis:
        epci_communes = list(epci.communes.filter(kind=Commune.Kind.CURRENT))
        members.update((c.pk, c) for c in epci_communes)
        Groupement.objects.create(
            territory=territory,
            siren=epci.siren,
            nature=Groupement.Nature.EPCI,
            name=epci.name,
            commune_count=len(epci_communes),
            population=sum(c.population or 0 for c in epci_communes),
        )
    for commune in perimeter.communes:
        if commune.pk in members:
            continue
        members[commune.pk] = commune
        Groupement.objects.create(
            territory=territory,
            siren=commune.siren or commune.code,
            nature=Groupement.Nature.COMMUNE,
            name=commune.name,
            commune_count=1,
            population=commune.population or 0,
        )
    territory.communes.set(members.values())
    territory.refresh_totals()
    return territory
