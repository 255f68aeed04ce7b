"""Django-side glue of the warehouse: where it lives, its reference data, and the generator's inputs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from tindus.referentials.models import Commune, NafAggregate, NafItem, Outline

from .reference import LATEST_COG, sync_reference
from .store import Warehouse
from .synth import CommuneInput, NafInput
from .versions import Holder


def warehouse_path() -> Path:
    return Path(settings.WAREHOUSE_PATH)


def get_warehouse() -> Warehouse:
    """The app's warehouse, with the version settings of ``settings.py`` (docs/warehouse.md)."""
    return Warehouse(
        warehouse_path(),
        memory_limit=settings.WAREHOUSE_MEMORY_LIMIT,
        keep=settings.WAREHOUSE_KEEP_VERSIONS,
        grace=settings.WAREHOUSE_GRACE_SECONDS,
        lock_wait=settings.WAREHOUSE_LOCK_WAIT,
    )


def writer_description(holder: Holder | None) -> str:
    """Who writes the warehouse, for a message: « Un autre import écrit l'entrepôt (processus 4242 sur
    web-1, depuis 14:02) »."""
    if holder is None:
        return _("Another import is writing the warehouse")
    return _("Another import is writing the warehouse (process %(pid)d on %(host)s, since %(since)s)") % {
        "pid": holder.pid,
        "host": holder.host,
        "since": date_format(localtime(datetime.fromtimestamp(holder.since, tz=UTC)), "TIME_FORMAT"),
    }


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
