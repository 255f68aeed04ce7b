"""Django-side glue of the warehouse: where it lives, its reference data, and the generator's inputs."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from tindus.referentials.models import Commune, NafAggregate, NafItem, Outline

from .reference import LATEST_COG, sync_reference
from .store import Warehouse
from .synth import CommuneInput, NafInput


def warehouse_path() -> Path:
    return Path(settings.WAREHOUSE_PATH)


def get_warehouse() -> Warehouse:
    return Warehouse(warehouse_path(), memory_limit=settings.WAREHOUSE_MEMORY_LIMIT)


def prepared_warehouse() -> Warehouse:
    """The warehouse with its reference tables synchronised with the app's reference data."""
    warehouse = get_warehouse()
    sync_reference(warehouse)
    return warehouse


def synth_inputs(departements: list[str] | None) -> tuple[list[CommuneInput], list[NafInput]]:
    """Communes (all of France, or of some départements) and NAF sous-classes for the generator."""
    communes = Commune.objects.filter(vintage=LATEST_COG, kind=Commune.Kind.CURRENT).select_related(
        "departement", "region", "epci"
    )
    if departements:
        communes = communes.filter(departement__code__in=departements)
    outlines = {
        o.code: o
        for o in Outline.objects.filter(layer=Outline.Layer.COMMUNE).only("code", "west", "south", "east", "north")
    }
    commune_inputs = []
    for c in communes:
        o = outlines.get(c.code)
        commune_inputs.append(
            CommuneInput(
                code=c.code,
                name=c.name,
                departement=c.departement.code,
                departement_name=c.departement.name,
                region=c.region.code,
                region_name=c.region.name,
                epci=c.epci.siren if c.epci else "",
                epci_name=c.epci.name if c.epci else "",
                population=c.population or 0,
                postcode=(c.postcodes.split("|")[0] if c.postcodes else ""),
                lon=(o.west + o.east) / 2 if o else None,
                lat=(o.south + o.north) / 2 if o else None,
                extent=(o.east - o.west) / 2 if o else None,
            )
        )
    labels = {(a.level, a.code): a.label for a in NafAggregate.objects.all()}
    items = {(i.level, i.code): i for i in NafItem.objects.all()}
    naf_inputs = []
    for (level, code), item in sorted(items.items()):
        if level != NafItem.Level.SUBCLASS:
            continue
        division = items[("groupe", items[("classe", item.parent_code)].parent_code)].parent_code
        section = items[("division", division)].parent_code
        naf_inputs.append(
            NafInput(
                naf=code,
                ape=item.ape_code,
                label=item.label,
                section=section,
                a17=item.a17,
                a17_label=labels[("A17", item.a17)],
                a38=item.a38,
                a38_label=labels[("A38", item.a38)],
                a88=item.a88,
                a88_label=labels[("A88", item.a88)],
            )
        )
    return commune_inputs, naf_inputs
