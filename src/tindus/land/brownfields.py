"""Brownfields imported from a Cartofriches export (CNIG « Friches »), cleaned by
:func:`tindus.land.compute.friches.read_cartofriches`, saved all or nothing and linked to the zone their point
lies in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

import shapely
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from shapely.geometry import shape

from tindus.territories.models import Territory

from .compute import DATA
from .compute.friches import EXPORT, Fix, read_cartofriches
from .compute.lambert93 import to_lambert93
from .compute.problems import LandDataError, Problem, gettext_noop
from .compute.schema import SCHEMA_FILES, format_value, load_schema
from .models import Brownfield, BrownfieldImport, Zone

PROMOTED = ("site_nom", "site_type", "site_statut", "comm_insee", "comm_nom", "sol_pollution_existe",
            "proprio_nom", "proprio_type")  # fmt: skip
SURFACES = ("unite_fonciere_surface", "bati_surface")
SHIPPED_NAME = "cartofriches_friches_standard_test.csv"


def territory_departements(territory: Territory) -> list[str]:
    return sorted(set(territory.communes.exclude(departement=None).values_list("departement__code", flat=True)))


def zone_locator(zones: Iterable[Zone]):
    """A function (longitude, latitude) → the zone whose perimeter holds the point (outline included)."""
    shapes = [(zone, shape(zone.geometry)) for zone in zones]
    for _zone, geometry in shapes:
        shapely.prepare(geometry)

    def locate(lon: float, lat: float) -> Zone | None:
        x, y = to_lambert93(lon, lat)
        point = shapely.Point(float(x), float(y))
        return next((zone for zone, geometry in shapes if geometry.intersects(point)), None)

    return locate


def fix_dict(fix: Fix) -> dict[str, Any]:
    return {"line": fix.line, "field": fix.field, "before": fix.before, "after": fix.after, "site_id": fix.site_id}


def describe_fix(fix: dict[str, Any]) -> str:
    """« line 4, field « comm_insee »: « 3013 » → « 03013 » » in French."""
    where = _("whole file") if not fix["line"] else _("line %(line)d") % {"line": fix["line"]}
    return _("%(where)s, field « %(field)s »: « %(before)s » → « %(after)s »") % {
        "where": where, "field": fix["field"], "before": fix["before"], "after": fix["after"],
    }  # fmt: skip


@lru_cache(maxsize=1)
def standard_fields() -> list[tuple[str, str]]:
    """(name, title) of each field of the Friches standard, in its order (titles in French, the standard's)."""
    raw = json.loads((DATA / SCHEMA_FILES["friches"]).read_text(encoding="utf-8"))
    return [(f["name"], f.get("title") or f["name"]) for f in raw["fields"]]


def describe_fix_html(fix: dict[str, Any]) -> SafeString:
    """The same for a page: the field by its title in the Friches standard, its name as code."""
    where = _("whole file") if not fix["line"] else _("line %(line)d") % {"line": fix["line"]}
    title = dict(standard_fields()).get(fix["field"]) or fix["field"]
    return format_html(
        _("{where}, field « {title} » ({name}): « {before} » → « {after} »"),
        where=where, title=title, name=format_html("<code>{}</code>", fix["field"]), before=fix["before"],
        after=fix["after"],
    )  # fmt: skip


@transaction.atomic
def import_cartofriches(
    territory: Territory,
    content: bytes,
    filename: str,
    user: Any = None,
    departements: Collection[str] | None = None,
) -> BrownfieldImport:
    """Import the brownfields of a Cartofriches export: those of the territory's communes, or of whole
    ``departements`` when given. Existing brownfields (same ``site_id``) are updated. Raises
    :class:`LandDataError` (nothing saved) when the selection breaks the Friches schema or is empty."""
    by_commune = departements is None
    wanted = set(territory_departements(territory) if by_commune else departements)
    read = read_cartofriches(content, departements=wanted)
    communes = set(territory.communes.values_list("code", flat=True))
    sites = [b for b in read.brownfields if not by_commune or b.record.get("comm_insee") in communes]
    if not sites:
        raise LandDataError(
            [Problem("friches", gettext_noop("no brownfield of this territory in the file"), params={})]
        )
    kept = {b.site_id for b in sites}
    schema = load_schema("friches")
    record = BrownfieldImport.objects.create(
        territory=territory, source=filename[:200], sha256=hashlib.sha256(content).hexdigest(),
        departements=sorted(wanted), sites=len(sites),
        fixes=[fix_dict(f) for f in read.fixes if not f.site_id or f.site_id in kept],
        notes=[n.describe(_) for n in read.notes if n.feature in kept], imported_by=user,
    )  # fmt: skip
    locate = zone_locator(territory.land_zones.all())
    existing = {b.site_id: b for b in territory.brownfields.all()}
    for site in sites:
        text = {f.name: format_value(f, site.record.get(f.name)) for f in schema.fields}
        row = existing.get(site.site_id) or Brownfield(territory=territory, site_id=site.site_id)
        for name in PROMOTED:
            setattr(row, name, text[name][: Brownfield._meta.get_field(name).max_length])
        for name in SURFACES:
            setattr(row, name, site.record.get(name))
        row.longitude, row.latitude = site.point.x, site.point.y
        row.record, row.source_import, row.synthetic = text, record, False
        row.zone = locate(row.longitude, row.latitude)
        row.save()
    return record


def load_shipped_cartofriches(territory: Territory) -> BrownfieldImport:
    """The real Cartofriches export shipped with Tindus, restricted to the territory's départements (the
    whole national file is refused: see docs/land.md)."""
    import gzip

    content = gzip.decompress(EXPORT.read_bytes())
    return import_cartofriches(territory, content, SHIPPED_NAME, departements=territory_departements(territory))


def relocate(territory: Territory) -> int:
    """Link every brownfield of the territory to the zone its point lies in again (after zones changed);
    how many links changed."""
    locate = zone_locator(territory.land_zones.all())
    changed = 0
    for row in territory.brownfields.all():
        zone = locate(row.longitude, row.latitude)
        if zone != row.zone:
            row.zone = zone
            row.save(update_fields=["zone", "updated_at"])
            changed += 1
    return changed
