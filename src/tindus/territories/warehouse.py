"""What the territories give the warehouse: each territory's communes, copied into its
``ref_territory_commune`` table at every reference sync (the diagnostic's zone queries join to it)."""

from __future__ import annotations

from .models import Territory


def territory_commune_rows() -> list[tuple]:
    """(address, wave, official id, commune code) for every commune of every territory."""
    through = Territory.communes.through
    territories = {t.pk: t for t in Territory.objects.all()}
    rows = []
    for territory_id, code in through.objects.values_list("territory_id", "commune__code"):
        t = territories[territory_id]
        rows.append((t.slug, t.wave, t.official_id, code))
    return rows


def commune_codes(territory: Territory) -> list[str]:
    """The territory's commune codes, as the warehouse's queries take them."""
    return list(territory.communes.values_list("code", flat=True))
