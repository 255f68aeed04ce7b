"""The two demo territories: the Territoires d'industrie of the seed pages, with their presentation."""

from __future__ import annotations

from django.db.models import Q

from .models import Territory

DEMO_TERRITORIES = {
    (1, "ti-2704"): (
        "Le Territoire d'industrie Haut-Doubs Horloger regroupe cinq communautés de communes : Val de Morteau, "
        "Plateau du Russey, Pays de Maîche, Portes du Haut-Doubs et Loue-Lison. Fortement industrialisé, il fait "
        "face à une perte d'emplois industriels et à un déficit d'attractivité. L'étude stratégique menée par "
        "l'AUDAB s'appuie sur une large concertation des chefs d'entreprise et de leurs salariés."
    ),
    (1, "ti-2701"): (
        "Un territoire d'industrie rural, avec quatre secteurs dominants : la métallurgie avec la Métal'Valley, "
        "la sylviculture avec l'écopôle Bois, l'industrie agroalimentaire et les métiers du cuir. Il réunit les "
        "communautés de communes du Montbardois, du Pays d'Alésia et de la Seine, des Terres d'Auxois et de Saulieu."
    ),
}


def mark_demo_territories() -> list[Territory]:
    """Mark the seed territories as demo workspaces, with their presentation unless the team wrote one.

    Raises ``LookupError`` when the official lists are not loaded yet.
    """
    territories = []
    for (wave, official_id), description in DEMO_TERRITORIES.items():
        territory = Territory.objects.filter(kind=Territory.Kind.OFFICIAL, wave=wave, official_id=official_id).first()
        if territory is None:
            raise LookupError(f"{wave}/{official_id}")
        territory.is_demo = True
        territory.description = territory.description or description
        territory.save(update_fields=["is_demo", "description"])
        territories.append(territory)
    return territories


def demo_territories() -> list[Territory]:
    """The seed territories (in the territories' usual order), whether marked as demo yet or not."""
    seeds = Q()
    for wave, official_id in DEMO_TERRITORIES:
        seeds |= Q(wave=wave, official_id=official_id)
    return list(Territory.objects.filter(seeds, kind=Territory.Kind.OFFICIAL))
